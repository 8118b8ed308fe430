package workbook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The JSON shapes of exercises.json; content/README.md documents them.
type (
	fileJSON struct {
		Version   *int              `json:"version"`
		Exercises []json.RawMessage `json:"exercises"`
	}
	exerciseJSON struct {
		ID      string            `json:"id"`
		Title   string            `json:"title"`
		Section string            `json:"section"`
		Phase   int               `json:"phase"`
		Kind    string            `json:"kind"`
		Role    string            `json:"role"`
		Prompt  string            `json:"prompt"`
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

// parseExercises decodes and validates exercises.json against the guide's
// sections. It reports every problem it finds, one per line.
func parseExercises(src []byte, sections []Section) ([]Exercise, error) {
	var file fileJSON
	if err := decodeStrict(src, &file); err != nil {
		return nil, fmt.Errorf("%s: %s", ExercisesFile, jsonProblem(src, err))
	}
	if file.Version == nil {
		return nil, fmt.Errorf("%s: missing version (want %d)", ExercisesFile, SupportedVersion)
	}
	if *file.Version != SupportedVersion {
		return nil, fmt.Errorf("%s: unsupported version %d (want %d)", ExercisesFile, *file.Version, SupportedVersion)
	}
	if len(file.Exercises) == 0 {
		return nil, fmt.Errorf("%s: no exercises", ExercisesFile)
	}

	sectionIDs := make(map[string]bool, len(sections))
	for _, s := range sections {
		sectionIDs[s.ID] = true
	}

	var errs []error
	exercises := make([]Exercise, 0, len(file.Exercises))
	seen := map[string]int{} // exercise id -> 1-based position
	for i, raw := range file.Exercises {
		ex, err := decodeExercise(raw, i+1, sectionIDs)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if ex.ID != "" {
			if prev, dup := seen[ex.ID]; dup {
				errs = append(errs, fmt.Errorf("%s: exercise %q: duplicate id (also exercise #%d)", ExercisesFile, ex.ID, prev))
				continue
			}
			seen[ex.ID] = i + 1
		}
		exercises = append(exercises, ex)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	// refers_to needs every exercise decoded.
	byID := make(map[string]*Exercise, len(exercises))
	for i := range exercises {
		byID[exercises[i].ID] = &exercises[i]
	}
	for _, ex := range exercises {
		for _, f := range ex.Fields {
			if f.RefersTo == "" {
				continue
			}
			where := fmt.Sprintf("%s: exercise %q: field %q", ExercisesFile, ex.ID, f.ID)
			target, ok := byID[f.RefersTo]
			switch {
			case f.RefersTo == ex.ID:
				errs = append(errs, fmt.Errorf("%s: refers_to its own exercise %q", where, f.RefersTo))
			case !ok:
				errs = append(errs, fmt.Errorf("%s: refers_to unknown exercise %q", where, f.RefersTo))
			case !hasList(*target):
				errs = append(errs, fmt.Errorf("%s: refers_to exercise %q, which has no list field", where, f.RefersTo))
			}
		}
	}
	errs = append(errs, checkRoles(exercises)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
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
	return exercises, nil
}

func hasList(ex Exercise) bool {
	for _, f := range ex.Fields {
		if f.Kind == FieldList {
			return true
		}
	}
	return false
}

// decodeExercise decodes and checks the n-th (1-based) exercise on its own,
// so that errors, even JSON ones, name it.
func decodeExercise(raw json.RawMessage, n int, sectionIDs map[string]bool) (Exercise, error) {
	// The id first, leniently, to name the exercise in any later error.
	var peek struct {
		ID any `json:"id"`
	}
	_ = json.Unmarshal(raw, &peek)
	where := fmt.Sprintf("%s: exercise #%d", ExercisesFile, n)
	if id, ok := peek.ID.(string); ok && id != "" {
		where = fmt.Sprintf("%s: exercise %q", ExercisesFile, id)
	}

	var ej exerciseJSON
	if err := decodeStrict(raw, &ej); err != nil {
		return Exercise{}, fmt.Errorf("%s: %s", where, jsonProblem(nil, err))
	}
	ex := Exercise{
		ID:      ej.ID,
		Title:   strings.TrimSpace(ej.Title),
		Section: ej.Section,
		Phase:   ej.Phase,
		Kind:    ExerciseKind(ej.Kind),
		Role:    Role(ej.Role),
		Prompt:  strings.TrimSpace(ej.Prompt),
	}

	var errs []error
	problem := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
	}
	if msg := checkID(ej.ID); msg != "" {
		problem("%s", msg)
	}
	if ex.Title == "" {
		problem("missing title")
	}
	switch {
	case ej.Section == "":
		problem("missing section")
	case !sectionIDs[ej.Section]:
		problem("unknown section %q", ej.Section)
	}
	switch ex.Kind {
	case KindRun, KindOnce, KindRecurring, KindClosing, KindLog, KindDaily:
	case "":
		problem("missing kind (want run, once, recurring, closing, log or daily)")
	default:
		problem("unknown kind %q (want run, once, recurring, closing, log or daily)", ej.Kind)
	}
	switch {
	case ej.Phase < 0 || ej.Phase > 3:
		problem("phase %d out of range (want 0 to 3)", ej.Phase)
	case (ex.Kind == KindOnce || ex.Kind == KindRecurring) && ej.Phase == 0:
		problem("phase 0 for a %s exercise (want 1 to 3)", ex.Kind)
	case (ex.Kind == KindRun || ex.Kind == KindClosing) && ej.Phase != 0:
		problem("phase %d for a %s exercise (want 0)", ej.Phase, ex.Kind)
	}
	if len(ej.Fields) == 0 {
		problem("no fields")
	}

	seen := map[string]int{}
	for j, rawField := range ej.Fields {
		f, err := decodeField(rawField, where, j+1)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if f.ID != "" {
			if prev, dup := seen[f.ID]; dup {
				problem("field %q: duplicate id (also field #%d)", f.ID, prev)
				continue
			}
			seen[f.ID] = j + 1
		}
		ex.Fields = append(ex.Fields, f)
	}
	for _, f := range ex.Fields {
		c := f.RequiredIf
		if c.IsZero() {
			continue
		}
		target, ok := ex.Field(c.Field)
		switch {
		case c.Field == f.ID:
			problem("field %q: required_if its own value", f.ID)
		case !ok:
			problem("field %q: required_if unknown field %q", f.ID, c.Field)
		case target.Kind != FieldChoice:
			problem("field %q: required_if field %q, which is not a choice", f.ID, c.Field)
		case !slices.ContainsFunc(target.Options, func(o Option) bool { return o.Value == c.Value }):
			problem("field %q: required_if field %q is %q, which is not one of its options", f.ID, c.Field, c.Value)
		}
	}
	if len(errs) > 0 {
		return Exercise{}, errors.Join(errs...)
	}
	return ex, nil
}

// DailyDateField is the id of the day field of the metric's daily values.
//
// Deprecated: phase 2 of issue 11 replaces it with
// Exercise.FieldID(FieldRoleDay) (or DayOf).
const DailyDateField = "date"

// decodeField decodes and checks the n-th (1-based) field of an exercise.
func decodeField(raw json.RawMessage, exWhere string, n int) (Field, error) {
	var peek struct {
		ID any `json:"id"`
	}
	_ = json.Unmarshal(raw, &peek)
	where := fmt.Sprintf("%s: field #%d", exWhere, n)
	if id, ok := peek.ID.(string); ok && id != "" {
		where = fmt.Sprintf("%s: field %q", exWhere, id)
	}

	var fj fieldJSON
	if err := decodeStrict(raw, &fj); err != nil {
		return Field{}, fmt.Errorf("%s: %s", where, jsonProblem(nil, err))
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

	var errs []error
	problem := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
	}
	if msg := checkID(fj.ID); msg != "" {
		problem("%s", msg)
	}
	if f.Label == "" {
		problem("missing label")
	}
	limit := MaxRunes(f.Kind)
	switch {
	case fj.Kind == "":
		problem("missing kind (want text, textarea, number, date, choice or list)")
	case limit == 0:
		problem("unknown kind %q (want text, textarea, number, date, choice or list)", fj.Kind)
	case f.Max < 0:
		problem("negative max %d", f.Max)
	case f.Max > limit:
		problem("max %d above the %s limit %d", f.Max, f.Kind, limit)
	}
	if f.OneSentence && f.Kind != FieldText && limit != 0 {
		problem("one_sentence on a %s field (text only)", f.Kind)
	}
	if f.RefersTo != "" && f.Kind != FieldList && limit != 0 {
		problem("refers_to on a %s field (list only)", f.Kind)
	}
	if fj.Short != "" && f.Short == "" {
		problem("blank short")
	}
	if r := fj.RequiredIf; r != nil {
		f.RequiredIf = Condition{Field: r.Field, Value: r.Value}
		switch {
		case r.Field == "" || r.Value == "":
			problem("required_if needs a field and a value")
		case f.Required:
			problem("both required and required_if")
		}
	}

	if f.Kind == FieldChoice {
		if len(fj.Options) == 0 {
			problem("choice without options")
		}
		values := map[string]bool{}
		for k, o := range fj.Options {
			value, label := strings.TrimSpace(o.Value), strings.TrimSpace(o.Label)
			switch {
			case value == "":
				problem("option #%d: missing value", k+1)
			case value != o.Value:
				problem("option %q: value with surrounding spaces", o.Value)
			case values[value]:
				problem("duplicate option value %q", value)
			}
			values[value] = true
			if label == "" {
				problem("option #%d: missing label", k+1)
			}
			short := strings.TrimSpace(o.Short)
			if o.Short != "" && short == "" {
				problem("option %q: blank short", o.Value)
			}
			f.Options = append(f.Options, Option{Value: value, Label: label, Short: short})
		}
	} else if fj.Options != nil && limit != 0 {
		problem("options on a %s field (choice only)", f.Kind)
	}

	if len(errs) > 0 {
		return Field{}, errors.Join(errs...)
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

// jsonProblem turns a decoding error into a message. With the whole
// document as src, it gives the line and column of syntax and type errors.
func jsonProblem(src []byte, err error) string {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
		pos    string
	)
	msg := err.Error()
	switch {
	case errors.As(err, &syntax):
		pos = position(src, syntax.Offset)
	case errors.As(err, &typ):
		pos = position(src, typ.Offset)
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
	msg = strings.TrimPrefix(msg, "json: ")
	if pos != "" {
		return pos + ": " + msg
	}
	return msg
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

// position gives "line L, column C" for a byte offset of src, or "" when
// src is nil or the offset is outside it.
func position(src []byte, offset int64) string {
	if src == nil || offset < 0 || offset > int64(len(src)) {
		return ""
	}
	before := src[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	// The offset is just after the byte at fault.
	col := max(int(offset)-(bytes.LastIndexByte(before, '\n')+1), 1)
	return fmt.Sprintf("line %d, column %d", line, col)
}
