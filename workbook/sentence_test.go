package workbook_test

import (
	"testing"

	"autonomy/workbook"
)

func TestIsOneSentence(t *testing.T) {
	for _, tt := range []struct {
		s   string
		one bool
	}{
		// One sentence.
		{"I own the weekly release of the billing service.", true},
		{"I own the release", true},
		{"I own the release, e.g. the notes and the tags.", true},
		{"I own the release, i.e. everything after the merge.", true},
		{"I own docs, tests, etc. for the billing service.", true},
		{"I own build vs. buy decisions for our tools.", true},
		{"I own the roadmap (incl. the dates) of the team.", true},
		{"I own the v2.1 release and its 3.4 patch.", true},
		{"I cut lead time from 3.5 to 2 days by 10.30 each Monday.", true},
		{"I report to J. Smith on the release.", true},
		{"I own the U.S. launch of the app.", true},
		{"I own the 9 a.m. stand-up of the team.", true},
		{"I own the notes (cf. the wiki) of the meeting.", true},
		{"I own the release… mostly the notes.", true},
		{"Do I own it?!", true},
		{"I own it.  ", true},
		{"I own example.com and its e-mail.", true},
		{"我负责每周的发布。", true},
		{"我负责 v2.1 的发布。", true},
		// Two sentences.
		{"I own X. I also own Y.", false},
		{"I own the release. The notes are Sam's.", false},
		{"I own X! And Y", false},
		{"Do I own X? Yes", false},
		{`They said "own it." I do`, false},
		{"I own plan B. Then C is next.", false},
		{"I own version 3. Then 4.", false},
		{"I own the release... The notes too.", false},
		{"I own it\nand more", false},
		{"我负责发布。我也负责测试。", false},
		{"我负责发布。 测试不是我的。", false},
		{"我负责发布！测试呢？", false},
		{"I own the release。I also own the tests.", false},
	} {
		if got := workbook.IsOneSentence(tt.s); got != tt.one {
			t.Errorf("IsOneSentence(%q) = %v, want %v", tt.s, got, tt.one)
		}
		f := workbook.Field{Kind: workbook.FieldText, OneSentence: true}
		if err := workbook.ValidateField(f, tt.s); (err == nil) != tt.one && !(tt.s == "I own it\nand more") {
			t.Errorf("ValidateField(%q) = %v", tt.s, err)
		}
	}
}
