package exchange

import (
	"fmt"
	"testing"

	"charm.land/glamour/v2"
)

func TestScratch(t *testing.T) {
	md := "# Autonomy report — Run 1\n\nStarted 2026\\-03\\-02\\.\n\n## Scope\n\nline one\\.\\\nline two \\[a\\]\\(http\\:\\/\\/x\\) \\&\\#27\\;\\[31m \\<b\\>bold\\<\\/b\\>\\\n\\# not heading \\`code\\` \\*x\\* \\| www\\.example\\.com a\\@b\\.co \\:smile\\:\n\nhttp\\:\\/\\/example\\.com www.example.com http://y.com\n\n- item \\(blocker\\: x\\)\n- two\\\n  second line\n\n**What changed:** text\n\n**What failed:**\\\nline1\\\nline2\n"
	for _, style := range []string{"notty", "dark"} {
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(80))
		if err != nil {
			t.Fatal(err)
		}
		out, err := r.Render(md)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%s:\n%q\n%s\n", style, out, out)
	}
}
