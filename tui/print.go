package tui

import (
	"fmt"
	"io"
	"strings"

	"autonomy/workbook"

	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
)

// Styles for PrintGuide.
const (
	PrintStylePlain = styles.NoTTYStyle
	PrintStyleDark  = styles.DarkStyle
	PrintStyleLight = styles.LightStyle
)

// PrintGuide writes the guide (or some sections) for `autonomy read`. With
// PrintStylePlain the output holds no escape codes, for pipes and files.
func PrintGuide(w io.Writer, title string, sections []workbook.Section, width int, style string) error {
	var b strings.Builder
	if title != "" {
		fmt.Fprintf(&b, "# %s\n\n", title)
	}
	for _, s := range sections {
		b.WriteString(s.Markdown)
		b.WriteString("\n\n")
	}
	r, err := renderMarkdown(b.String(), width, style)
	if err != nil {
		return err
	}
	for _, l := range r {
		if style == PrintStylePlain {
			l = ansi.Strip(l)
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(l, " ")); err != nil {
			return err
		}
	}
	return nil
}
