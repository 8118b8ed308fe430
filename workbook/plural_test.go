package workbook

import "testing"

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n          int
		word, want string
	}{{1, "entry", "1 entry"}, {2, "entry", "2 entries"}, {3, "day", "3 days"}, {2, "match", "2 matches"}, {0, "exercise", "0 exercises"}, {4, "pause", "4 pauses"}} {
		if got := Plural(c.n, c.word); got != c.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", c.n, c.word, got, c.want)
		}
	}
}
