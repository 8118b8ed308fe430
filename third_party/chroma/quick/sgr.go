package quick

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// entry is a parsed style entry: bold, italic and underline are 0 when the
// entry does not say, 1 when it says yes, -1 when it says no; colours are
// 0 when unset and the RGB value plus one otherwise, as in chroma.
type entry struct {
	fg, bg                  int
	bold, italic, underline int
}

// parseEntry reads the style words glamour writes ("#c4c4c4 bg:#373737
// bold") as chroma does; a word it does not know is ignored.
func parseEntry(s string) entry {
	var e entry
	for _, w := range strings.Fields(s) {
		switch {
		case w == "bold", w == "nobold":
			e.bold = yesNo(w)
		case w == "italic", w == "noitalic":
			e.italic = yesNo(w)
		case w == "underline", w == "nounderline":
			e.underline = yesNo(w)
		case strings.HasPrefix(w, "bg:"):
			e.bg = parseColour(w[3:])
		case strings.HasPrefix(w, "#"):
			e.fg = parseColour(w)
		}
	}
	return e
}

func yesNo(w string) int {
	if strings.HasPrefix(w, "no") {
		return -1
	}
	return 1
}

// parseColour reads #rgb or #rrggbb.
func parseColour(s string) int {
	s = strings.TrimPrefix(s, "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	n, err := strconv.ParseUint(s, 16, 32)
	if len(s) != 6 || err != nil {
		return 0
	}
	return int(n) + 1
}

// textSGR is the escape chroma's terminal256 formatter writes before a Text
// token: Text inherits what it leaves unset from Background, whose own
// background colour the formatter clears (so no block gets a background).
func textSGR(entries chroma.StyleEntries) string {
	text, bg := parseEntry(entries[chroma.Text]), parseEntry(entries[chroma.Background])
	bg.bg = 0
	if text.fg == 0 {
		text.fg = bg.fg
	}
	if text.bg == 0 {
		text.bg = bg.bg
	}
	for _, a := range []struct{ own, parent *int }{{&text.bold, &bg.bold}, {&text.italic, &bg.italic}, {&text.underline, &bg.underline}} {
		if *a.own == 0 {
			*a.own = *a.parent
		}
	}
	var b strings.Builder
	if text.bold > 0 {
		b.WriteString("\x1b[1m")
	}
	if text.underline > 0 {
		b.WriteString("\x1b[4m")
	}
	if text.italic > 0 {
		b.WriteString("\x1b[3m")
	}
	if text.fg != 0 {
		fmt.Fprintf(&b, "\x1b[38;5;%dm", closest(text.fg-1))
	}
	if text.bg != 0 {
		fmt.Fprintf(&b, "\x1b[48;5;%dm", closest(text.bg-1))
	}
	return b.String()
}

// palette is xterm's 256 colours as chroma lists them; where two indexes
// have the same colour, chroma keeps the later one.
var palette = func() (p [256]int) {
	system := [16]int{0x000000, 0x800000, 0x008000, 0x808000, 0x000080, 0x800080, 0x008080, 0xc0c0c0,
		0x808080, 0xff0000, 0x00ff00, 0xffff00, 0x0000ff, 0xff00ff, 0x00ffff, 0xffffff}
	copy(p[:], system[:])
	level := [6]int{0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff}
	for i := range 216 {
		p[16+i] = level[i/36]<<16 | level[i/6%6]<<8 | level[i%6]
	}
	for i := range 24 {
		g := 8 + 10*i
		p[232+i] = g<<16 | g<<8 | g
	}
	return p
}()

// closest is the palette index nearest to rgb by chroma's distance; of
// two as near, the later, as chroma's table has it for a repeated colour.
func closest(rgb int) int {
	best, bestD := 0, int64(-1)
	for i, c := range palette {
		if d := distance(c, rgb); bestD < 0 || d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// distance is chroma's colour distance, squared (a "redmean"
// approximation of how far apart two colours look).
func distance(a, b int) int64 {
	ar, ag, ab := int64(a>>16&0xff), int64(a>>8&0xff), int64(a&0xff)
	br, bg, bb := int64(b>>16&0xff), int64(b>>8&0xff), int64(b&0xff)
	rmean := (ar + br) / 2
	r, g, bl := ar-br, ag-bg, ab-bb
	return ((512+rmean)*r*r)>>8 + 4*g*g + ((767-rmean)*bl*bl)>>8
}
