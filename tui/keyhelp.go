package tui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The footer and the ? screen are laid out from the top layer's Keys(),
// the same bindings its Update matches: what they show is what works.

// keyHelp is a help.KeyMap made of a short list and groups.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h keyHelp) ShortHelp() []key.Binding  { return h.short }
func (h keyHelp) FullHelp() [][]key.Binding { return h.full }

// footerCache keeps the footer lines laid out so far, by what they show
// and the width: most frames show one already laid out.
type footerCache map[string]string

func (c *footerCache) line(h help.Model, bindings []key.Binding, width int, dark bool, kept func(key.Binding) bool) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(width))
	if dark {
		b.WriteByte('d')
	}
	for _, k := range bindings {
		if k.Enabled() {
			b.WriteString("\x00" + k.Help().Key + "\x01" + k.Help().Desc)
		}
	}
	if text, ok := (*c)[b.String()]; ok {
		return text
	}
	if len(*c) >= 64 || *c == nil {
		*c = footerCache{}
	}
	text := shortHelpLine(h, bindings, width, kept)
	(*c)[b.String()] = text
	return text
}

// shortHelpLine lays bindings out on one line of width cells: those that
// do not fit go from the end, the kept ones last; a binding is never cut.
func shortHelpLine(h help.Model, bindings []key.Binding, width int, kept func(key.Binding) bool) string {
	var shown []key.Binding
	for _, b := range bindings {
		if b.Enabled() {
			shown = append(shown, b)
		}
	}
	h.SetWidth(0)
	for {
		line := h.ShortHelpView(shown)
		if ansi.StringWidth(line) <= width || len(shown) == 0 {
			return line
		}
		i := len(shown) - 1
		for i >= 0 && kept(shown[i]) {
			i--
		}
		if i < 0 {
			i = len(shown) - 1 // only kept ones left: the last goes
		}
		shown = slices.Delete(shown, i, i+1)
	}
}

// fullHelpLines lays groups of bindings out as columns, as many side by
// side as fit in width and the rest below; a binding wider than the width
// wraps its description, it is never cut.
func fullHelpLines(st help.Styles, groups [][]key.Binding, width int) []string {
	const gap = 4
	var cols [][]string
	for _, g := range groups {
		if c := helpColumn(st, g, width); len(c) > 0 {
			cols = append(cols, c)
		}
	}
	var out []string
	for len(cols) > 0 {
		n, used := 0, 0
		for n < len(cols) {
			w := lipgloss.Width(strings.Join(cols[n], "\n"))
			if n > 0 && used+gap+w > width {
				break
			}
			used += w + gap
			n++
		}
		row := make([]string, 0, 2*n)
		for i, c := range cols[:n] {
			if i > 0 {
				row = append(row, strings.Repeat(" ", gap))
			}
			row = append(row, strings.Join(c, "\n"))
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n")...)
		cols = cols[n:]
	}
	return out
}

// helpColumn is one group: each binding's key, padded, then its
// description, wrapped under itself when the line would be too wide.
func helpColumn(st help.Styles, g []key.Binding, width int) []string {
	keyW := 0
	for _, b := range g {
		if b.Enabled() {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
	}
	descW := max(width-keyW-1, 8)
	var lines []string
	for _, b := range g {
		if !b.Enabled() {
			continue
		}
		k := b.Help().Key
		pad := strings.Repeat(" ", keyW-ansi.StringWidth(k)+1)
		for i, d := range strings.Split(ansi.Wrap(b.Help().Desc, descW, ""), "\n") {
			if i == 0 {
				lines = append(lines, st.FullKey.Render(k)+pad+st.FullDesc.Render(d))
			} else {
				lines = append(lines, strings.Repeat(" ", keyW+1)+st.FullDesc.Render(d))
			}
		}
	}
	return lines
}

// helpScreen is the ? overlay: every key of the layer under it, titled
// with the layer's name; it scrolls when the screen is too short.
type helpScreen struct {
	*app
	overlayLayer
	of     screen
	scroll int
}

func (a *app) openHelp(of screen) {
	a.push(&helpScreen{app: a, of: of})
}

func (h *helpScreen) Name() string { return "Help" }

func (h *helpScreen) keymap() overlayKeys { return h.keys.overlay }

func (h *helpScreen) Keys() help.KeyMap {
	k, g := h.keymap(), h.keys.global
	// The keys that scroll show only when there is more than fits.
	more := len(h.lines(h.width)) > h.bodyHeight()
	k.Up, k.Down, k.PageUp, k.PageDown = when(more, k.Up), when(more, k.Down), when(more, k.PageUp), when(more, k.PageDown)
	return keyHelp{
		short: []key.Binding{k.Close, k.Down, g.Safety, g.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Close, g.Safety, g.Quit}},
	}
}

func (h *helpScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, nil
	}
	k, g := h.keymap(), h.keys.global
	page := max(h.bodyHeight()-2, 1)
	switch {
	case key.Matches(km, k.Close):
		return nil, nil
	case key.Matches(km, g.Safety):
		return h, h.openSafety()
	case key.Matches(km, g.Quit):
		return h, h.quit()
	case key.Matches(km, k.Up):
		h.scroll = max(h.scroll-1, 0)
	case key.Matches(km, k.Down):
		h.scroll++
	case key.Matches(km, k.PageUp):
		h.scroll = max(h.scroll-page, 0)
	case key.Matches(km, k.PageDown):
		h.scroll += page
	}
	h.scroll = min(h.scroll, max(len(h.lines(h.width))-h.bodyHeight(), 0))
	return h, nil
}

// lines are the whole help, before any scrolling.
func (h *helpScreen) lines(width int) []string {
	inner := max(width-4, 10)
	lines := []string{"", "  " + h.styles.HelpTitle.Render(ansi.Truncate("Keys — "+h.of.Name(), inner, "…")), ""}
	for _, l := range fullHelpLines(h.help.Styles, h.of.Keys().FullHelp(), inner) {
		lines = append(lines, "  "+l)
	}
	return append(lines, "", "  "+h.styles.Muted.Render("? or esc closes this help"))
}

func (h *helpScreen) View(width, height int) string {
	lines := h.lines(width)
	// Too tall: a window on the lines, the last row saying there is more.
	if len(lines) > height {
		start := min(h.scroll, len(lines)-height)
		if end := start + height - 1; start < len(lines)-height {
			lines = append(lines[start:end:end], "  "+h.styles.Muted.Render("↓/j more · esc closes"))
		} else {
			lines = lines[start:]
		}
	}
	return fit(strings.Join(lines, "\n"), width, height)
}
