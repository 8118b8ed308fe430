package workbook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The JSON shapes of exercises.json; content/README.md documents them.
type (
	fileJSON struct {
		Version   *int              `json:"version"`
		ID        string            `json:"id"`
		Phases    []phaseJSON       `json:"phases"`
		Exercises []json.RawMessage `json:"exercises"`
	}
	phaseJSON struct {
		Title string `json:"title"`
		Days  int    `json:"days"`
	}
	exerciseJSON struct {
		ID      string            `json:"id"`
		Title   string            `json:"title"`
		Section string            `json:"section"`
		Phase   int               `json:"phase"`
		Kind    string            `json:"kind"`
		Role    string            `json:"role"`
		Prompt  string            `json:"prompt"`
		Step    string            `json:"step"`
		Fields  []json.RawMessage `json:"fields"`
	}
	fieldJSON struct {
		ID          string       `json:"id"`
		Label       string       `json:"label"`
		Help        string       `json:"help"`
		Kind        string       `json:"kind"`
		Role        string       `json:"role"`
		Short       string       `json:"short"`
		Required    bool         `json:"required"`
		RequiredIf  *requiredIf  `json:"required_if"`
		Max         int          `json:"max"`
		OneSentence bool         `json:"one_sentence"`
		Options     []optionJSON `json:"options"`
		RefersTo    string       `json:"refers_to"`
	}
	optionJSON struct {
		Value string `json:"value"`
		Label string `json:"label"`
		Short string `json:"short"`
	}
	requiredIf struct {
		Field string `json:"field"`
		Value string `json:"value"`
	}
)

// SupportedVersion is the only version of exercises.json this code reads.
const SupportedVersion = 1

// maxIDLen bounds exercise and field ids, which are stored.
const maxIDLen = 64

// maxProgramDays bounds a program's length: a year.
const maxProgramDays = 366

// parsed is what exercises.json gives besides the exercises.
type parsed struct {
	id        string
	program   Program
	exercises []Exercise
}

