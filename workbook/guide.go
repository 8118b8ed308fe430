package workbook

import (
	"fmt"
	"strings"
)

// guideLine is one classified line of guide.md.
type guideLine struct {
	num   int    // 1-based line number
	raw   string // the line as written, without its line ending
	level int    // heading level (1-6), 0 when not a heading
	item  bool   // list item
	text  string // text without markers, trimmed
}

func classify(num int, raw string) guideLine {
	l := guideLine{num: num, raw: raw}
	s := strings.TrimSpace(raw)
	if h := strings.IndexFunc(s, func(r rune) bool { return r != '#' }); h >= 1 && h <= 6 && (s[h] == ' ' || s[h] == '\t') {
		l.level = h
		l.text = strings.TrimSpace(s[h:])
		return l
	} else if h == -1 && len(s) >= 1 && len(s) <= 6 {
		l.level = len(s) // "##" alone: an empty heading
		return l
	}
	if len(s) >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && (s[1] == ' ' || s[1] == '\t') {
		l.item = true
		l.text = strings.TrimSpace(s[2:])
		return l
	}
	if s == "-" || s == "*" || s == "+" {
		l.item = true
		return l
	}
	l.text = s
	return l
}

// guideProblem is a LoadError of guide.md at a line (0 for the whole file).
func guideProblem(line int, format string, args ...any) error {
	return &LoadError{Problems: []Problem{{File: GuideFile, Line: line, Msg: fmt.Sprintf(format, args...)}}}
}

// parseGuide splits guide.md into its title and sections.
func parseGuide(src []byte) (string, []Section, error) {
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.Split(text, "\n")

	var (
		title    string
		sections []Section
		cur      *Section
		start    int  // index in lines of the current section's heading
		content  int  // paragraphs and items in the current section
		open     bool // the last block may continue on the next line
	)
	ids := map[string]int{} // section id -> line
	errf := func(num int, format string, args ...any) error {
		return guideProblem(num, format, args...)
	}
	finish := func(end int) error {
		if cur == nil {
			return nil
		}
		if content == 0 {
			return errf(start+1, "section %q has no text", cur.ID)
		}
		md := strings.Join(lines[start:end], "\n")
		cur.Markdown = strings.TrimRight(md, " \t\n") + "\n"
		sections = append(sections, *cur)
		cur = nil
		return nil
	}

	var fence *codeFence // the code block being read, or nil
	for i, raw := range lines {
		if r := controlIn(raw); r >= 0 {
			return "", nil, errf(i+1, "a control character (%U): the guide is shown as written, so it may hold none but tabs", r)
		}
		if fence != nil {
			// Inside a code block every line is code, whatever it
			// starts with, until the closing fence.
			if fence.closes(raw) {
				cur.Blocks = append(cur.Blocks, Block{Kind: BlockCode, Text: strings.Join(fence.lines, "\n")})
				fence = nil
			} else {
				fence.lines = append(fence.lines, raw)
			}
			continue
		}
		if f, ok := openFence(i+1, raw); ok {
			switch {
			case title == "":
				return "", nil, errf(i+1, "the guide must start with a \"# \" title")
			case cur == nil:
				return "", nil, errf(i+1, "text before the first \"## \" section")
			}
			fence, open = f, false
			content++
			continue
		}
		l := classify(i+1, raw)
		if l.level == 0 && !l.item && l.text == "" {
			open = false // blank line
			continue
		}
		if title == "" {
			if l.level != 1 {
				return "", nil, errf(l.num, "the guide must start with a \"# \" title")
			}
			if l.text == "" {
				return "", nil, errf(l.num, "empty title")
			}
			title = l.text
			continue
		}
		switch {
		case l.level == 1:
			return "", nil, errf(l.num, "a second \"# \" title")
		case l.level == 2:
			if err := finish(i); err != nil {
				return "", nil, err
			}
			if l.text == "" {
				return "", nil, errf(l.num, "empty heading")
			}
			id := Slug(l.text)
			if id == "" {
				return "", nil, errf(l.num, "heading %q has no letters or digits for an id", l.text)
			}
			if prev, dup := ids[id]; dup {
				return "", nil, errf(l.num, "duplicate section id %q (also line %d)", id, prev)
			}
			ids[id] = l.num
			cur = &Section{ID: id, Number: len(sections) + 1, Title: l.text}
			cur.Blocks = append(cur.Blocks, Block{Kind: BlockHeading, Text: l.text})
			start, content, open = i, 0, false
		case cur == nil:
			return "", nil, errf(l.num, "text before the first \"## \" section")
		case l.level > 2:
			if l.text == "" {
				return "", nil, errf(l.num, "empty heading")
			}
			cur.Blocks = append(cur.Blocks, Block{Kind: BlockHeading, Text: l.text})
			open = false
		case l.item:
			if l.text == "" {
				return "", nil, errf(l.num, "empty list item")
			}
			cur.Blocks = append(cur.Blocks, Block{Kind: BlockListItem, Text: l.text})
			content++
			open = true
		case open:
			// A paragraph line, or a lazy continuation of a list item.
			b := &cur.Blocks[len(cur.Blocks)-1]
			b.Text += " " + l.text
		default:
			cur.Blocks = append(cur.Blocks, Block{Kind: BlockParagraph, Text: l.text})
			content++
			open = true
		}
	}
	if fence != nil {
		return "", nil, errf(fence.line, "a code block (%s) that is never closed", fence.marker)
	}
	if title == "" {
		return "", nil, guideProblem(0, "no \"# \" title")
	}
	if err := finish(len(lines)); err != nil {
		return "", nil, err
	}
	if len(sections) == 0 {
		return "", nil, guideProblem(0, "no \"## \" sections")
	}
	return title, sections, nil
}

// codeFence is an open fenced code block: its opening line, its fence
// (three or more ` or ~) and the lines read so far.
type codeFence struct {
	line   int
	marker string
	lines  []string
}

// openFence reports whether raw opens a fenced code block, as CommonMark
// has it: at most three spaces, then three or more backquotes (with no
// backquote in the info string after them) or tildes.
func openFence(num int, raw string) (*codeFence, bool) {
	s := strings.TrimLeft(raw, " ")
	if len(raw)-len(s) > 3 || len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return nil, false
	}
	n := len(s) - len(strings.TrimLeft(s, s[:1]))
	if n < 3 || (s[0] == '`' && strings.Contains(s[n:], "`")) {
		return nil, false
	}
	return &codeFence{line: num, marker: s[:n]}, true
}

// closes reports whether raw closes the block: its fence character, at
// least as many, and nothing after but spaces.
func (f *codeFence) closes(raw string) bool {
	s := strings.TrimLeft(raw, " ")
	if len(raw)-len(s) > 3 {
		return false
	}
	n := len(s) - len(strings.TrimLeft(s, f.marker[:1]))
	return n >= len(f.marker) && strings.TrimSpace(s[n:]) == ""
}
