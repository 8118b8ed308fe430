package workbook

import (
	"slices"
	"strings"
)

// DiffOp says whether a line of a diff is kept, added, removed or changed.
type DiffOp int

const (
	DiffSame DiffOp = iota
	DiffAdded
	DiffRemoved
	// DiffChanged marks a line that says how a one-line value changed,
	// from the old to the new: "Direction: Lower is better → Higher is
	// better" (AnswerDiff).
	DiffChanged
)

// DiffLine is one line of a line diff.
type DiffLine struct {
	Op   DiffOp
	Text string
}

// maxDiffCells bounds the LCS table; beyond it the diff is every old
// line removed and every new line added, which is still correct.
const maxDiffCells = 4_000_000

// DiffLines is a line diff from old to new (longest common subsequence):
// removed lines come before the added lines that replace them.
func DiffLines(old, new []string) []DiffLine {
	// Lines equal at both ends need no table.
	pre := 0
	for pre < len(old) && pre < len(new) && old[pre] == new[pre] {
		pre++
	}
	suf := 0
	for suf < len(old)-pre && suf < len(new)-pre && old[len(old)-1-suf] == new[len(new)-1-suf] {
		suf++
	}
	out := make([]DiffLine, 0, len(old)+len(new))
	for _, l := range old[:pre] {
		out = append(out, DiffLine{DiffSame, l})
	}
	a, b := old[pre:len(old)-suf], new[pre:len(new)-suf]
	out = append(out, lcsDiff(a, b)...)
	for _, l := range old[len(old)-suf:] {
		out = append(out, DiffLine{DiffSame, l})
	}
	return out
}

func lcsDiff(a, b []string) []DiffLine {
	var out []DiffLine
	if (len(a)+1)*(len(b)+1) > maxDiffCells {
		for _, l := range a {
			out = append(out, DiffLine{DiffRemoved, l})
		}
		for _, l := range b {
			out = append(out, DiffLine{DiffAdded, l})
		}
		return out
	}
	// n[i][j] is the LCS length of a[i:] and b[j:].
	w := len(b) + 1
	n := make([]int, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				n[i*w+j] = n[(i+1)*w+j+1] + 1
			} else {
				n[i*w+j] = max(n[(i+1)*w+j], n[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, DiffLine{DiffSame, a[i]})
			i++
			j++
		case n[(i+1)*w+j] >= n[i*w+j+1]:
			out = append(out, DiffLine{DiffRemoved, a[i]})
			i++
		default:
			out = append(out, DiffLine{DiffAdded, b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, DiffLine{DiffRemoved, a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, DiffLine{DiffAdded, b[j]})
	}
	return out
}

// AnswerDiff is what changed from old to new, field by field in the
// exercise's order, every line naming its field; unchanged fields are left
// out:
//
//   - a one-line value (text, number, date, choice by its label):
//     "Label: old → new" (DiffChanged), "Label: new" when it was blank
//     (DiffAdded), "Label: old" when it is now blank (DiffRemoved);
//   - a text of several lines: "Label:" (DiffSame), then its line diff;
//   - a list: "Label:" (DiffSame), then its items by their ids: added,
//     removed, and "old → new" for an item reworded; "order changed" when
//     only the order did.
//
// Values are made safe for a terminal (Sanitize, SanitizeLine). Values
// under ids the exercise does not have come last, by id.
func AnswerDiff(ex Exercise, old, new Answer) []DiffLine {
	var out []DiffLine
	fields := slices.Clone(ex.Fields)
	known := map[string]bool{}
	for _, f := range fields {
		known[f.ID] = true
	}
	for _, id := range append(old.ids(), new.ids()...) {
		if !known[id] {
			known[id] = true
			kind := FieldText
			if len(old.Lists[id]) > 0 || len(new.Lists[id]) > 0 {
				kind = FieldList
			}
			fields = append(fields, Field{ID: id, Label: id, Kind: kind})
		}
	}
	for _, f := range fields {
		switch f.Kind {
		case FieldList:
			out = append(out, listDiff(f, old.Lists[f.ID], new.Lists[f.ID])...)
		case FieldTextarea:
			a, b := Sanitize(old.Fields[f.ID]), Sanitize(new.Fields[f.ID])
			if a == b {
				continue
			}
			out = append(out, DiffLine{DiffSame, f.Label + ":"})
			out = append(out, DiffLines(textLines(a), textLines(b))...)
		default:
			a, b := DisplayValue(f, old.Fields[f.ID]), DisplayValue(f, new.Fields[f.ID])
			switch {
			case a == b:
			case a == "":
				out = append(out, DiffLine{DiffAdded, f.Label + ": " + b})
			case b == "":
				out = append(out, DiffLine{DiffRemoved, f.Label + ": " + a})
			default:
				out = append(out, DiffLine{DiffChanged, f.Label + ": " + a + " → " + b})
			}
		}
	}
	return out
}

// textLines splits a text into lines; none for a blank text.
func textLines(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// listDiff compares a list's items by id.
func listDiff(f Field, old, new []ListItem) []DiffLine {
	text := func(it ListItem) string { return strings.TrimSpace(SanitizeLine(it.Text)) }
	before := map[string]ListItem{}
	for _, it := range old {
		before[it.ID] = it
	}
	after := map[string]bool{}
	var lines []DiffLine
	for _, it := range new {
		after[it.ID] = true
		prev, ok := before[it.ID]
		switch {
		case !ok:
			lines = append(lines, DiffLine{DiffAdded, text(it)})
		case text(prev) != text(it):
			lines = append(lines, DiffLine{DiffChanged, text(prev) + " → " + text(it)})
		case prev.Ref != it.Ref:
			lines = append(lines, DiffLine{DiffChanged, text(it) + ": points to another item"})
		}
	}
	for _, it := range old {
		if !after[it.ID] {
			lines = append(lines, DiffLine{DiffRemoved, text(it)})
		}
	}
	if len(lines) == 0 && !slices.EqualFunc(old, new, func(a, b ListItem) bool { return a.ID == b.ID }) {
		lines = append(lines, DiffLine{DiffChanged, "order changed"})
	}
	if len(lines) == 0 {
		return nil
	}
	return append([]DiffLine{{DiffSame, f.Label + ":"}}, lines...)
}
