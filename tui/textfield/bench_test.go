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
	text func() string
}{
	{"1KB", func() string { return prose(1024) }},
	{"8000", func() string { return prose(8000) }},
	// The worst case: the whole text one logical line.
	{"8000-one-paragraph", func() string { return strings.ReplaceAll(prose(8000), "\n", " ") }},
}

// BenchmarkKeystroke is one typed rune (Update) plus View, the cursor in
// the middle of the text.
func BenchmarkKeystroke(b *testing.B) {
	key := tea.KeyPressMsg{Code: 'a', Text: "a"}
	for _, size := range benchSizes {
		text := size.text()
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
		text := size.text()
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

// BenchmarkFormKeystroke is the keystroke through a huh.Form holding an
// input and the text field (ours, then huh's Text): what a person waits
// for, since huh's group draws every field again on every message.
func BenchmarkFormKeystroke(b *testing.B) {
	key := tea.KeyPressMsg{Code: 'a', Text: "a"}
	text := prose(8000)
	visual := 0
	{
		f := newBenchField(text)
		for row := range f.buf.lines {
			visual += f.buf.segs(row)
		}
	}
	fields := map[string]func() huh.Field{
		"textfield": func() huh.Field {
			s := text
			return New().Title("Notes").Lines(benchLines).Value(&s)
		},
		"huhtext": func() huh.Field {
			s := text
			return huh.NewText().Title("Notes").Lines(benchLines).CharLimit(0).Value(&s)
		},
	}
	for _, name := range []string{"textfield", "huhtext"} {
		b.Run(name+"/8000", func(b *testing.B) {
			newForm := func() *huh.Form {
				var a string
				form := huh.NewForm(huh.NewGroup(huh.NewInput().Key("a").Value(&a), fields[name]()))
				form.Init()
				form = formSend(form, tea.WindowSizeMsg{Width: benchWidth, Height: 40})
				form = formSend(form, tea.KeyPressMsg{Code: tea.KeyTab})
				form = formSend(form, tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl})
				for range visual / 2 {
					form = formSend(form, tea.KeyPressMsg{Code: tea.KeyDown})
				}
				return form
			}
			form := newForm()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i++; i%resetEvery == 0 {
					b.StopTimer()
					form = newForm()
					b.StartTimer()
				}
				fm, _ := form.Update(key)
				form = fm.(*huh.Form)
				_ = form.View()
			}
		})
	}
}
