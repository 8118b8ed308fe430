package upstream

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"charm.land/glamour/v2"
)

// sgr matches the escapes glamour and chroma write: colours and styles.
var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

var update = flag.Bool("update", false, "rewrite testdata/*.golden with what the real chroma gives")

// TestCodeBlocksGolden keeps in testdata/*.golden what glamour renders with
// the real chroma, one Go-quoted line per line of output; tui's
// TestCodeBlockStillRenders renders the same files with the stand-in and
// wants the same: byte for byte for testdata/codeblocks.md, whose blocks
// chroma does not colour, and the same text and layout for
// testdata/highlighted.md, which it colours (the stand-in does not).
func TestCodeBlocksGolden(t *testing.T) {
	for _, doc := range []string{"codeblocks", "highlighted"} {
		md, err := os.ReadFile("testdata/" + doc + ".md")
		if err != nil {
			t.Fatal(err)
		}
		for _, style := range []string{"dark", "light", "notty"} {
			r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(60))
			if err != nil {
				t.Fatal(err)
			}
			out, err := r.Render(string(md))
			if err != nil {
				t.Fatal(err)
			}
			if doc == "highlighted" {
				// Colours tied between two palette entries are drawn at
				// random by chroma: only the text is stable.
				out = sgr.ReplaceAllString(out, "")
			}
			var b strings.Builder
			for line := range strings.SplitSeq(out, "\n") {
				fmt.Fprintf(&b, "%s\n", strconv.Quote(line))
			}
			golden := fmt.Sprintf("testdata/%s.%s.golden", doc, style)
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != string(want) {
				t.Errorf("%s differs from what glamour and the real chroma render now; after an upgrade, go test -update rewrites it:\n%s", golden, b.String())
			}
		}
	}
}
