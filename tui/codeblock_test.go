package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Glamour's code highlighter is replaced by a stand-in (third_party/chroma):
// a code block must still show its code, as plain text.
func TestCodeBlockStillRenders(t *testing.T) {
	lines, err := renderMarkdown("Before.\n\n```go\nfmt.Println(\"hi\")\n```\n\nAfter.\n", 60, glamourStyle(true, false))
	if err != nil {
		t.Fatal(err)
	}
	out := ansi.Strip(strings.Join(lines, "\n"))
	for _, want := range []string{"Before.", `fmt.Println("hi")`, "After."} {
		if !strings.Contains(out, want) {
			t.Fatalf("rendered code block lacks %q:\n%s", want, out)
		}
	}
}
