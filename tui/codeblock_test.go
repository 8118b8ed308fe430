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

// Glamour's HTML sanitizer is replaced by a stand-in too
// (third_party/bluemonday): raw HTML in Markdown still shows as its text,
// with no tag and no script.
func TestRawHTMLIsStripped(t *testing.T) {
	lines, err := renderMarkdown("Before <b>bold</b> text.\n\n<div>block <i>html</i></div>\n\n<script>alert(1)</script>\n\nAfter.\n", 60, glamourStyle(true, false))
	if err != nil {
		t.Fatal(err)
	}
	out := ansi.Strip(strings.Join(lines, "\n"))
	for _, want := range []string{"Before", "bold", "After."} {
		if !strings.Contains(out, want) {
			t.Fatalf("lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"<b>", "</b>", "<div>", "<script>", "alert(1)"} {
		if strings.Contains(out, bad) {
			t.Fatalf("shows %q:\n%s", bad, out)
		}
	}
}
