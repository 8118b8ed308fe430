package workbook_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"autonomy/content"
	"autonomy/workbook"
)

var wantSections = []struct{ id, title string }{
	{"the-real-question-in-this-section", "The real question in this section"},
	{"a-practical-model-three-autonomy-levels", "A practical model: three autonomy levels"},
	{"build-autonomy-in-30-days", "Build autonomy in 30 days"},
	{"leadership-and-workplace-reality", "Leadership and workplace reality"},
	{"common-failure-modes", "Common failure modes"},
	{"safety-boundary", "Safety boundary"},
	{"closing-move", "Closing move"},
	{"safety-note-for-leadership-work-and-autonomy-growing-in-the-real-world", "Safety note for Leadership, Work, and Autonomy: Growing in the Real World"},
}

var wantExercises = []string{
	"challenge", "scope", "blockers", "noise", "constraint", "decision",
	"metric", "report", "improvement", "feedback-peer", "feedback-manager",
	"self-assessment", "metric-log", "checkin", "reflection",
}

func load(t testing.TB) *workbook.Workbook {
	t.Helper()
	w, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatalf("Load(content.FS): %v", err)
	}
	return w
}

func readContent(t testing.TB, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(content.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEmbeddedContentLoads(t *testing.T) {
	w := load(t)
	if w.Title != "Leadership, Work, and Autonomy: Growing in the Real World" {
		t.Errorf("Title = %q", w.Title)
	}
	if len(w.Sections) != len(wantSections) {
		t.Fatalf("%d sections, want %d", len(w.Sections), len(wantSections))
	}
	for i, want := range wantSections {
		s := w.Sections[i]
		if s.ID != want.id || s.Title != want.title || s.Number != i+1 {
			t.Errorf("section %d = %q %q #%d, want %q %q", i, s.ID, s.Title, s.Number, want.id, want.title)
		}
		if !strings.HasPrefix(s.Markdown, "## "+s.Title+"\n") {
			t.Errorf("section %q: Markdown does not start with its heading: %.40q", s.ID, s.Markdown)
		}
		if len(s.Blocks) < 2 || s.Blocks[0].Kind != workbook.BlockHeading || s.Blocks[0].Text != s.Title {
			t.Errorf("section %q: first block is not its heading", s.ID)
		}
	}

	// Subsections are heading blocks of their section.
	subs := map[string][]string{
		"a-practical-model-three-autonomy-levels": {"Level 1: Procedural autonomy", "Level 2: Decision autonomy", "Level 3: Strategic autonomy"},
		"build-autonomy-in-30-days":               {"Days 1-10: Clarity baseline", "Days 11-20: Responsibility loop", "Days 21-30: Influence trial"},
	}
	for _, s := range w.Sections {
		var got []string
		for _, b := range s.Blocks[1:] {
			if b.Kind == workbook.BlockHeading {
				got = append(got, b.Text)
			}
		}
		if !reflect.DeepEqual(got, subs[s.ID]) {
			t.Errorf("section %q: subsections %q, want %q", s.ID, got, subs[s.ID])
		}
	}

	// The sections' Markdown is the whole guide, title aside.
	var md strings.Builder
	md.WriteString("# " + w.Title + "\n")
	for _, s := range w.Sections {
		md.WriteString("\n" + s.Markdown)
	}
	if got, want := md.String(), string(readContent(t, "guide.md")); got != want {
		t.Errorf("title and sections' Markdown do not rebuild guide.md")
	}

	var ids []string
	seen := map[string]bool{}
	for _, ex := range w.Exercises {
		ids = append(ids, ex.ID)
		if seen[ex.ID] {
			t.Errorf("duplicate exercise id %q", ex.ID)
		}
		seen[ex.ID] = true
		if _, ok := w.Section(ex.Section); !ok {
			t.Errorf("exercise %q: unknown section %q", ex.ID, ex.Section)
		}
		fields := map[string]bool{}
		for _, f := range ex.Fields {
			if fields[f.ID] {
				t.Errorf("exercise %q: duplicate field %q", ex.ID, f.ID)
			}
			fields[f.ID] = true
			if f.Max != workbook.MaxRunes(f.Kind) {
				t.Errorf("exercise %q field %q: Max %d, want the %s default %d", ex.ID, f.ID, f.Max, f.Kind, workbook.MaxRunes(f.Kind))
			}
			if f.Label == "" {
				t.Errorf("exercise %q field %q: no label", ex.ID, f.ID)
			}
		}
	}
	if !reflect.DeepEqual(ids, wantExercises) {
		t.Errorf("exercises %q, want %q", ids, wantExercises)
	}

	noise, _ := w.Exercise("noise")
	if f, ok := noise.Field("items"); !ok || f.Kind != workbook.FieldList || f.RefersTo != "blockers" {
		t.Errorf("noise items = %+v", f)
	}
	scope, _ := w.Exercise("scope")
	if f, _ := scope.Field("scope"); !f.OneSentence || !f.Required || f.Kind != workbook.FieldText {
		t.Errorf("scope field = %+v", f)
	}
	closing, _ := w.Exercise("self-assessment")
	if closing.Kind != workbook.KindClosing || closing.Section != "a-practical-model-three-autonomy-levels" {
		t.Errorf("self-assessment = %+v", closing)
	}
	if f, _ := closing.Field("level"); len(f.Options) != 3 || f.Options[1] != (workbook.Option{Value: "2", Label: "Level 2: Decision autonomy"}) {
		t.Errorf("self-assessment level options = %+v", f.Options)
	}
}

func TestHelpers(t *testing.T) {
	w := load(t)
	if s, ok := w.Section("closing-move"); !ok || s.Number != 7 {
		t.Errorf("Section(closing-move) = %v, %v", s.Number, ok)
	}
	if _, ok := w.Section("nope"); ok {
		t.Error("Section(nope) found")
	}
	if s, ok := w.SectionByNumber(1); !ok || s.ID != wantSections[0].id {
		t.Errorf("SectionByNumber(1) = %q, %v", s.ID, ok)
	}
	for _, n := range []int{0, -1, len(wantSections) + 1} {
		if _, ok := w.SectionByNumber(n); ok {
			t.Errorf("SectionByNumber(%d) found", n)
		}
	}
	var got []string
	for _, ex := range w.ExercisesFor("build-autonomy-in-30-days") {
		got = append(got, ex.ID)
	}
	if want := append(wantExercises[:11:11], "metric-log"); !reflect.DeepEqual(got, want) {
		t.Errorf("ExercisesFor(build...) = %q, want %q", got, want)
	}
	if got := w.ExercisesFor("safety-boundary"); len(got) != 0 {
		t.Errorf("ExercisesFor(safety-boundary) = %v", got)
	}
	if ex, ok := w.Exercise("metric"); !ok || ex.Phase != 2 || len(ex.Fields) != 6 {
		t.Errorf("Exercise(metric) = %+v, %v", ex, ok)
	}
	if _, ok := w.Exercise("nope"); ok {
		t.Error("Exercise(nope) found")
	}
	var nilWB *workbook.Workbook
	if _, ok := nilWB.FindSection("1"); ok {
		t.Error("nil workbook found a section")
	}
}

func TestFindSection(t *testing.T) {
	w := load(t)
	tests := []struct {
		query, want string // want "" for no match
	}{
		{"3", "build-autonomy-in-30-days"},
		{" 1 ", "the-real-question-in-this-section"},
		{"8", "safety-note-for-leadership-work-and-autonomy-growing-in-the-real-world"},
		{"9", ""},
		{"0", ""},
		{"safety boundary", "safety-boundary"},
		{"Safety BOUNDARY", "safety-boundary"},
		{"boundary safety", "safety-boundary"},
		{"closing", "closing-move"},
		{"safety", "safety-boundary"}, // the first match
		{"safety note", "safety-note-for-leadership-work-and-autonomy-growing-in-the-real-world"},
		{"common-failure-modes", "common-failure-modes"},
		{"30 days", "build-autonomy-in-30-days"},
		{"safety closing", ""},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		s, ok := w.FindSection(tt.query)
		if ok != (tt.want != "") || s.ID != tt.want {
			t.Errorf("FindSection(%q) = %q, %v; want %q", tt.query, s.ID, ok, tt.want)
		}
	}
}

// words lower-cases s and splits it on white space, dropping list markers.
func words(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimPrefix(line, "- ")
		out = append(out, strings.Fields(strings.ToLower(line))...)
	}
	return out
}

func containsSeq(hay, needle []string) bool {
	if len(needle) == 0 {
		return true
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		if reflect.DeepEqual(hay[i:i+len(needle)], needle) {
			return true
		}
	}
	return false
}

func blockWords(w *workbook.Workbook) []string {
	var all []string
	for _, s := range w.Sections {
		for _, b := range s.Blocks {
			all = append(all, words(b.Text)...)
		}
	}
	return all
}

// checkSentences reports every line of the original text that is not, word
// for word, in the workbook's blocks, and every block that is not in the
// original text.
func checkSentences(w *workbook.Workbook, original string) []string {
	var missing []string
	all := blockWords(w)
	for _, line := range strings.Split(original, "\n") {
		if lw := words(line); !containsSeq(all, lw) {
			missing = append(missing, "dropped or altered: "+line)
		}
	}
	orig := words(original)
	for _, s := range w.Sections {
		for _, b := range s.Blocks {
			if !containsSeq(orig, words(b.Text)) {
				missing = append(missing, "not in the original: "+b.Text)
			}
		}
	}
	return missing
}

func TestGuideKeepsEverySentence(t *testing.T) {
	original, err := os.ReadFile("../content/testdata/guide.txt")
	if err != nil {
		t.Fatal(err)
	}
	w := load(t)
	for _, m := range checkSentences(w, string(original)) {
		t.Error(m)
	}

	// The check itself catches a dropped sentence, a changed word and a
	// dropped comma.
	guide := string(readContent(t, "guide.md"))
	exercises := readContent(t, "exercises.json")
	for _, edit := range []struct{ old, new string }{
		{" Consistency matters more than intensity.", ""},
		{"not legal advice", "not legal counsel"},
		{"- freedom over priorities,", "- freedom over priorities"},
		{"- visible contribution,\n", ""},
	} {
		if !strings.Contains(guide, edit.old) {
			t.Fatalf("guide.md has no %q", edit.old)
		}
		broken, err := workbook.Parse([]byte(strings.Replace(guide, edit.old, edit.new, 1)), exercises)
		if err != nil {
			t.Fatal(err)
		}
		if len(checkSentences(broken, string(original))) == 0 {
			t.Errorf("replacing %q with %q went unnoticed", edit.old, edit.new)
		}
	}
}

func TestGuideHasNoInlineMarkdown(t *testing.T) {
	guide := string(readContent(t, "guide.md"))
	for i, line := range strings.Split(guide, "\n") {
		if strings.ContainsAny(line, "*_`[<\\") {
			t.Errorf("guide.md line %d: inline Markdown character in %q", i+1, line)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	fsys := fstest.MapFS{"guide.md": {Data: readContent(t, "guide.md")}}
	if _, err := workbook.Load(fsys); err == nil || !strings.Contains(err.Error(), "exercises.json") {
		t.Errorf("Load without exercises.json: %v", err)
	}
	if _, err := workbook.Load(fstest.MapFS{}); err == nil || !strings.Contains(err.Error(), "guide.md") {
		t.Errorf("Load of nothing: %v", err)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"A practical model: three autonomy levels":                                  "a-practical-model-three-autonomy-levels",
		"Safety note for Leadership, Work, and Autonomy: Growing in the Real World": "safety-note-for-leadership-work-and-autonomy-growing-in-the-real-world",
		"  --Days 1-10:  Clarity!! ":                                                "days-1-10-clarity",
		"Écoute active":                                                             "écoute-active",
		"!!!":                                                                       "",
	} {
		if got := workbook.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseGuideErrors(t *testing.T) {
	exercises := []byte(`{"version": 1, "id": "t", "phases": [{"title": "P", "days": 1}], "exercises": [{"id": "a", "title": "A", "section": "one", "phase": 1, "kind": "once",
		"fields": [{"id": "x", "label": "X", "kind": "text"}]}]}`)
	tests := []struct {
		name, guide, want string
	}{
		{"empty", "", "no \"# \" title"},
		{"no title", "## One\n\nText.\n", "1: the guide must start with a \"# \" title"},
		{"empty title", "#\n\n## One\n\nText.\n", "1: empty title"},
		{"no sections", "# T\n", "no \"## \" sections"},
		{"text before sections", "# T\n\nIntro.\n\n## One\n\nText.\n", "3: text before the first"},
		{"second title", "# T\n\n## One\n\nText.\n\n# U\n", "7: a second \"# \" title"},
		{"duplicate section", "# T\n\n## One\n\nText.\n\n## one!\n\nMore.\n", "7: duplicate section id \"one\" (also line 3)"},
		{"empty section", "# T\n\n## One\n\nText.\n\n## Two\n\n### Sub\n\n## Three\n\nX.\n", "7: section \"two\" has no text"},
		{"empty last section", "# T\n\n## One\n\n", "3: section \"one\" has no text"},
		{"empty heading", "# T\n\n##\n\nText.\n", "3: empty heading"},
		{"no letters", "# T\n\n## ???\n\nText.\n", "3: heading \"???\" has no letters or digits"},
		{"empty item", "# T\n\n## One\n\n-\n", "5: empty list item"},
		{"an escape sequence", "# T\n\n## One\n\nText \x1b]8;;http://x\x07link.\n", "5: a control character (U+001B)"},
		{"an unclosed code block", "# T\n\n## One\n\nText.\n\n```sh\nmake\n## Two\n", "7: a code block (```) that is never closed"},
		{"a code block before the sections", "# T\n\n```\nx\n```\n\n## One\n\nText.\n", "3: text before the first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := workbook.Parse([]byte(tt.guide), exercises)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			want := "guide.md: " + tt.want
			if tt.want[0] >= '0' && tt.want[0] <= '9' {
				want = "guide.md:" + tt.want
			}
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q, want %q", err, want)
			}
		})
	}
}

func TestParseGuideShapes(t *testing.T) {
	exercises := []byte(`{"version": 1, "id": "t", "phases": [{"title": "P", "days": 1}], "exercises": [{"id": "a", "title": "A", "section": "one", "phase": 1, "kind": "once",
		"fields": [{"id": "x", "label": "X", "kind": "text"}]}]}`)
	guide := "# T\r\n\r\n## One\r\nFirst line\r\nsecond line.\r\n- item one\r\n  continued\r\n* item two\r\n\r\n#### Deep\r\nLast."
	w, err := workbook.Parse([]byte(guide), exercises)
	if err != nil {
		t.Fatal(err)
	}
	want := []workbook.Block{
		{Kind: workbook.BlockHeading, Text: "One"},
		{Kind: workbook.BlockParagraph, Text: "First line second line."},
		{Kind: workbook.BlockListItem, Text: "item one continued"},
		{Kind: workbook.BlockListItem, Text: "item two"},
		{Kind: workbook.BlockHeading, Text: "Deep"},
		{Kind: workbook.BlockParagraph, Text: "Last."},
	}
	if got := w.Sections[0].Blocks; !reflect.DeepEqual(got, want) {
		t.Errorf("blocks = %+v\nwant %+v", got, want)
	}
}

// A fenced code block is one block, its lines as written: a "#", "##" or
// "- " in it is code, not a title, a section or an item (a guide given
// with --workbook may hold code).
func TestParseGuideCodeBlocks(t *testing.T) {
	exercises := []byte(`{"version": 1, "id": "t", "phases": [{"title": "P", "days": 1}], "exercises": [{"id": "a", "title": "A", "section": "one", "phase": 1, "kind": "once",
		"fields": [{"id": "x", "label": "X", "kind": "text"}]}]}`)
	guide := "# T\n\n## One\n\nInstall it:\n\n```sh\n# install it\nmake deps\n\n## not a section\n- not an item\n```\n\n~~~~\n```\nstill code\n~~~~\n\nAfter.\n"
	w, err := workbook.Parse([]byte(guide), exercises)
	if err != nil {
		t.Fatal(err)
	}
	want := []workbook.Block{
		{Kind: workbook.BlockHeading, Text: "One"},
		{Kind: workbook.BlockParagraph, Text: "Install it:"},
		{Kind: workbook.BlockCode, Text: "# install it\nmake deps\n\n## not a section\n- not an item"},
		{Kind: workbook.BlockCode, Text: "```\nstill code"},
		{Kind: workbook.BlockParagraph, Text: "After."},
	}
	if len(w.Sections) != 1 {
		t.Fatalf("%d sections, want 1", len(w.Sections))
	}
	if got := w.Sections[0].Blocks; !reflect.DeepEqual(got, want) {
		t.Errorf("blocks = %+v\nwant %+v", got, want)
	}
	if md := w.Sections[0].Markdown; !strings.Contains(md, "```sh\n# install it\n") {
		t.Errorf("the section's Markdown lost its fence:\n%s", md)
	}
}

// mutate applies change to the decoded embedded exercises.json and returns
// it encoded again.
func mutate(t *testing.T, change func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(readContent(t, "exercises.json"), &doc); err != nil {
		t.Fatal(err)
	}
	change(doc)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func exercise(doc map[string]any, id string) map[string]any {
	for _, e := range doc["exercises"].([]any) {
		if m := e.(map[string]any); m["id"] == id {
			return m
		}
	}
	panic("no exercise " + id)
}

func field(doc map[string]any, exID, id string) map[string]any {
	for _, f := range exercise(doc, exID)["fields"].([]any) {
		if m := f.(map[string]any); m["id"] == id {
			return m
		}
	}
	panic("no field " + exID + "." + id)
}

func TestParseExercisesErrors(t *testing.T) {
	guide := readContent(t, "guide.md")
	type doc = map[string]any
	tests := []struct {
		name   string
		raw    string // used instead of a mutation when set
		change func(d doc)
		want   string // the problem, after "exercises.json:LINE: " (or the line and column, after "exercises.json:")
	}{
		{name: "invalid JSON", raw: "{\n  \"version\": 1,\n  \"exercises\": [\n}", want: "4:1: invalid character '}'"},
		{name: "truncated JSON", raw: `{"version": 1, "exercises": [`, want: "unexpected end of JSON input"},
		{name: "empty file", raw: "", want: "empty document"},
		{name: "trailing data", raw: `{"version": 1, "exercises": []} {}`, want: "unexpected data after the JSON value"},
		{name: "not an object", raw: `[1]`, want: "1:1: got a JSON array, want an object"},
		{name: "unsupported version", change: func(d doc) { d["version"] = 2 }, want: "unsupported version 2 (want 1)"},
		{name: "missing version", change: func(d doc) { delete(d, "version") }, want: "missing version"},
		{name: "no exercises", change: func(d doc) { d["exercises"] = []any{} }, want: "no exercises"},
		{name: "unknown top-level key", change: func(d doc) { d["exercize"] = 1 }, want: `unknown key "exercize"`},
		{name: "missing exercise id", change: func(d doc) { delete(exercise(d, "scope"), "id") }, want: "exercise #2: missing id"},
		{name: "invalid exercise id", change: func(d doc) { exercise(d, "scope")["id"] = "Scope 1" }, want: `exercise "Scope 1": invalid id "Scope 1"`},
		{name: "duplicate exercise id", change: func(d doc) { exercise(d, "noise")["id"] = "blockers" }, want: `exercise "blockers": duplicate id (also exercise #3)`},
		{name: "missing title", change: func(d doc) { exercise(d, "scope")["title"] = "  " }, want: `exercise "scope": missing title`},
		{name: "missing section", change: func(d doc) { delete(exercise(d, "scope"), "section") }, want: `exercise "scope": missing section`},
		{name: "unknown section", change: func(d doc) { exercise(d, "scope")["section"] = "nowhere" }, want: `exercise "scope" refers to section "nowhere" which guide.md does not have`},
		{name: "an escape sequence in a title", change: func(d doc) { exercise(d, "scope")["title"] = "Scope\x1b[2J" }, want: `exercise "scope": a control character (U+001B) in its title`},
		{name: "a bell in an option's label", change: func(d doc) {
			field(d, "constraint", "reasonable")["options"].([]any)[0].(map[string]any)["label"] = "Yes\a"
		}, want: `exercise "constraint": field "reasonable": a control character (U+0007) in its options[0].label`},
		{name: "a section by its title", change: func(d doc) { exercise(d, "scope")["section"] = "Build autonomy" }, want: `exercise "scope" refers to section "Build autonomy" which guide.md does not have (did you mean "build-autonomy-in-30-days"?)`},
		{name: "unknown exercise kind", change: func(d doc) { exercise(d, "scope")["kind"] = "sometimes" }, want: `exercise "scope": unknown kind "sometimes"`},
		{name: "missing exercise kind", change: func(d doc) { delete(exercise(d, "scope"), "kind") }, want: `exercise "scope": missing kind`},
		{name: "phase above 3", change: func(d doc) { exercise(d, "scope")["phase"] = 4 }, want: `exercise "scope": phase 4 out of range (the program has phases 1 to 3; 0 for none)`},
		{name: "negative phase", change: func(d doc) { exercise(d, "challenge")["phase"] = -1 }, want: `exercise "challenge": phase -1 out of range`},
		{name: "once without phase", change: func(d doc) { exercise(d, "scope")["phase"] = 0 }, want: `exercise "scope": phase 0 for a once exercise (want 1 to 3)`},
		{name: "recurring without phase", change: func(d doc) { delete(exercise(d, "report"), "phase") }, want: `exercise "report": phase 0 for a recurring exercise`},
		{name: "run with a phase", change: func(d doc) { exercise(d, "challenge")["phase"] = 1 }, want: `exercise "challenge": phase 1 for a run exercise (want 0)`},
		{name: "phase not a number", change: func(d doc) { exercise(d, "scope")["phase"] = "1" }, want: `exercise "scope": key "phase": got a JSON string, want a number`},
		{name: "no fields", change: func(d doc) { exercise(d, "scope")["fields"] = []any{} }, want: `exercise "scope": no fields`},
		{name: "fields missing", change: func(d doc) { delete(exercise(d, "decision"), "fields") }, want: `exercise "decision": no fields`},
		{name: "unknown exercise key", change: func(d doc) { exercise(d, "scope")["prompts"] = "x" }, want: `exercise "scope": unknown key "prompts"`},
		{name: "missing field id", change: func(d doc) { delete(field(d, "metric", "unit"), "id") }, want: `exercise "metric": field #3: missing id`},
		{name: "duplicate field id", change: func(d doc) { field(d, "metric", "unit")["id"] = "name" }, want: `exercise "metric": field "name": duplicate id (also field #1)`},
		{name: "missing label", change: func(d doc) { delete(field(d, "metric", "unit"), "label") }, want: `exercise "metric": field "unit": missing label`},
		{name: "unknown field kind", change: func(d doc) { field(d, "scope", "scope")["kind"] = "txt" }, want: `exercise "scope": field "scope": unknown kind "txt"`},
		{name: "missing field kind", change: func(d doc) { delete(field(d, "scope", "scope"), "kind") }, want: `exercise "scope": field "scope": missing kind`},
		{name: "unknown field key", change: func(d doc) { field(d, "scope", "scope")["requried"] = true }, want: `exercise "scope": field "scope": unknown key "requried"`},
		{name: "required not a bool", change: func(d doc) { field(d, "scope", "scope")["required"] = "yes" }, want: `exercise "scope": field "scope": key "required": got a JSON string, want true or false`},
		{name: "max above text limit", change: func(d doc) { field(d, "scope", "scope")["max"] = 281 }, want: `exercise "scope": field "scope": max 281 above the text limit 280`},
		{name: "max above textarea limit", change: func(d doc) { field(d, "report", "changed")["max"] = 8001 }, want: `exercise "report": field "changed": max 8001 above the textarea limit 8000`},
		{name: "max above date limit", change: func(d doc) { field(d, "challenge", "start_date")["max"] = 11 }, want: `exercise "challenge": field "start_date": max 11 above the date limit 10`},
		{name: "max above list limit", change: func(d doc) { field(d, "blockers", "items")["max"] = 300 }, want: `exercise "blockers": field "items": max 300 above the list limit 280`},
		{name: "negative max", change: func(d doc) { field(d, "scope", "scope")["max"] = -1 }, want: `exercise "scope": field "scope": negative max -1`},
		{name: "choice without options", change: func(d doc) { delete(field(d, "metric", "direction"), "options") }, want: `exercise "metric": field "direction": choice without options`},
		{name: "choice with empty options", change: func(d doc) { field(d, "metric", "direction")["options"] = []any{} }, want: `exercise "metric": field "direction": choice without options`},
		{name: "duplicate option value", change: func(d doc) {
			opts := field(d, "metric", "direction")["options"].([]any)
			opts[1].(map[string]any)["value"] = "lower"
		}, want: `exercise "metric": field "direction": duplicate option value "lower"`},
		{name: "option without value", change: func(d doc) {
			opts := field(d, "metric", "direction")["options"].([]any)
			delete(opts[1].(map[string]any), "value")
		}, want: `exercise "metric": field "direction": option #2: missing value`},
		{name: "option without label", change: func(d doc) {
			opts := field(d, "metric", "direction")["options"].([]any)
			opts[0].(map[string]any)["label"] = ""
		}, want: `exercise "metric": field "direction": option #1: missing label`},
		{name: "unknown option key", change: func(d doc) {
			opts := field(d, "metric", "direction")["options"].([]any)
			opts[0].(map[string]any)["name"] = "x"
		}, want: `exercise "metric": field "direction": unknown key "name"`},
		{name: "options on a non-choice field", change: func(d doc) {
			field(d, "metric", "unit")["options"] = []any{map[string]any{"value": "h", "label": "Hours"}}
		}, want: `exercise "metric": field "unit": options on a text field (choice only)`},
		{name: "one_sentence on a textarea", change: func(d doc) { field(d, "report", "changed")["one_sentence"] = true }, want: `exercise "report": field "changed": one_sentence on a textarea field (text only)`},
		{name: "refers_to on a non-list field", change: func(d doc) { field(d, "scope", "scope")["refers_to"] = "blockers" }, want: `exercise "scope": field "scope": refers_to on a text field (list only)`},
		{name: "refers_to an unknown exercise", change: func(d doc) { field(d, "noise", "items")["refers_to"] = "blokers" }, want: `exercise "noise": field "items": refers_to unknown exercise "blokers"`},
		{name: "refers_to an exercise without a list", change: func(d doc) { field(d, "noise", "items")["refers_to"] = "scope" }, want: `exercise "noise": field "items": refers_to exercise "scope", which has no list field`},
		{name: "refers_to itself", change: func(d doc) { field(d, "noise", "items")["refers_to"] = "noise" }, want: `exercise "noise": field "items": refers_to its own exercise "noise"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.raw)
			if tt.change != nil {
				src = mutate(t, tt.change)
			}
			w, err := workbook.Parse(guide, src)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if w != nil {
				t.Errorf("a workbook with the error")
			}
			at := regexp.MustCompile(`(?m)^exercises\.json(:[1-9][0-9]*)?: ` + regexp.QuoteMeta(tt.want))
			if tt.want[0] >= '0' && tt.want[0] <= '9' {
				at = regexp.MustCompile(`(?m)^exercises\.json:` + regexp.QuoteMeta(tt.want))
			}
			if !at.MatchString(err.Error()) {
				t.Errorf("error:\n%v\nwant a line of it to match:\n%s", err, at)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	src := mutate(t, func(d map[string]any) {
		exercise(d, "scope")["section"] = "nowhere"
		field(d, "metric", "unit")["kind"] = "txt"
	})
	_, err := workbook.Parse(readContent(t, "guide.md"), src)
	if err == nil || !strings.Contains(err.Error(), `exercise "scope"`) || !strings.Contains(err.Error(), `exercise "metric"`) {
		t.Errorf("error %v, want both problems", err)
	}
}

func TestParseOddInputs(t *testing.T) {
	guide := readContent(t, "guide.md")
	exercises := readContent(t, "exercises.json")
	odd := [][2]string{
		{"", ""},
		{"\x00\xff", "\xff"},
		{"# T\n## A\n-", `{"version":1,"exercises":[null]}`},
		{string(guide), `{"version":1,"exercises":[{"fields":[null, 1, {"options":[null]}]}]}`},
		{string(guide), `{"version":1,"exercises":[{"id":7,"fields":[{"id":[],"kind":"choice","options":[{"value":" a ","label":"x"}]}]}]}`},
		{string(guide), `{"version":1e400}`},
		{"#######\n# T\n## ##\n### x", string(exercises)},
	}
	for _, in := range odd {
		if w, err := workbook.Parse([]byte(in[0]), []byte(in[1])); err == nil {
			t.Errorf("Parse(%q, %q) = %v, want an error", in[0], in[1], w)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(readContent(f, "guide.md"), readContent(f, "exercises.json"))
	f.Add([]byte("# T\n\n## A\n\n- x\ny\n"), []byte(`{"version":1,"exercises":[{"id":"a"}]}`))
	f.Fuzz(func(t *testing.T, guide, exercises []byte) {
		w, err := workbook.Parse(guide, exercises)
		if (w == nil) == (err == nil) {
			t.Fatalf("Parse = %v, %v", w, err)
		}
		if w != nil {
			w.Search("a")
			w.FindSection("1")
		}
	})
}
