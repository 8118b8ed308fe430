package workbook

import "testing"

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n          int
		word, want string
	}{{1, "entry", "1 entry"}, {2, "entry", "2 entries"}, {3, "day", "3 days"}, {2, "match", "2 matches"}, {0, "exercise", "0 exercises"}, {4, "pause", "4 pauses"},
		{10000, "entry", "10,000 entries"}, {1234567, "match", "1,234,567 matches"}, {999, "day", "999 days"}} {
		if got := Plural(c.n, c.word); got != c.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", c.n, c.word, got, c.want)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345",
		100000: "100,000", 1234567: "1,234,567", -1: "-1", -1234: "-1,234", -123456: "-123,456"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
