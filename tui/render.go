package tui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// renderKey identifies one glamour rendering: the cache holds one per
// section, width and style, so scrolling never renders and a resize
// renders once.
type renderKey struct {
	section string
	width   int
	style   string
}

// rendered is a section laid out for the terminal.
type rendered struct {
	lines     []string // styled lines, trailing padding trimmed
	plain     []string // the same lines without escape codes
	blockLine []int    // line where each of the section's blocks starts
}

type renderedMsg struct {
	key renderKey
	r   *rendered
	err error
}

// glamourStyle picks glamour's style from the background and NO_COLOR.
func glamourStyle(isDark, noColor bool) string {
	switch {
	case noColor:
		return styles.NoTTYStyle
	case isDark:
		return styles.DarkStyle
	default:
		return styles.LightStyle
	}
}

// renderCmd renders a section off the Update path.
func renderCmd(sec workbook.Section, k renderKey) tea.Cmd {
	return func() tea.Msg {
		r, err := renderSection(sec, k.width, k.style)
		return renderedMsg{key: k, r: r, err: err}
	}
}

// renderSection lays out a section and maps each block to the line it
// starts on.
func renderSection(sec workbook.Section, width int, style string) (*rendered, error) {
	raw, err := renderMarkdown(sec.Markdown, width, style)
	if err != nil {
		return nil, err
	}
	r := &rendered{lines: make([]string, len(raw)), plain: make([]string, len(raw))}
	for i, l := range raw {
		p := strings.TrimRight(ansi.Strip(l), " ")
		// Glamour pads every line to the wrap width with one escape per
		// cell; cutting the padding keeps View cheap.
		r.lines[i] = restyle(ansi.Truncate(l, min(ansi.StringWidth(p), width), ""))
		r.plain[i] = p
	}
	r.blockLine = mapBlocks(sec.Blocks, r.plain)
	return r, nil
}

// restyle writes a styled line again with only the escapes its cells
// need. Glamour sets and resets the style around every word, and the
// padding cut above leaves its empty escapes behind: two thirds of a
// reader's frame were escapes that Bubble Tea's renderer parsed again on
// every frame. The line is read into cells the way the renderer reads it.
func restyle(line string) string {
	switch cells := uv.NewStyledString(line).Lines(ansi.GraphemeWidth); len(cells) {
	case 0:
		return ""
	case 1:
		return cells[0].Render()
	}
	return line
}

// renderMarkdown runs glamour over Markdown of the guide (never user text:
// glamour turns entities into real escapes) and returns its lines.
func renderMarkdown(md string, width int, style string) ([]string, error) {
	tr, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(style),
		glamour.WithWordWrap(width),
	)
	if err != nil {
		return nil, err
	}
	out, err := tr.Render(md)
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.Trim(out, "\n"), "\n"), nil
}

// mapBlocks finds the line each block starts on. Blocks come in order and
// each starts a new line, so a forward scan for the block's first word is
// enough, whatever the width.
func mapBlocks(blocks []workbook.Block, plain []string) []int {
	out := make([]int, len(blocks))
	line := 0
	for i, b := range blocks {
		word := firstWord(b.Text)
		found := -1
		for j := line; j < len(plain) && word != ""; j++ {
			if strings.HasPrefix(strings.ToLower(lineText(plain[j])), word) {
				found = j
				break
			}
		}
		if found < 0 {
			out[i] = line
			continue
		}
		out[i] = found
		line = found + 1
	}
	return out
}

func firstWord(s string) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// lineText drops the margin and the heading or bullet markers glamour adds.
func lineText(l string) string {
	return strings.TrimLeftFunc(l, func(r rune) bool {
		return unicode.IsSpace(r) || r == '#' || r == '•' || r == '-' || r == '*'
	})
}

// topBlock is the block shown at the top of the screen for a scroll offset.
func (r *rendered) topBlock(offset int) int {
	top := 0
	for i, l := range r.blockLine {
		if l <= offset {
			top = i
		}
	}
	return top
}

// highlightLines marks every case-insensitive occurrence of query in the
// lines, keeping glamour's styling around them.
func highlightLines(r *rendered, query string, hl func(string) string) map[int]string {
	if query == "" {
		return nil
	}
	out := map[int]string{}
	for i, p := range r.plain {
		spans := findFold(p, query)
		if len(spans) == 0 {
			continue
		}
		line := r.lines[i]
		var b strings.Builder
		col := 0
		for _, s := range spans {
			c0 := ansi.StringWidth(p[:s[0]])
			c1 := ansi.StringWidth(p[:s[1]])
			b.WriteString(ansi.Cut(line, col, c0))
			b.WriteString(hl(p[s[0]:s[1]]))
			col = c1
		}
		b.WriteString(ansi.Cut(line, col, ansi.StringWidth(line)))
		out[i] = b.String()
	}
	return out
}

// findFold returns the byte spans of non-overlapping case-insensitive
// matches of query in s.
func findFold(s, query string) [][2]int {
	if query == "" {
		return nil
	}
	n := len([]rune(query))
	var spans [][2]int
	for i := 0; i < len(s); {
		j, k := i, 0
		for k < n && j < len(s) {
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
			k++
		}
		if k == n && strings.EqualFold(s[i:j], query) {
			spans = append(spans, [2]int{i, j})
			i = j
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return spans
}
