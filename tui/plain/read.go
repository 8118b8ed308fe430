package plain

import (
	"fmt"
	"strconv"
	"strings"

	"autonomy/workbook"
)

// guide lists the guide's sections and reads the one chosen.
func (s *session) guide() error {
	s.say("")
	s.say("The guide, %s:", workbook.Plural(len(s.Workbook.Sections), "section"))
	for _, sec := range s.Workbook.Sections {
		mark := ""
		if s.prog.read[sec.ID] {
			mark = " (read)"
		}
		s.item(sec.Number, sec.Title+mark)
	}
	for {
		a, ok := s.ask("Section number (enter goes back): ")
		if !ok || a == "" {
			return nil
		}
		n, err := strconv.Atoi(a)
		if sec, found := s.Workbook.SectionByNumber(n); err == nil && found {
			return s.read(sec)
		}
		s.say("There is no section %q: type a number from 1 to %d.", a, len(s.Workbook.Sections))
	}
}

// read says a section as plain wrapped text, a page at a time, and
// records it as read once its end is said.
func (s *session) read(sec workbook.Section) error {
	s.say("")
	if !s.page(sectionLines(sec, s.Width)) {
		return nil
	}
	if err := s.Store.MarkRead(s.ctx, sec.ID, s.Now()); err != nil {
		return err
	}
	s.say("End of section %d, %s.", sec.Number, sec.Title)
	if n := len(s.Workbook.ExercisesFor(sec.ID)); n > 0 {
		s.say("It has %s: they are on the menu once a run is started.", workbook.Plural(n, "exercise"))
	}
	return nil
}

// sectionLines lay a section's blocks out as plain lines: a heading on
// its own line, a paragraph wrapped, a list item after a dash; a blank
// line between blocks.
func sectionLines(sec workbook.Section, width int) []string {
	var lines []string
	for i, b := range sec.Blocks {
		if i > 0 {
			lines = append(lines, "")
		}
		switch b.Kind {
		case workbook.BlockCode:
			// As written, indented: a wrap would change its meaning.
			for _, l := range strings.Split(b.Text, "\n") {
				lines = append(lines, "    "+l)
			}
		case workbook.BlockListItem:
			for j, l := range wrap(b.Text, width-2) {
				if j == 0 {
					lines = append(lines, "- "+l)
				} else {
					lines = append(lines, "  "+l)
				}
			}
		default:
			lines = append(lines, wrap(b.Text, width)...)
		}
	}
	return lines
}

// page says lines a page at a time, asking "more? (enter, q)" between
// pages; false when the person stopped (q) or the input ended.
func (s *session) page(lines []string) bool {
	per := max(s.Height-1, 1)
	for len(lines) > 0 {
		n := min(per, len(lines))
		for _, l := range lines[:n] {
			fmt.Fprintln(s.Out, l)
		}
		lines = lines[n:]
		if len(lines) == 0 {
			break
		}
		a, ok := s.ask("more? (enter, q) ")
		if !ok || strings.EqualFold(a, "q") {
			return false
		}
	}
	return true
}

// safety says the guide's safety boundary and safety note, word for
// word, and offers to pause the run.
func (s *session) safety() error {
	secs := s.Workbook.SafetySections()
	if len(secs) == 0 {
		s.say("This guide has no safety boundary section.")
		return nil
	}
	if !s.prog.safetySeen {
		if err := s.Store.MarkSafetySeen(s.ctx, s.Now()); err != nil {
			return err
		}
		s.prog.safetySeen = true
	}
	s.say("")
	var lines []string
	for i, sec := range secs {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, sectionLines(sec, s.Width)...)
	}
	if !s.page(lines) {
		return nil
	}
	if run := s.prog.OpenRun(); run != nil && s.Workbook.Program.CanPause(*run, s.prog.Today) {
		s.say("")
		if yes, _ := s.yes("Pause your run now? Paused days do not count."); yes {
			return s.togglePause()
		}
	}
	return nil
}
