package workbook

import (
	"strings"
	"testing"
)

func render(d []DiffLine) string {
	var b strings.Builder
	for _, l := range d {
		b.WriteString([]string{" ", "+", "-"}[l.Op] + l.Text + "\n")
	}
	return b.String()
}

func TestDiffLines(t *testing.T) {
	cases := []struct {
		name     string
		old, new string
		want     string
	}{
		{"same", "a\nb", "a\nb", " a\n b\n"},
		{"changed middle", "a\nb\nc", "a\nB\nc", " a\n-b\n+B\n c\n"},
		{"added at end", "a", "a\nb", " a\n+b\n"},
		{"removed at start", "a\nb", "b", "-a\n b\n"},
		{"from empty", "", "x", "-\n+x\n"},
		{"interleaved", "a\nb\nc\nd", "a\nc\nd\ne", " a\n-b\n c\n d\n+e\n"},
	}
	for _, c := range cases {
		got := render(DiffLines(strings.Split(c.old, "\n"), strings.Split(c.new, "\n")))
		if got != c.want {
			t.Errorf("%s:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
}

// Applying a diff's kept and added lines gives the new text; its kept and
// removed lines give the old one.
func TestDiffLinesRebuildsBothSides(t *testing.T) {
	old := strings.Split("one\ntwo\nthree\nfour\nfive\nsix", "\n")
	new := strings.Split("zero\none\nthree\nfour!\nfive\nsix\nseven", "\n")
	var o, n []string
	for _, l := range DiffLines(old, new) {
		if l.Op != DiffAdded {
			o = append(o, l.Text)
		}
		if l.Op != DiffRemoved {
			n = append(n, l.Text)
		}
	}
	if strings.Join(o, "\n") != strings.Join(old, "\n") || strings.Join(n, "\n") != strings.Join(new, "\n") {
		t.Fatalf("diff does not rebuild: %v / %v", o, n)
	}
}
