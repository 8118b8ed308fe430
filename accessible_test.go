package main

import "testing"

// ACCESSIBLE turns accessible mode on as huh's convention has it (set and
// not empty), but 0, false and no leave it off; --accessible always turns
// it on.
func TestAccessibleMode(t *testing.T) {
	for _, c := range []struct {
		env  string
		flag bool
		want bool
	}{
		{"", false, false}, {"1", false, true}, {"yes", false, true}, {"true", false, true},
		{"0", false, false}, {"false", false, false}, {"FALSE", false, false}, {"no", false, false},
		{"", true, true}, {"0", true, true},
	} {
		t.Setenv("ACCESSIBLE", c.env)
		if got := accessibleMode(c.flag); got != c.want {
			t.Errorf("ACCESSIBLE=%q --accessible=%v: %v, want %v", c.env, c.flag, got, c.want)
		}
	}
}