// parseExercises decodes and validates exercises.json against the guide's
// sections. It reports every problem it finds, each at its line.
func parseExercises(src []byte, sections []Section) (parsed, error) {
	var file fileJSON
	if err := decodeStrict(src, &file); err != nil {
		return parsed{}, topProblem(src, err)
	}
	var fs []found
	at := func(path, format string, args ...any) {
		fs = append(fs, found{path, fmt.Sprintf(format, args...)})
	}
	switch {
	case file.Version == nil:
		at("", "missing version (want %d)", SupportedVersion)
	case *file.Version != SupportedVersion:
		at("version", "unsupported version %d (want %d)", *file.Version, SupportedVersion)
	}
	if msg := checkID(file.ID); msg != "" {
		at("id", "the workbook's %s", msg)
	}
	text := func(path, s string) {
		if r := controlIn(s); r >= 0 {
			at(path, "a control character (%U) in %q: text is shown as written, so it may hold none but tabs", r, SanitizeLine(s))
		}
	}
	prog := Program{}
	if len(file.Phases) == 0 {
		at("", "no phases (want at least one, as {\"title\": ..., \"days\": ...})")
	}
	for i, ph := range file.Phases {
		path := fmt.Sprintf("phases[%d]", i)
		title := strings.TrimSpace(ph.Title)
		text(path+".title", ph.Title)
		if title == "" {
			at(path, "phase %d: missing title", i+1)
		}
		if ph.Days < 1 {
			at(path, "phase %d: %d days (want 1 or more)", i+1, ph.Days)
		}
		prog.Phases = append(prog.Phases, PhaseSpec{Title: title, Days: ph.Days})
	}
	if d := prog.Days(); d > maxProgramDays {
		at("phases", "the phases add up to %d days (at most %d)", d, maxProgramDays)
	}
	if len(file.Exercises) == 0 {
		at("", "no exercises")
	}
	if len(fs) > 0 {
		return parsed{}, problemsAt(src, fs)
	}

	sectionIDs := make(map[string]bool, len(sections))
	for _, s := range sections {
		sectionIDs[s.ID] = true
	}

	exercises := make([]Exercise, 0, len(file.Exercises))
	seen := map[string]int{} // exercise id -> 1-based position
	for i, raw := range file.Exercises {
		path := fmt.Sprintf("exercises[%d]", i)
		ex, exFound := decodeExercise(raw, path, i+1, sections, sectionIDs, len(prog.Phases))
		if len(exFound) > 0 {
			fs = append(fs, exFound...)
			continue
		}
		if ex.ID != "" {
			if prev, dup := seen[ex.ID]; dup {
				at(path+".id", "exercise %q: duplicate id (also exercise #%d)", ex.ID, prev)
				continue
			}
			seen[ex.ID] = i + 1
		}
		exercises = append(exercises, ex)
	}
	if len(fs) > 0 {
		return parsed{}, problemsAt(src, fs)
	}

	// refers_to needs every exercise decoded.
	byID := make(map[string]*Exercise, len(exercises))
	for i := range exercises {
		byID[exercises[i].ID] = &exercises[i]
	}
	for i, ex := range exercises {
		for j, f := range ex.Fields {
			if f.RefersTo == "" {
				continue
			}
			path := fmt.Sprintf("exercises[%d].fields[%d].refers_to", i, j)
			where := fmt.Sprintf("exercise %q: field %q", ex.ID, f.ID)
			target, ok := byID[f.RefersTo]
			switch {
			case f.RefersTo == ex.ID:
				at(path, "%s: refers_to its own exercise %q", where, f.RefersTo)
			case !ok:
				at(path, "%s: refers_to unknown exercise %q", where, f.RefersTo)
			case !hasList(*target):
				at(path, "%s: refers_to exercise %q, which has no list field", where, f.RefersTo)
			}
		}
	}
	fs = append(fs, checkRoles(exercises)...)
	if len(fs) > 0 {
		return parsed{}, problemsAt(src, fs)
	}

	// Defaults come after validation, so that "max" 0 means "the limit".
	for i := range exercises {
		for j := range exercises[i].Fields {
			f := &exercises[i].Fields[j]
			if f.Max == 0 {
				f.Max = MaxRunes(f.Kind)
			}
		}
	}
	return parsed{id: file.ID, program: prog, exercises: exercises}, nil
}

// topProblem is a problem of decoding the whole of exercises.json, at its
// line: a syntax error, a value of the wrong type, an unknown key.
func topProblem(src []byte, err error) error {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
	)
	p := Problem{File: ExercisesFile, Msg: jsonProblem(err)}
	var off int64 = -1
	switch {
	case errors.As(err, &syntax):
		off = syntax.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	default:
		if key, ok := unknownKey(err); ok {
			return problemsAt(src, []found{{key, p.Msg}})
		}
	}
	p.Line, p.Col = lineCol(src, off)
	return &LoadError{Problems: []Problem{p}}
}

// unknownKey is the key of an unknown-key error of the decoder.
func unknownKey(err error) (string, bool) {
	name, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	k, qerr := strconv.Unquote(name)
	return k, qerr == nil
}

func hasList(ex Exercise) bool {
	for _, f := range ex.Fields {
		if f.Kind == FieldList {
			return true
		}
	}
	return false
}

