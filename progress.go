package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"autonomy/workbook"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// progress shows how far an import is, on one line of a terminal: the
// share of the file read and the entries imported, redrawn at most ten
// times a second, and cleared at the end. Off a terminal it shows
// nothing. The file is read on a goroutine of its own (exchange.ReadJSON),
// which only counts the bytes; the importer's goroutine draws.
type progress struct {
	w       *os.File // nil: show nothing
	width   int      // of the terminal, 0 when unknown
	name    string
	size    int64
	read    atomic.Int64
	entries int
	check   bool // a first pass that only checks the file
	saving  bool // the file is read
	last    time.Time
}

// progressEvery is the least time between two redraws.
const progressEvery = 100 * time.Millisecond

func newProgress(w io.Writer, name string, f *os.File) *progress {
	p := &progress{name: workbook.SanitizeLine(name)}
	if tty, ok := w.(*os.File); ok && isTerminal(tty) {
		p.w = tty
		if w, _, err := term.GetSize(tty.Fd()); err == nil {
			p.width = w
		}
	}
	if fi, err := f.Stat(); err == nil {
		p.size = fi.Size()
	}
	return p
}

// file is f, counting what is read of it. It seeks as f does, for the
// place of an error.
func (p *progress) file(f *os.File) io.ReadSeeker {
	if p.w == nil {
		return f
	}
	return &progressFile{f: f, p: p}
}

type progressFile struct {
	f io.ReadSeeker
	p *progress
}

func (f *progressFile) Read(b []byte) (int, error) {
	n, err := f.f.Read(b)
	f.p.read.Add(int64(n))
	return n, err
}

func (f *progressFile) Seek(off int64, whence int) (int64, error) { return f.f.Seek(off, whence) }

// reread is the file read again from memory, where the check before a
// database is made kept it (stdin, a decrypted file), counted as the file
// was, of its own size.
func (p *progress) reread(data []byte) io.ReadSeeker {
	p.size = int64(len(data))
	r := bytes.NewReader(data)
	if p.w == nil {
		return r
	}
	return &progressFile{f: r, p: p}
}

// importer is im, counting the entries it takes.
func (p *progress) importer(im workbook.Importer) workbook.Importer {
	if p.w == nil {
		return im
	}
	return &progressImporter{Importer: im, p: p}
}

type progressImporter struct {
	workbook.Importer
	p *progress
}

func (i *progressImporter) Entry(runID string, e workbook.EntryArchive) error {
	i.p.entries++
	i.p.draw(false)
	return i.Importer.Entry(runID, e)
}

// Run comes once the file is read: what is left is saving.
func (i *progressImporter) Run(r workbook.Run) error {
	if !i.p.saving && !i.p.check {
		i.p.saving = true
		i.p.draw(true)
	}
	return i.Importer.Run(r)
}

func (p *progress) draw(force bool) {
	if p.w == nil || !force && time.Since(p.last) < progressEvery {
		return
	}
	p.last = time.Now()
	read := p.read.Load()
	percent := 100
	if p.size > 0 {
		percent = int(min(100*read/p.size, 100))
	}
	what := "reading"
	switch {
	case p.check:
		what = "checking"
	case p.saving:
		what = "saving"
	}
	done := fmt.Sprintf("%d%%, %s, %s…", percent, workbook.Plural(p.entries, "entry"), what)
	line := "Importing " + p.name + ": " + done
	if p.width > 0 && ansi.StringWidth(line) >= p.width {
		// One row, or the next redraw would clear only its last row.
		line = ansi.Truncate("Importing: "+done, p.width-1, "…")
	}
	fmt.Fprint(p.w, "\r\x1b[K"+line)
}

// checking starts (on) or ends the first pass over the file, which checks
// it before a database is made for it; the import's pass counts again
// from the start.
func (p *progress) checking(on bool) {
	p.check = on
	p.read.Store(0)
	p.entries = 0
	p.saving = false
}

// done clears the line.
func (p *progress) done() {
	if p.w != nil && !p.last.IsZero() {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.last = time.Time{}
	}
}
