package workbook_test

import (
	"strings"
	"testing"

	"autonomy/workbook"
)

// TestAnswerDiffNamesFields: each line of what changed names its field,
// with choices by their labels.
func TestAnswerDiffNamesFields(t *testing.T) {
	w := load(t)
	op := map[workbook.DiffOp]string{workbook.DiffSame: " ", workbook.DiffAdded: "+", workbook.DiffRemoved: "-", workbook.DiffChanged: "~"}
	show := func(lines []workbook.DiffLine) string {
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(op[l.Op] + " " + l.Text + "\n")
		}
		return b.String()
	}
	metric := exerciseOf(t, w, "metric")
	old := answer(kv{"name": "Cycle time", "unit": "h", "baseline": "48", "target": "36", "direction": "lower", "kind": "time"})
	new := answer(kv{"name": "Cycle time", "unit": "", "baseline": "48", "target": "60", "direction": "higher", "kind": "time"})
	want := "- Unit: h\n~ Target: 36 → 60\n~ Direction: Lower is better → Higher is better\n"
	if got := show(workbook.AnswerDiff(metric, old, new)); got != want {
		t.Errorf("metric diff:\n%s\nwant:\n%s", got, want)
	}

	report := exerciseOf(t, w, "report")
	got := show(workbook.AnswerDiff(report, answer(kv{"changed": "one\ntwo"}), answer(kv{"changed": "one\n2", "failed": "x\x1b[31m"})))
	if want := "  What changed:\n  one\n- two\n+ 2\n  What failed:\n+ x\n"; got != want {
		t.Errorf("report diff:\n%s\nwant:\n%s", got, want)
	}

	blockers := exerciseOf(t, w, "blockers")
	lists := func(its ...workbook.ListItem) workbook.Answer {
		return workbook.Answer{Lists: map[string][]workbook.ListItem{"items": its}}
	}
	a, b, c := workbook.ListItem{ID: "a", Text: "Late numbers"}, workbook.ListItem{ID: "b", Text: "Sign-off"}, workbook.ListItem{ID: "c", Text: "Meetings"}
	b2 := workbook.ListItem{ID: "b", Text: "Sign-off on everything"}
	got = show(workbook.AnswerDiff(blockers, lists(a, b), lists(b2, c)))
	if want := "  Recurring blockers:\n~ Sign-off → Sign-off on everything\n+ Meetings\n- Late numbers\n"; got != want {
		t.Errorf("list diff:\n%s\nwant:\n%s", got, want)
	}
	if got := show(workbook.AnswerDiff(blockers, lists(a, b), lists(b, a))); got != "  Recurring blockers:\n~ order changed\n" {
		t.Errorf("reorder: %q", got)
	}
	if got := workbook.AnswerDiff(blockers, lists(a, b), lists(a, b)); len(got) != 0 {
		t.Errorf("no change: %v", got)
	}
	// A value under an id the exercise does not have is named by its id.
	if got := show(workbook.AnswerDiff(exerciseOf(t, w, "scope"), answer(kv{"scope": "S"}), answer(kv{"scope": "S", "old": "x"}))); got != "+ old: x\n" {
		t.Errorf("unknown field: %q", got)
	}
}