// decodeExercise decodes and checks the n-th (1-based) exercise, at path,
// on its own, so that problems, even JSON ones, name it.
func decodeExercise(raw json.RawMessage, path string, n int, sections []Section, sectionIDs map[string]bool, phases int) (Exercise, []found) {
	where := nameOf(raw, "exercise", n)
	var fs []found
	problem := reporter(&fs, path, where)
	var ej exerciseJSON
	if err := decodeStrict(raw, &ej); err != nil {
		problem(jsonKey(err), "%s", jsonProblem(err))
		return Exercise{}, fs
	}
	ex := Exercise{
		ID:      ej.ID,
		Title:   strings.TrimSpace(ej.Title),
		Section: ej.Section,
		Phase:   ej.Phase,
		Kind:    ExerciseKind(ej.Kind),
		Role:    Role(ej.Role),
		Prompt:  strings.TrimSpace(ej.Prompt),
		Step:    strings.TrimSpace(ej.Step),
	}

	if msg := checkID(ej.ID); msg != "" {
		problem("id", "%s", msg)
	}
	for key, s := range map[string]string{"title": ej.Title, "prompt": ej.Prompt, "step": ej.Step} {
		if r := controlIn(s); r >= 0 {
			problem(key, "a control character (%U) in its %s: text is shown as written, so it may hold none but tabs", r, key)
		}
	}
	if ex.Title == "" {
		problem("title", "missing title")
	}
	switch {
	case ej.Section == "":
		problem("", "missing section")
	case !sectionIDs[ej.Section]:
		fs = append(fs, found{path + ".section", fmt.Sprintf("%s refers to section %q which %s does not have%s",
			where, ej.Section, GuideFile, sectionHint(ej.Section, sections))})
	}
	switch ex.Kind {
	case KindRun, KindOnce, KindRecurring, KindClosing, KindLog, KindDaily:
	case "":
		problem("", "missing kind (want run, once, recurring, closing, log or daily)")
	default:
		problem("kind", "unknown kind %q (want run, once, recurring, closing, log or daily)", ej.Kind)
	}
	switch {
	case ej.Phase < 0 || ej.Phase > phases:
		problem("phase", "phase %d out of range (the program has phases 1 to %d; 0 for none)", ej.Phase, phases)
	case (ex.Kind == KindOnce || ex.Kind == KindRecurring) && ej.Phase == 0:
		problem("phase", "phase 0 for a %s exercise (want 1 to %d)", ex.Kind, phases)
	case (ex.Kind == KindRun || ex.Kind == KindClosing) && ej.Phase != 0:
		problem("phase", "phase %d for a %s exercise (want 0)", ej.Phase, ex.Kind)
	}
	if ej.Step != "" && ex.Step == "" {
		problem("step", "blank step")
	}
	if ex.Step != "" && ex.Kind != KindRun && ex.Kind != KindClosing && ex.Kind != "" {
		problem("step", "step on a %s exercise (run and closing only)", ex.Kind)
	}
	if len(ej.Fields) == 0 {
		problem("", "no fields")
	}

	seen := map[string]int{}
	for j, rawField := range ej.Fields {
		fpath := fmt.Sprintf("%s.fields[%d]", path, j)
		f, fieldFound := decodeField(rawField, fpath, where, j+1)
		if len(fieldFound) > 0 {
			fs = append(fs, fieldFound...)
			continue
		}
		if f.ID != "" {
			if prev, dup := seen[f.ID]; dup {
				problem(fmt.Sprintf("fields[%d].id", j), "field %q: duplicate id (also field #%d)", f.ID, prev)
				continue
			}
			seen[f.ID] = j + 1
		}
		ex.Fields = append(ex.Fields, f)
	}
	for j, f := range ex.Fields {
		c := f.RequiredIf
		if c.IsZero() {
			continue
		}
		key := fmt.Sprintf("fields[%d].required_if", j)
		target, ok := ex.Field(c.Field)
		switch {
		case c.Field == f.ID:
			problem(key, "field %q: required_if its own value", f.ID)
		case !ok:
			problem(key, "field %q: required_if unknown field %q", f.ID, c.Field)
		case target.Kind != FieldChoice:
			problem(key, "field %q: required_if field %q, which is not a choice", f.ID, c.Field)
		case !slices.ContainsFunc(target.Options, func(o Option) bool { return o.Value == c.Value }):
			problem(key, "field %q: required_if field %q is %q, which is not one of its options", f.ID, c.Field, c.Value)
		}
	}
	if len(fs) > 0 {
		return Exercise{}, fs
	}
	return ex, nil
}

