//go:build unix

package tui

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// frameRenderer does per frame what Bubble Tea v2's renderer does on each
// tick once the view has changed (cursedRenderer.flush, alt screen): the
// view's styled string drawn into a cell buffer, the difference with the
// screen before worked out and written.
type frameRenderer struct {
	out  bytes.Buffer
	scr  *uv.TerminalRenderer
	cell uv.ScreenBuffer
}

func newFrameRenderer(w, h int) *frameRenderer {
	f := &frameRenderer{cell: uv.NewScreenBuffer(w, h)}
	f.scr = uv.NewTerminalRenderer(&f.out, []string{"TERM=xterm-256color"})
	f.scr.SetColorProfile(colorprofile.TrueColor)
	f.scr.SetScrollOptim(true)
	f.scr.SetFullscreen(true)
	f.scr.SetRelativeCursor(false)
	f.scr.Resize(w, h)
	f.scr.Erase()
	return f
}

// frame draws content and returns the bytes the terminal is sent.
func (f *frameRenderer) frame(content string) int {
	f.out.Reset()
	f.cell.Clear()
	uv.NewStyledString(content).Draw(f.cell, f.cell.Bounds())
	f.scr.Render(f.cell.RenderBuffer)
	_ = f.scr.Flush()
	return f.out.Len()
}

// processCPU is the CPU time the process has used: on this shared 2-core
// machine, where wall time includes waiting for a core, the benchmarks
// also report CPU time per key.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReaderFrame is one scroll key in the reader at 80×24 from the
// key to the bytes for the terminal, less the wait for the frame tick:
// Update, View, and the renderer's work on the frame. Reports the view's
// size and the bytes written per frame.
func BenchmarkReaderFrame(b *testing.B) {
	wb := loadWorkbook(b)
	d := newDriver(b, Options{Workbook: wb}, 80, 24)
	d.run(d.m.openReader(longestSection(wb), 0))
	if d.m.reader.maxOffset() < 1 {
		b.Fatal("section must scroll")
	}
	f := newFrameRenderer(80, 24)
	f.frame(d.m.View().Content)
	keys := []tea.KeyPressMsg{keyMsg("j"), keyMsg("k")}
	var written, viewSize int
	i := 0
	cpu := processCPU()
	for b.Loop() {
		d.m.Update(keys[i%2])
		v := d.m.View().Content
		written += f.frame(v)
		viewSize += len(v)
		i++
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(i), "cpu-ns/op")
	b.ReportMetric(float64(viewSize)/float64(i), "view-B")
	b.ReportMetric(float64(written)/float64(i), "written-B")
}

// BenchmarkRendererFrame is the renderer's share alone: the frames of
// j and k prepared beforehand, drawn in turn.
func BenchmarkRendererFrame(b *testing.B) {
	wb := loadWorkbook(b)
	d := newDriver(b, Options{Workbook: wb}, 80, 24)
	d.run(d.m.openReader(longestSection(wb), 0))
	d.key("j")
	down := d.m.View().Content
	d.key("k")
	up := d.m.View().Content
	f := newFrameRenderer(80, 24)
	frames := []string{down, up}
	f.frame(up)
	i := 0
	cpu := processCPU()
	for b.Loop() {
		f.frame(frames[i%2])
		i++
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(i), "cpu-ns/op")
}
