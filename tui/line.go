package tui

import (
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// A line of parts keeps what matters at any width: narrowing shortens or
// drops the least important part first (a sparkline before the words, a
// date before the ratings), and the verdict ("better", "collapsed") is the
// last thing to go.

// The priorities of the parts of a line, from the last to go to the
// first.
const (
	prioVerdict   = 0  // "better", "collapsed", "Day 16 of 30", "1/3"
	prioLabel     = 1  // a label in its shortest words
	prioLabelLong = 9  // a label's longer words, when it has shorter ones
	prioDateShort = 10 // a date in a few letters ("today")
	prioPad       = 11 // a label's padding to its column
	prioDateLong  = 12 // a date written out ("2026-11-16")
	prioSpark     = 13 // a sparkline or a bar: it shrinks, then goes, first
)

// wording is one way to write a part, and how soon it goes: the wording with the
// highest priority on the line is the next to give way (0 goes last).
type wording struct {
	text     string // one line, already safe for the terminal
	priority int
}

// part is a piece of a line: its wordings, longest first (giving way moves to
// the next wording, or drops the part after the last), the separator put
// before it when a part precedes it, and its style.
type part struct {
	ways  []wording
	sep   string
	style lipgloss.Style
	head  bool // a label: the part after it follows with one space, not its sep
	cut   bool // its last wording is cut to the room left (with …) rather than dropped
}

// partLine is a line of parts, laid out once per width.
type partLine struct {
	parts []part
	cells [][]int // the width of each wording of each part
	seps  []int   // the width of each part's separator

	width  int
	cached string
}

// newPartLine builds a line of parts.
func newPartLine(parts ...part) *partLine {
	l := &partLine{parts: parts, cells: make([][]int, len(parts)), seps: make([]int, len(parts)), width: -1}
	for i, p := range parts {
		l.seps[i] = ansi.StringWidth(p.sep)
		for _, w := range p.ways {
			l.cells[i] = append(l.cells[i], ansi.StringWidth(w.text))
		}
	}
	return l
}

// labelPart is a line's label: padded to pad cells while there is room
// (the padding goes early), its words, and shorter wordings that come in
// before a part of the line has to go.
func labelPart(text string, pad int, style lipgloss.Style, short ...string) part {
	p := part{style: style, head: true}
	if n := ansi.StringWidth(text); n < pad {
		p.ways = append(p.ways, wording{text + strings.Repeat(" ", pad-n), prioPad})
	}
	for _, t := range append([]string{text}, short...) {
		p.ways = append(p.ways, wording{t, prioLabelLong})
	}
	p.ways[len(p.ways)-1].priority = prioLabel
	return p
}

// wordsPart is a part written in one or more ways, longest first, all with the
// same priority.
func wordsPart(sep string, style lipgloss.Style, priority int, texts ...string) part {
	p := part{sep: sep, style: style}
	for _, t := range texts {
		if t != "" {
			p.ways = append(p.ways, wording{t, priority})
		}
	}
	return p
}

// render lays the line out in width cells; the result is kept until the
// width changes.
func (l *partLine) render(width int) string {
	if l.width != width {
		l.cached, l.width = l.layout(width), width
	}
	return l.cached
}

// layout gives way part by part until the line fits; a part that is cut
// rather than dropped takes the room left, and when one part alone is
// still too wide, it is cut.
func (l *partLine) layout(width int) string {
	at := make([]int, len(l.parts)) // the wording shown, or -1 when dropped
	for i, p := range l.parts {
		if len(p.ways) == 0 {
			at[i] = -1
		}
	}
	cutPart, cutTo := -1, 0 // the part that is cut and the cells left to it
	for over := l.measure(at) - width; over > 0; over = l.measure(at) - width {
		next, kept := -1, 0
		for i, p := range l.parts {
			if at[i] < 0 {
				continue
			}
			kept++
			if next < 0 || p.ways[at[i]].priority >= l.parts[next].ways[at[next]].priority {
				next = i
			}
		}
		if next < 0 {
			break
		}
		p := l.parts[next]
		last := at[next] == len(p.ways)-1
		if kept == 1 && last {
			break // the one part left is cut below
		}
		if room := l.cells[next][at[next]] - over; last && p.cut && room >= minCut {
			cutPart, cutTo = next, room
			break
		}
		if at[next]++; at[next] == len(p.ways) {
			at[next] = -1
		}
	}
	var b strings.Builder
	prev := -1
	for i, p := range l.parts {
		if at[i] < 0 {
			continue
		}
		if prev >= 0 {
			b.WriteString(l.sepBefore(prev, i))
		}
		text := p.ways[at[i]].text
		if i == cutPart {
			text = ansi.Truncate(text, cutTo, "…")
		}
		b.WriteString(p.style.Render(text))
		prev = i
	}
	return ansi.Truncate(b.String(), max(width, 0), "…")
}

// minCut is the fewest cells a part that is cut keeps: less says nothing.
const minCut = 8

// sepBefore is what joins part i to the part prev shown before it.
func (l *partLine) sepBefore(prev, i int) string {
	if l.parts[prev].head {
		return " "
	}
	return l.parts[i].sep
}

// measure is the width of the line with the wordings at.
func (l *partLine) measure(at []int) int {
	n, prev := 0, -1
	for i := range l.parts {
		if at[i] < 0 {
			continue
		}
		switch {
		case prev < 0:
		case l.parts[prev].head:
			n++ // one space after a label
		default:
			n += l.seps[i]
		}
		n += l.cells[i][at[i]]
		prev = i
	}
	return n
}

// wrapWords wraps plain text to w cells at its spaces, keeping the spaces
// inside a line as they are. Unlike ansi.Wrap, which may end a line after
// any hyphen, it keeps "(-37.5%)" and "2026-11-15" whole; only a word
// wider than w is cut.
func wrapWords(s string, w int) string {
	w = max(w, 1)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		var line strings.Builder
		lineW := 0
		next := func() {
			out = append(out, line.String())
			line.Reset()
			lineW = 0
		}
		for para != "" {
			sp := len(para) - len(strings.TrimLeft(para, " "))
			end := strings.IndexByte(para[sp:], ' ')
			if end < 0 {
				end = len(para) - sp
			}
			spaces, word := para[:sp], para[sp:sp+end]
			para = para[sp+end:]
			ww := ansi.StringWidth(word)
			if lineW > 0 && lineW+len(spaces)+ww > w {
				next() // the spaces at the break go with it
				spaces = ""
			}
			spaces = spaces[:min(len(spaces), w-lineW)]
			line.WriteString(spaces)
			lineW += len(spaces)
			for lineW+ww > w && word != "" {
				head := ansi.Truncate(word, max(w-lineW, 0), "")
				if head == "" && lineW == 0 {
					_, n := utf8.DecodeRuneInString(word) // a wide character in a line too narrow for it
					head = word[:n]
				}
				line.WriteString(head)
				next()
				word = word[len(head):]
				ww = ansi.StringWidth(word)
			}
			line.WriteString(word)
			lineW += ww
		}
		out = append(out, line.String())
	}
	return strings.Join(out, "\n")
}
