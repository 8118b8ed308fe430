package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// benchText is realistic multi-paragraph text of n runes.
func benchText(n int) string {
	para := []string{
		"The release checklist moved to the team wiki and the go/no-go call is now ours; QA signs off in the same meeting.",
		"",
		"Hotfixes still wait for the weekly window, which cost us two days on the payment bug.",
		"Escalated: the window itself, to the head of platform, with the numbers from the last three incidents and a proposal.",
	}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(para[i%len(para)])
		b.WriteByte('\n')
	}
	return string([]rune(b.String())[:n])
}

// BenchmarkFormKeystroke is one typed rune in a multi-line field of the
// report form, through the root model: Update and the View that follows.
func BenchmarkFormKeystroke(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1KB", 1024}, {"8000", 7999}} {
		b.Run(size.name, func(b *testing.B) {
			d := newDriver(b, Options{}, 100, 30)
			ex, _ := d.m.wb.Exercise("report")
			d.run(d.m.openForm(ex, "run", ""))
			*d.m.form().values["changed"] = benchText(size.n)
			d.run(d.m.form().build("changed"))
			keys := []tea.KeyPressMsg{{Code: 'x', Text: "x"}, {Code: tea.KeyBackspace}}
			i := 0
			for b.Loop() {
				d.m.Update(keys[i%2])
				_ = d.m.View()
				i++
			}
			if got := len([]rune(*d.m.form().values["changed"])); got < size.n {
				b.Fatalf("text shrank to %d", got)
			}
		})
	}
}