// nameOf names the n-th (1-based) exercise or field in problems: by its id
// when it has one, read leniently, else by its position (`exercise
// "scope"`, `field #2`).
func nameOf(raw json.RawMessage, what string, n int) string {
	var peek struct {
		ID any `json:"id"`
	}
	_ = json.Unmarshal(raw, &peek)
	if id, ok := peek.ID.(string); ok && id != "" {
		return fmt.Sprintf("%s %q", what, id)
	}
	return fmt.Sprintf("%s #%d", what, n)
}

// reporter returns a function that adds to fs a problem of the object
// at path (of its key, when not ""), its message after where.
func reporter(fs *[]found, path, where string) func(key, format string, args ...any) {
	return func(key, format string, args ...any) {
		p := path
		if key != "" {
			p += "." + key
		}
		*fs = append(*fs, found{p, where + ": " + fmt.Sprintf(format, args...)})
	}
}

// sectionHint suggests the id of a section whose title or id the unknown
// section names: ` (did you mean "build-autonomy-in-30-days"?)`.
func sectionHint(name string, sections []Section) string {
	slug := Slug(name)
	if slug == "" {
		return ""
	}
	for _, s := range sections {
		if s.ID == slug || strings.HasPrefix(s.ID, slug+"-") {
			return fmt.Sprintf(" (did you mean %q?)", s.ID)
		}
	}
	return ""
}

// decodeField decodes and checks the n-th (1-based) field of an exercise,
// at path.
func decodeField(raw json.RawMessage, path, exWhere string, n int) (Field, []found) {
	where := exWhere + ": " + nameOf(raw, "field", n)
	var fs []found
	problem := reporter(&fs, path, where)
	var fj fieldJSON
	if err := decodeStrict(raw, &fj); err != nil {
		problem(jsonKey(err), "%s", jsonProblem(err))
		return Field{}, fs
	}
	f := Field{
		ID:          fj.ID,
		Label:       strings.TrimSpace(fj.Label),
		Help:        strings.TrimSpace(fj.Help),
		Kind:        FieldKind(fj.Kind),
		Role:        FieldRole(fj.Role),
		Short:       strings.TrimSpace(fj.Short),
		Required:    fj.Required,
		Max:         fj.Max,
		OneSentence: fj.OneSentence,
		RefersTo:    fj.RefersTo,
	}

	if msg := checkID(fj.ID); msg != "" {
		problem("id", "%s", msg)
	}
	strs := map[string]string{"label": fj.Label, "help": fj.Help, "short": fj.Short}
	for k, o := range fj.Options {
		for key, s := range map[string]string{"value": o.Value, "label": o.Label, "short": o.Short} {
			strs[fmt.Sprintf("options[%d].%s", k, key)] = s
		}
	}
	for key, s := range strs {
		if r := controlIn(s); r >= 0 {
			problem(key, "a control character (%U) in its %s: text is shown as written, so it may hold none but tabs", r, key)
		}
	}
	if f.Label == "" {
		problem("label", "missing label")
	}
	limit := MaxRunes(f.Kind)
	switch {
	case fj.Kind == "":
		problem("", "missing kind (want text, textarea, number, date, choice or list)")
	case limit == 0:
		problem("kind", "unknown kind %q (want text, textarea, number, date, choice or list)", fj.Kind)
	case f.Max < 0:
		problem("max", "negative max %d", f.Max)
	case f.Max > limit:
		problem("max", "max %d above the %s limit %d", f.Max, f.Kind, limit)
	}
	if f.OneSentence && f.Kind != FieldText && limit != 0 {
		problem("one_sentence", "one_sentence on a %s field (text only)", f.Kind)
	}
	if f.RefersTo != "" && f.Kind != FieldList && limit != 0 {
		problem("refers_to", "refers_to on a %s field (list only)", f.Kind)
	}
	if fj.Short != "" && f.Short == "" {
		problem("short", "blank short")
	}
	if r := fj.RequiredIf; r != nil {
		f.RequiredIf = Condition{Field: r.Field, Value: r.Value}
		switch {
		case r.Field == "" || r.Value == "":
			problem("required_if", "required_if needs a field and a value")
		case f.Required:
			problem("required_if", "both required and required_if")
		}
	}

	if f.Kind == FieldChoice {
		if len(fj.Options) == 0 {
			problem("", "choice without options")
		}
		values := map[string]bool{}
		for k, o := range fj.Options {
			key := fmt.Sprintf("options[%d]", k)
			value, label := strings.TrimSpace(o.Value), strings.TrimSpace(o.Label)
			switch {
			case value == "":
				problem(key, "option #%d: missing value", k+1)
			case value != o.Value:
				problem(key, "option %q: value with surrounding spaces", o.Value)
			case values[value]:
				problem(key, "duplicate option value %q", value)
			}
			values[value] = true
			if label == "" {
				problem(key, "option #%d: missing label", k+1)
			}
			short := strings.TrimSpace(o.Short)
			if o.Short != "" && short == "" {
				problem(key, "option %q: blank short", o.Value)
			}
			f.Options = append(f.Options, Option{Value: value, Label: label, Short: short})
		}
	} else if fj.Options != nil && limit != 0 {
		problem("options", "options on a %s field (choice only)", f.Kind)
	}

	if len(fs) > 0 {
		return Field{}, fs
	}
	return f, nil
}

