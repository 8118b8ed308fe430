package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckTheExample: autonomy check says what the example holds.
func TestCheckTheExample(t *testing.T) {
	out, err := run(t, nil, "check", designDoc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"examples/design-doc: “Writing a design doc” (id design-doc)",
		"Program: 14 days in 2 phases: 1 Draft (days 1-7), 2 Review (days 8-14)",
		"6 sections:", "  3  The problem first  (the-problem-first)",
		"7 exercises:", "open-questions     Open questions (once, phase 1, role outcome-metric; 5 fields) in section 5",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check lacks %q:\n%s", want, out)
		}
	}
	out, err = run(t, map[string]string{"AUTONOMY_WORKBOOK": ""}, "check")
	if err != nil || !strings.Contains(out, "the built-in guide: “Leadership, Work, and Autonomy") || !strings.Contains(out, "Program: 30 days in 3 phases") {
		t.Errorf("check of the built-in guide: %v\n%s", err, out)
	}
}

// TestCheckBrokenWorkbooks: five copies of the example, each broken one
// way, and the error of autonomy check names the file, the line and the
// rule broken.
func TestCheckBrokenWorkbooks(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join(designDoc, "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	exercises, err := os.ReadFile(filepath.Join(designDoc, "exercises.json"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		file       string // the file broken
		old, new   string // the change
		at         string // the text of the line the error names, after the change
		col        int    // the column it names, for a JSON syntax error
		wantInLine string // the rule broken
	}{
		{"a section by its title", "exercises.json", `"section": "the-problem-first"`, `"section": "The problem"`, `"section": "The problem"`, 0,
			`exercise "problem" refers to section "The problem" which guide.md does not have (did you mean "the-problem-first"?)`},
		{"a phase the program lacks", "exercises.json", `"phase": 2,`, `"phase": 3,`, `"phase": 3,`, 0,
			`exercise "review": phase 3 out of range (the program has phases 1 to 2; 0 for none)`},
		{"a phase of no days", "exercises.json", `{"title": "Review", "days": 7}`, `{"title": "Review", "days": 0}`, `{"title": "Review", "days": 0}`, 0,
			`phase 2: 0 days (want 1 or more)`},
		{"a trailing comma", "exercises.json", `{"id": "note", "label": "Note", "help": "Optional: what closed or opened one.", "kind": "text", "role": "note"}`,
			`{"id": "note", "label": "Note", "help": "Optional: what closed or opened one.", "kind": "text", "role": "note"},`, `"role": "note"},`, 0,
			`invalid character ']' looking for beginning of value`},
		{"text before the first section", "guide.md", "# Writing a design doc\n", "# Writing a design doc\n\nAn introduction.\n", "An introduction.", 0,
			`text before the first "## " section`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			g, e := string(guide), string(exercises)
			src := &e
			if c.file == "guide.md" {
				src = &g
			}
			if strings.Count(*src, c.old) != 1 {
				t.Fatalf("%q is not once in %s", c.old, c.file)
			}
			*src = strings.Replace(*src, c.old, c.new, 1)
			os.WriteFile(filepath.Join(dir, "guide.md"), []byte(g), 0o600)
			os.WriteFile(filepath.Join(dir, "exercises.json"), []byte(e), 0o600)
			line := 0
			for i, l := range strings.Split(*src, "\n") {
				if strings.Contains(l, c.at) {
					line = i + 1
					if c.name == "a trailing comma" {
						line++ // the "]" after it
					}
					break
				}
			}
			out, err := run(t, nil, "check", dir)
			if err == nil {
				t.Fatalf("no error; printed:\n%s", out)
			}
			if strings.Contains(out, "“") {
				t.Errorf("a broken workbook was described:\n%s", out)
			}
			at := fmt.Sprintf("%s:%d:", filepath.Join(dir, c.file), line)
			if !strings.Contains(err.Error(), at) || !strings.Contains(err.Error(), c.wantInLine) {
				t.Errorf("error:\n%v\nwant a line starting %s and saying %s", err, at, c.wantInLine)
			}
		})
	}
}
