package tui

import "testing"

func TestShortStep(t *testing.T) {
	label := "Next: Day 16: Decision area — select one decision area you can fully own"
	for _, c := range []struct {
		w    int
		want string
	}{
		{100, label},
		{40, "Next: Day 16: Decision area"},
		{26, "Next: Decision area"},
		{10, "Next: Decision area"}, // the caller cuts what still does not fit
	} {
		if got := shortStep(label, c.w); got != c.want {
			t.Errorf("shortStep(%d) = %q, want %q", c.w, got, c.want)
		}
	}
	if got := shortStep("Next: Read: Safety boundary", 12); got != "Next: Safety boundary" {
		t.Errorf("a step without guidance: %q", got)
	}
}
