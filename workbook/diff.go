package workbook

// DiffOp says whether a line of a diff is kept, added or removed.
type DiffOp int

const (
	DiffSame DiffOp = iota
	DiffAdded
	DiffRemoved
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
