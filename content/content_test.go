package content_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"

	"autonomy/content"
)

// TestGuideIsTheText checks guide.md line by line against the original
// text: apart from the title and blank lines, each line is the next line of
// testdata/guide.txt, with "## " or "### " in front of headings.
func TestGuideIsTheText(t *testing.T) {
	original, err := os.ReadFile("testdata/guide.txt")
	if err != nil {
		t.Fatal(err)
	}
	guide, err := fs.ReadFile(content.FS, "guide.md")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimRight(string(original), "\n"), "\n")
	lines := strings.Split(string(guide), "\n")
	const title = "# Leadership, Work, and Autonomy: Growing in the Real World"
	if lines[0] != title {
		t.Fatalf("first line %q, want %q", lines[0], title)
	}
	i := 0
	for n, line := range lines[1:] {
		if line == "" {
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "### "), "## ")
		if i >= len(want) {
			t.Fatalf("guide.md line %d: %q is not in the text", n+2, line)
		}
		if text != want[i] {
			t.Fatalf("guide.md line %d: %q, want %q", n+2, text, want[i])
		}
		i++
	}
	if i != len(want) {
		t.Errorf("guide.md stops at line %d of the text: %q", i+1, want[i])
	}
}

func TestExercisesIsJSON(t *testing.T) {
	b, err := fs.ReadFile(content.FS, "exercises.json")
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b) {
		t.Error("exercises.json is not valid JSON")
	}
}
