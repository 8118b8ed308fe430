package tui

import (
	"regexp"
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// emptySpan is a style set and reset with nothing between: work for the
// renderer on every frame, nothing on screen.
var emptySpan = regexp.MustCompile(`\x1b\[[0-9;:]*m\x1b\[0?m`)

// TestRenderedLinesKeepGlamoursCells checks that the reader's lines draw
// exactly the cells glamour drew, but its padding, in every section, style
// and a few widths, and carry no escape that draws nothing.
func TestRenderedLinesKeepGlamoursCells(t *testing.T) {
	wb := loadWorkbook(t)
	for _, style := range []string{styles.DarkStyle, styles.LightStyle, styles.NoTTYStyle} {
		for _, width := range []int{10, 39, 55, 100} {
			for _, sec := range wb.Sections {
				raw, err := renderMarkdown(sec.Markdown, width, style)
				if err != nil {
					t.Fatal(err)
				}
				r, err := renderSection(sec, width, style)
				if err != nil {
					t.Fatal(err)
				}
				if len(r.lines) != len(raw) {
					t.Fatalf("%s at %d: %d lines, glamour drew %d", sec.ID, width, len(r.lines), len(raw))
				}
				for i, line := range r.lines {
					if emptySpan.MatchString(line) {
						t.Fatalf("%s at %d, line %d has an empty styled span: %q", sec.ID, width, i, line)
					}
					want, got := cells(raw[i]), cells(line)
					if len(got) > len(want) {
						t.Fatalf("%s at %d, line %d: %d cells, glamour drew %d", sec.ID, width, i, len(got), len(want))
					}
					for x := range want {
						switch {
						case x < len(got) && !got[x].Equal(&want[x]):
							t.Fatalf("%s at %d, line %d, cell %d: %+v, glamour drew %+v\n%q\n%q", sec.ID, width, i, x, got[x], want[x], line, raw[i])
						case x >= len(got) && strings.TrimSpace(want[x].Content) != "":
							t.Fatalf("%s at %d, line %d lost %q at cell %d", sec.ID, width, i, want[x].Content, x)
						}
					}
				}
			}
		}
	}
}

// cells reads a styled line into cells, as Bubble Tea's renderer does.
func cells(s string) uv.Line {
	lines := uv.NewStyledString(s).Lines(ansi.GraphemeWidth)
	if len(lines) == 0 {
		return nil
	}
	return lines[0]
}
