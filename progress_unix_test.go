//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"

	"github.com/creack/pty"
)

// nullImporter takes every record.
type nullImporter struct{}

func (nullImporter) Entry(string, workbook.EntryArchive) error { return nil }
func (nullImporter) Run(workbook.Run) error                    { return nil }

// On a terminal the import shows one line, redrawn at most ten times a
// second and cleared at the end, the file's name without escapes; off
// one, nothing.
func TestImportProgress(t *testing.T) {
	file := filepath.Join(t.TempDir(), "export.json")
	os.WriteFile(file, bytes.Repeat([]byte(" "), 1000), 0o600)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptm.Close()
	defer tty.Close()

	p := newProgress(tty, "export\x1b[31m.json", f)
	r, im := p.file(f), p.importer(nullImporter{})
	io.CopyN(io.Discard, r, 500)
	start := time.Now()
	for range 1000 {
		im.Entry("r", workbook.EntryArchive{})
	}
	elapsed := time.Since(start)
	io.Copy(io.Discard, r)
	im.Run(workbook.Run{})
	p.done()
	tty.Close()
	out, _ := io.ReadAll(ptm)
	lines := strings.Split(string(out), "\r\x1b[K")
	if want := "Importing export.json: 50%, 1 entry, reading…"; !strings.Contains(string(out), want) {
		t.Errorf("output %q lacks %q", out, want)
	}
	if want := "Importing export.json: 100%, 1,000 entries, saving…"; !strings.Contains(string(out), want) {
		t.Errorf("output %q lacks %q", out, want)
	}
	if !strings.HasSuffix(string(out), "\r\x1b[K") {
		t.Errorf("the line is not cleared: %q", out)
	}
	if max := 2 + int(elapsed/progressEvery); len(lines)-2 > max {
		t.Errorf("%d redraws in %v", len(lines)-2, elapsed)
	}

	// Off a terminal: nothing, and the file and importer as they are.
	var buf bytes.Buffer
	q := newProgress(&buf, "x", f)
	if q.file(f) != io.ReadSeeker(f) || q.importer(nullImporter{}) != workbook.Importer(nullImporter{}) {
		t.Error("wrapped off a terminal")
	}
	q.done()
	if buf.Len() != 0 {
		t.Errorf("wrote %q", buf.String())
	}
}

// The first pass, which checks a file before a database is made for it,
// says so; the import's pass then counts again from the start.
func TestImportProgressChecksFirst(t *testing.T) {
	file := filepath.Join(t.TempDir(), "export.json")
	os.WriteFile(file, bytes.Repeat([]byte(" "), 1000), 0o600)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptm.Close()
	defer tty.Close()

	p := newProgress(tty, "export.json", f)
	p.checking(true)
	r, im := p.file(f), p.importer(nullImporter{})
	io.Copy(io.Discard, r)
	im.Entry("r", workbook.EntryArchive{})
	im.Run(workbook.Run{}) // the end of the check: nothing is saved
	im.Entry("r", workbook.EntryArchive{})
	p.last = time.Time{}
	im.Entry("r", workbook.EntryArchive{})
	p.checking(false)
	f.Seek(0, io.SeekStart)
	io.CopyN(io.Discard, r, 250)
	p.last = time.Time{}
	im.Entry("r", workbook.EntryArchive{})
	// What cannot seek (stdin, a decrypted file) is read again from what
	// the check kept, counted of its own size.
	p.checking(false)
	io.CopyN(io.Discard, p.reread(make([]byte, 400)), 300)
	p.last = time.Time{}
	im.Entry("r", workbook.EntryArchive{})
	p.done()
	tty.Close()
	out, _ := io.ReadAll(ptm)
	for _, want := range []string{
		"Importing export.json: 100%, 1 entry, checking…",
		"Importing export.json: 100%, 3 entries, checking…",
		"Importing export.json: 25%, 1 entry, reading…",
		"Importing export.json: 75%, 1 entry, reading…",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
	if strings.Contains(string(out), "saving") {
		t.Errorf("the check says it saves: %q", out)
	}
}
