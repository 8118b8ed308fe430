package tui

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Glamour's code highlighter is replaced by a stand-in (third_party/chroma).
// A code block must still get glamour's own code-block style: what glamour
// renders with the real chroma is kept in third_party/upstream/testdata
// (that module checks it against the real one). A block chroma would not
// colour comes out byte for byte the same (margins, indent, the style's
// code colour, no background); a block it colours comes out with the same
// text and layout, in the code colour only.
func TestCodeBlockStillRenders(t *testing.T) {
	const dir = "../third_party/upstream/testdata/"
	for _, tc := range []struct {
		doc   string
		exact bool
	}{{"codeblocks", true}, {"highlighted", false}} {
		md, err := os.ReadFile(dir + tc.doc + ".md")
		if err != nil {
			t.Fatal(err)
		}
		for _, style := range []string{"dark", "light", "notty"} {
			golden := dir + tc.doc + "." + style + ".golden"
			want := readGolden(t, golden)
			lines, err := renderMarkdown(string(md), 60, style)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(lines, "\n")
			if !tc.exact {
				got = ansi.Strip(got)
			}
			if got != want {
				t.Errorf("%s with the stand-in differs from %s:\n%s", tc.doc, golden, strconv.Quote(got))
			}
		}
	}
}

// readGolden reads a rendering kept one Go-quoted line per line, as
// renderMarkdown returns it.
func readGolden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, q := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		l, err := strconv.Unquote(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		lines = append(lines, l)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
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
