package workbook

import (
	"os"
	"strings"
	"testing"
)

// TestRolesDocumented: content/README.md names every role, and its option
// values, the loader knows.
func TestRolesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../content/README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for r, spec := range exerciseRoles {
		if !strings.Contains(text, "| `"+string(r)+"`") && !strings.Contains(text, ", `"+string(r)+"` |") {
			t.Errorf("content/README.md does not document the exercise role %q", r)
		}
		if spec.kind != "" && !strings.Contains(text, "`"+string(spec.kind)+"`") {
			t.Errorf("content/README.md lacks the kind %q", spec.kind)
		}
	}
	for r, spec := range fieldRoles {
		if !strings.Contains(text, "`"+string(r)+"`") {
			t.Errorf("content/README.md does not document the field role %q", r)
		}
		for _, v := range spec.options {
			if !strings.Contains(text, "`"+v+"`") {
				t.Errorf("content/README.md does not name the option %q of role %q", v, r)
			}
		}
	}
}
