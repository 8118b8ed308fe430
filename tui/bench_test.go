package tui

import (
	"testing"

	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
)

// longestSection is the section with the most Markdown.
func longestSection(wb *workbook.Workbook) int {
	best := 0
	for i, s := range wb.Sections {
		if len(s.Markdown) > len(wb.Sections[best].Markdown) {
			best = i
		}
	}
	return best
}

// BenchmarkRenderSection measures glamour laying out the longest section.
func BenchmarkRenderSection(b *testing.B) {
	wb := loadWorkbook(b)
	sec := wb.Sections[longestSection(wb)]
	b.Run("cold", func(b *testing.B) {
		// A new width every time: nothing can be reused.
		w := 60
		for b.Loop() {
			if _, err := renderSection(sec, w, glamourStyle(true, false)); err != nil {
				b.Fatal(err)
			}
			w = 60 + (w-59)%60
		}
	})
	b.Run("cached", func(b *testing.B) {
		// Going to a section already rendered at this width (h and l
		// between two sections): Update, the cache hit, and the frame.
		d := newDriver(b, Options{Workbook: wb}, 100, 30)
		d.run(d.m.openReader(longestSection(wb), 0))
		d.key("l", "h")
		keys := []tea.KeyPressMsg{keyMsg("l"), keyMsg("h")}
		i := 0
		for b.Loop() {
			_, cmd := d.m.Update(keys[i%2])
			if cmd != nil {
				b.Fatal("a cached section must not render again")
			}
			_ = d.m.View()
			i++
		}
	})
	b.Run("resize-cached", func(b *testing.B) {
		// Switching between two widths already rendered: a resize served
		// from the cache, then the frame.
		d := newDriver(b, Options{Workbook: wb}, 100, 30)
		d.m.openReader(longestSection(wb), 0)
		d.send(tea.WindowSizeMsg{Width: 120, Height: 30})
		d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
		sizes := []tea.WindowSizeMsg{{Width: 120, Height: 30}, {Width: 100, Height: 30}}
		i := 0
		for b.Loop() {
			_, cmd := d.m.Update(sizes[i%2])
			if cmd != nil {
				b.Fatal("a cached width must not render again")
			}
			_ = d.m.View()
			i++
		}
	})
}

// BenchmarkReaderKeystroke is one scroll key in the longest section:
// Update and the View that follows.
func BenchmarkReaderKeystroke(b *testing.B) {
	wb := loadWorkbook(b)
	d := newDriver(b, Options{Workbook: wb}, 100, 12)
	d.run(d.m.openReader(longestSection(wb), 0))
	if d.m.reader.maxOffset() < 2 {
		b.Fatal("section must scroll")
	}
	keys := []tea.KeyPressMsg{keyMsg("j"), keyMsg("k")}
	i := 0
	for b.Loop() {
		d.m.Update(keys[i%2])
		_ = d.m.View()
		i++
	}
}
