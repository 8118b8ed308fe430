package textfield

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// prose is n characters of made-up multi-paragraph text: lines of 60 to
// 300 characters, a blank line between some paragraphs, a few accented
// words and typographic quotes. The same n gives the same text.
func prose(n int) string {
	words := strings.Fields("the a of to and in that it was for on with as at by this " +
		"from but not what when which about would there their could because " +
		"morning evening decision pattern attention colleague conversation " +
		"noticed wanted afraid tired grateful calmer frustrated deliberately " +
		"café naïve résumé it’s “enough” — week’s")
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	count, line := 0, 0
	target := 60 + r.IntN(241)
	for count < n {
		w := words[r.IntN(len(words))]
		if line > 0 {
			w = " " + w
		}
		b.WriteString(w)
		count += utf8.RuneCountInString(w)
		line += utf8.RuneCountInString(w)
		if line >= target && count < n-1 {
			b.WriteString(".\n")
			count += 2
			if r.IntN(3) == 0 {
				b.WriteString("\n")
				count++
			}
			line, target = 0, 60+r.IntN(241)
		}
	}
	s := []rune(b.String())
	return string(s[:n])
}

const (
	benchWidth = 76
	benchLines = 8
	resetEvery = 100 // the text grows by a rune a keystroke: start again now and then
)

var benchSizes = []struct {
	name string
	n    int
}{{"1KB", 1024}, {"8000", 8000}}

// BenchmarkKeystroke is one typed rune (Update) plus View, the cursor in
// the middle of the text.
func BenchmarkKeystroke(b *testing.B) {
	key := tea.KeyPressMsg{Code: 'a', Text: "a"}
	for _, size := range benchSizes {
		text := prose(size.n)
		b.Run(size.name, func(b *testing.B) {
			f := newBenchField(text)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i++; i%resetEvery == 0 {
					b.StopTimer()
					f = newBenchField(text)
					b.StartTimer()
				}
				f.Update(key)
				_ = f.View()
			}
		})
	}
}

func newBenchField(text string) *Field {
	f := New().Lines(benchLines).Title("Notes")
	f.WithWidth(benchWidth)
	f.SetValue(text)
	f.Focus()
	f.Update(tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl})
	visual := 0
	for row := range f.buf.lines {
		visual += f.buf.segs(row)
	}
	for range visual / 2 {
		f.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	return f
}

// BenchmarkHuhText is the same keystroke on huh's own Text field, for
// comparison.
func BenchmarkHuhText(b *testing.B) {
	key := tea.KeyPressMsg{Code: 'a', Text: "a"}
	for _, size := range benchSizes {
		text := prose(size.n)
		visual := 0
		{
			f := newBenchField(text)
			for row := range f.buf.lines {
				visual += f.buf.segs(row)
			}
		}
		b.Run(size.name, func(b *testing.B) {
			t := newHuhText(text, visual)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i++; i%resetEvery == 0 {
					b.StopTimer()
					t = newHuhText(text, visual)
					b.StartTimer()
				}
				t.Update(key)
				_ = t.View()
			}
		})
	}
}

func newHuhText(text string, visual int) *huh.Text {
	s := text
	t := huh.NewText().Title("Notes").Lines(benchLines).CharLimit(0).Value(&s)
	t.WithWidth(benchWidth)
	t.Focus()
	t.Update(tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl})
	for range visual / 2 {
		t.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	return t
}