// checkID returns what is wrong with an exercise or field id, or "".
func checkID(id string) string {
	if id == "" {
		return "missing id"
	}
	if len(id) > maxIDLen {
		return fmt.Sprintf("id longer than %d bytes", maxIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		letter := c >= 'a' && c <= 'z'
		if i == 0 && !letter {
			return fmt.Sprintf("invalid id %q (start with a lower-case letter)", id)
		}
		if !letter && !(c >= '0' && c <= '9') && c != '-' && c != '_' {
			return fmt.Sprintf("invalid id %q (use a-z, 0-9, - and _)", id)
		}
	}
	return ""
}

// decodeStrict decodes exactly one JSON value into v, refusing unknown keys
// and anything after the value.
func decodeStrict(src []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if err == io.EOF {
			return errors.New("empty document")
		}
		if err == io.ErrUnexpectedEOF {
			return errors.New("unexpected end of JSON input")
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// jsonProblem turns a decoding error into a message.
func jsonProblem(err error) string {
	var typ *json.UnmarshalTypeError
	msg := err.Error()
	switch {
	case errors.As(err, &typ):
		want := "another type"
		if typ.Type != nil {
			want = jsonType(typ.Type.Kind().String())
		}
		msg = fmt.Sprintf("got a JSON %s, want %s", typ.Value, want)
		if typ.Field != "" {
			msg = fmt.Sprintf("key %q: %s", typ.Field, msg)
		}
	default:
		if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
			msg = "unknown key " + name
		}
	}
	return strings.TrimPrefix(msg, "json: ")
}

// jsonKey is the key a decoding error is about ("" when none): the key of
// a value of the wrong type, or an unknown key.
func jsonKey(err error) string {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return typ.Field
	}
	k, _ := unknownKey(err)
	return k
}

// jsonType names a Go kind the way a JSON author would.
func jsonType(kind string) string {
	switch kind {
	case "int", "int64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return kind
}

// Action is what a menu offers for the exercise: a new entry of one that
// recurs ("New report", "New stability check-in"), a value of a daily one
// ("Log metric value"), else its title.
func (ex Exercise) Action() string {
	title := strings.ToLower(ex.Title)
	switch ex.Kind {
	case KindRecurring, KindLog:
		return "New " + title
	case KindDaily:
		return "Log " + title // no article: a title may be plural ("open questions today")
	}
	return ex.Title
}
