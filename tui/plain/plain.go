// Package plain is autonomy's accessible mode: the workbook as plain
// lines, for a screen reader, a braille display or a pipe. It asks one
// question at a time and reads the answer as a line; it never redraws,
// never moves the cursor and writes no escape sequence at all (not even
// colour): no box drawing, no sparkline, no spinner, no alternate screen.
//
// Home is a numbered menu; the reader says a section as wrapped text, a
// page at a time; each form asks its fields in turn through huh's
// accessible mode (RunAccessible), the same fields as the full screen
// builds (package exform), checked by the same rules, and kept as a draft
// after every answer, so that ending the input (ctrl+d, the end of a
// pipe), ctrl+c or a closed terminal loses nothing answered.
//
// It reads lines from any io.Reader and writes to any io.Writer: a
// terminal or not.
package plain

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"autonomy/tui/exform"
	"autonomy/workbook"

	"github.com/charmbracelet/x/ansi"
)

// Store is what accessible mode persists through: the same store
// interfaces of package workbook as the full screen's.
type Store interface {
	workbook.PlaceStore
	workbook.ProgramStore
}

// Options configure Run.
type Options struct {
	Workbook *workbook.Workbook
	Store    Store
	In       io.Reader
	Out      io.Writer
	Width    int              // columns to wrap text at; 0 for 80
	Height   int              // lines of a page of the guide; 0 for 24
	Now      func() time.Time // the clock; nil for time.Now
	// Echo writes each line read to Out, as a terminal shows what is
	// typed: for input that is not a terminal (a pipe, a file), so that
	// the transcript reads as a session.
	Echo bool
}

// Run runs accessible mode until the person quits or the input ends.
func Run(ctx context.Context, o Options) error {
	if o.Width <= 0 {
		o.Width = 80
	}
	if o.Height <= 0 {
		o.Height = 24
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &session{Options: o, ctx: ctx, in: newLineReader(o.In)}
	if o.Echo {
		s.in.echo = o.Out
	}
	if _, err := s.Store.MarkOpened(ctx, s.Now()); err != nil {
		return err
	}
	return s.home()
}

// session is one run of accessible mode.
type session struct {
	Options
	ctx  context.Context
	in   *lineReader
	prog program
}

// program is the person's state, read again before each menu.
type program struct {
	exform.Program
	read       map[string]bool
	counts     map[string]int
	safetySeen bool
}

func (s *session) load() error {
	today := workbook.DateOf(s.Now())
	o, err := s.Store.Overview(s.ctx, today)
	if err != nil {
		return err
	}
	s.prog = program{Program: exform.Program{Runs: o.Runs, Entries: o.Entries, Drafts: o.Drafts, Today: today},
		read: o.Read, counts: o.Counts, safetySeen: o.SafetySeen}
	return nil
}

// say writes a line.
func (s *session) say(format string, args ...any) {
	fmt.Fprintf(s.Out, format+"\n", args...)
}

// para writes text wrapped at the width, between words only.
func (s *session) para(text string) {
	for _, l := range wrap(text, s.Width) {
		fmt.Fprintln(s.Out, l)
	}
}

// item writes a numbered line, wrapped under its text: "12. Feedback from a
// peer: to do,\n    Influence trial".
func (s *session) item(n int, text string) {
	label := fmt.Sprintf("%d. ", n)
	indent := strings.Repeat(" ", len(label))
	for i, l := range wrap(text, max(s.Width-len(label), 10)) {
		if i == 0 {
			fmt.Fprintln(s.Out, label+l)
		} else {
			fmt.Fprintln(s.Out, indent+l)
		}
	}
}

// ask writes the prompt and reads a line; false when the input has ended.
func (s *session) ask(prompt string) (string, bool) {
	fmt.Fprint(s.Out, prompt)
	line, ok := s.in.readLine()
	if !ok {
		fmt.Fprintln(s.Out)
	}
	return strings.TrimSpace(line), ok
}

// yes asks a yes-or-no question, wrapped; no unless the answer is y or
// yes. The second result is false when the input has ended.
func (s *session) yes(question string) (bool, bool) {
	lines := wrap(question+" (y or n)", s.Width)
	for _, l := range lines[:len(lines)-1] {
		fmt.Fprintln(s.Out, l)
	}
	a, ok := s.ask(lines[len(lines)-1] + " ")
	a = strings.ToLower(a)
	return a == "y" || a == "yes", ok
}

// wrap breaks text into lines of at most width cells, between words only:
// a word longer than a line stays whole (a screen reader reads it as
// one), and a date is never broken at its hyphen.
func wrap(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			switch {
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
		}
		out = append(out, line)
	}
	return out
}

// lineReader reads the input a line at a time and hands it out one line
// per Read: huh's accessible prompts put a new bufio.Scanner on the
// reader for each question, and a scanner reads ahead; through a pipe,
// the answers to the next questions would be read into a scanner that is
// then dropped. A line is handed out without control or escape
// sequences (an arrow key typed on a terminal in line mode is one).
type lineReader struct {
	r       *bufio.Reader
	pending []byte
	ended   bool      // the input ended since the last reset
	echo    io.Writer // where each line read is written again, or nil
}

func newLineReader(r io.Reader) *lineReader { return &lineReader{r: bufio.NewReader(r)} }

// next reads the next line with its newline, cleaned; io.EOF when the
// input has ended (on a terminal, ctrl+d: reading again waits for more).
func (l *lineReader) next() (string, error) {
	line, err := l.r.ReadString('\n')
	if line == "" && err != nil {
		l.ended = true
		return "", err
	}
	line = workbook.SanitizeLine(strings.TrimRight(line, "\r\n")) + "\n"
	if l.echo != nil {
		io.WriteString(l.echo, line)
	}
	return line, nil
}

func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		line, err := l.next()
		if err != nil {
			return 0, err
		}
		l.pending = []byte(line)
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

// readLine reads a line without its newline; false when the input has
// ended.
func (l *lineReader) readLine() (string, bool) {
	if len(l.pending) > 0 {
		line := string(l.pending)
		l.pending = nil
		return strings.TrimRight(line, "\n"), true
	}
	line, err := l.next()
	if err != nil {
		return "", false
	}
	return strings.TrimRight(line, "\n"), true
}
