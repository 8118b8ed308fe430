package exchange

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/glamour/v2"

	"autonomy/workbook"
)

// inUTCZone runs the test with the local zone set to UTC, so that the
// days of the report do not depend on the machine.
func inUTCZone(t *testing.T) {
	old := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = old })
}

func markdown(t *testing.T, wb *workbook.Workbook, run workbook.RunArchive, include map[Part]bool) string {
	t.Helper()
	var b strings.Builder
	if err := EncodeMarkdown(&b, wb, run, include); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// smallMarkdown is the report of smallArchive, as FORMAT.md shows it.
const smallMarkdown = `# Autonomy report — Run 1

Started on 2026-03-01. Day 6 of 30 on 2026-03-07, the day of its last change. 1 paused day not counted.

## Challenge

Ship the monthly report without waiting for sign-off.

**Your level today:** Level 1: Procedural autonomy

## Recurring blockers

- Numbers arrive late
- Every change needs a "go"
`

func TestMarkdownShape(t *testing.T) {
	inUTCZone(t)
	wb := loadWorkbook(t)
	if got := markdown(t, wb, smallArchive().Runs[0], nil); got != smallMarkdown {
		t.Fatalf("report:\n%s\nwant:\n%s", got, smallMarkdown)
	}
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```markdown\n"+smallMarkdown+"```") {
		t.Error("FORMAT.md does not show the report of smallArchive as its example")
	}
}

// hostile is a run whose answers hold Markdown, HTML, entities, links,
// escape sequences and control characters, in every kind of field.
func hostile() workbook.RunArchive {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	n := 0
	entry := func(exercise string, a workbook.Answer) workbook.EntryArchive {
		n++
		at := t0.Add(time.Duration(n) * time.Hour)
		id := "e" + exercise
		return workbook.EntryArchive{ID: id, Exercise: exercise, Date: workbook.DateOf(at), CreatedAt: at,
			Revisions: []workbook.Revision{{ID: id + "-1", EntryID: id, SavedAt: at, Answer: a}}}
	}
	fields := func(kv ...string) workbook.Answer {
		a := workbook.Answer{Fields: map[string]string{}}
		for i := 0; i < len(kv); i += 2 {
			a.Fields[kv[i]] = kv[i+1]
		}
		return a
	}
	list := func(texts ...string) workbook.Answer {
		a := workbook.Answer{Lists: map[string][]workbook.ListItem{}}
		for i, s := range texts {
			a.Lists["items"] = append(a.Lists["items"], workbook.ListItem{ID: string(rune('a' + i)), Text: s})
		}
		return a
	}
	return workbook.RunArchive{
		Run: workbook.Run{ID: "r", Number: 7, StartedAt: t0},
		Entries: []workbook.EntryArchive{
			entry("challenge", fields("challenge", "# not a heading", "level", "3", "level_why", "[a](http://x)")),
			entry("scope", fields("scope", "&#27;[31m and <b>bold</b> and `code` and *x* and a | b | c")),
			entry("blockers", list(
				"- not a list", "1. not ordered", "> not a quote", "===", "~~strike~~ $x$ :smile:",
				"www.example.com and a@b.co and http://y.com", "\x1b[31mred\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07",
				"![img](http://x/i.png) <http://z> [ref]: http://r", "# item")),
			entry("decision", fields("area", "a\rb")),
			entry("report", fields("changed", "    four spaces\n\t# tab heading\n```\n---\n<script>alert(1)</script>\n\u202Eevil\nline\\\ntrailing  ",
				"failed", "a\rb")),
			entry("metric", fields("name", "*m*", "baseline", "1", "target", "2", "unit", "_u_", "direction", "lower", "kind", "time")),
			entry("constraint", fields("what", "<i>c</i>", "reasonable", "no")),
			entry("metric-log", fields("date", "2026-03-01", "value", "| 9 | <b>")),
			nextDay(entry("metric-log", fields("date", "2026-03-02", "value", "3"))),
			entry("checkin", fields("ownership", "stable", "contribution", "[x](http://c)", "communication", "collapsed",
				"stress", "yes", "note", "# note heading\n| a | b |")),
			entry("reflection", fields("activity", "yes", "shield", "no", "note", "> quote\n1. list")),
		},
	}
}

// nextDay moves an entry to the next day.
func nextDay(e workbook.EntryArchive) workbook.EntryArchive {
	e.Date = e.Date.AddDays(1)
	return e
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

func render(t *testing.T, style, md string) string {
	t.Helper()
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(80))
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(md)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMarkdownUserTextIsPlain(t *testing.T) {
	inUTCZone(t)
	wb := loadWorkbook(t)
	md := markdown(t, wb, hostile(), nil)

	// The source: escaped, and every heading is ours.
	for _, want := range []string{
		`\# not a heading`, `\[a\](http&#58;//x)`, `&amp;#27;\[31m`, `\<b\>bold\</b\>`, "\\`code\\`", `\*x\*`, `a \| b \| c`,
		`\- not a list`, `1\. not ordered`, `\> not a quote`, `&#61;==`, `&#126;&#126;strike&#126;&#126; &#36;x&#36; &#58;smile:`,
		`www\.example\.com and a@b\.co and http&#58;//y\.com`, "- red link\n", `!\[img\](http&#58;//x/i\.png) \<http&#58;//z\> \[ref\]: http&#58;//r`,
		"**What changed:** four spaces\n", "\n\\# tab heading\n", "\n\\`\\`\\`\n", "\n\\---\n", "\nevil\n", "\nline\\\\\n", "\ntrailing\n",
		"**What failed:** a\n\nb\n", "\na b\n",
		`\*m\*: 1 → 2 \_u\_ (lower is better), time`,
		"\n\\<i\\>c\\</i\\>\n", "\nMarked as not reasonable.\n",
		"| 2026-03-01 | \\| 9 \\| \\<b\\> \\_u\\_ |\n| 2026-03-02 | 3 \\_u\\_ |\n",
		"**Latest, on 2026-03-02:** 3 \\_u\\_, up 2 \\_u\\_ (+200%) from the baseline: worse; target 2 \\_u\\_: 1 \\_u\\_ to go.\n",
		"| 2026-03-01 | Stable | \\[x\\](http&#58;//c) | Collapsed |\n",
		"**2026-03-01:** stress or safety flagged. \\# note heading\n", "\n\\| a \\| b \\|\n",
		"**Failure modes:** Confusing activity with progress\n", "**Note:** \\> quote\n", "\n1\\. list\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	var headings []string
	for line := range strings.SplitSeq(md, "\n") {
		if strings.HasPrefix(line, "#") {
			headings = append(headings, line)
		}
	}
	wantHeadings := []string{"# Autonomy report — Run 7", "## Challenge", "## Scope", "## Recurring blockers",
		"## Constraint to lift", "## Decision area", "## Outcome metric", "## Metric values", "## Reports",
		"### Report of 2026-03-01", "## Stability check-ins", "## Failure-mode reflections", "### Reflection of 2026-03-01"}
	if !slices.Equal(headings, wantHeadings) {
		t.Errorf("headings %q, want %q", headings, wantHeadings)
	}
	// The person's "|" makes no cell: two columns in the metric's table,
	// four in the check-ins'.
	cell := regexp.MustCompile(`(^|[^\\])\|`)
	for line := range strings.SplitSeq(md, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		if n := len(cell.FindAllString(line, -1)); n != 3 && n != 5 {
			t.Errorf("table row with %d cells: %q", n-1, line)
		}
	}
	for _, bad := range []string{"\x1b", "\r", "\t", "\u202E", "\x07"} {
		if strings.Contains(md, bad) {
			t.Errorf("the Markdown holds %q", bad)
		}
	}

	// Rendered without colours: no escape sequence at all, the text as
	// typed.
	plain := render(t, "notty", md)
	if strings.Contains(plain, "\x1b") {
		t.Errorf("the notty render holds ESC: %q", plain)
	}
	for _, want := range []string{
		"# not a heading", "[a](http://x)", "&#27;[31m and <b>bold</b> and `code` and *x* and a | b | c",
		"- not a list", "1. not ordered", "> not a quote", "===", "~~strike~~ $x$ :smile:",
		"www.example.com and a@b.co and http://y.com", "red link", "![img](http://x/i.png) <http://z> [ref]: http://r",
		"# item", "four spaces", "# tab heading", "```", "---", "<script>alert(1)</script>", "line\\", "a b",
		"*m*: 1 → 2 _u_ (lower is better), time",
		"<i>c</i>", "| 9 | <b> _u_", "[x](http://c)", "# note heading", "| a | b |", "> quote", "1. list",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("the notty render lacks %q:\n%s", want, plain)
		}
	}

	// Rendered in colour: glamour's own SGR only, no hyperlink, and the
	// person's "# " lines styled as paragraphs, like the line under the title.
	dark := render(t, "dark", md)
	if rest := sgr.ReplaceAllString(dark, ""); strings.Contains(rest, "\x1b") {
		t.Errorf("the dark render holds ESC other than SGR: %q", rest)
	}
	if strings.Contains(dark, "\x1b]8;") {
		t.Error("the dark render holds a hyperlink (OSC 8)")
	}
	styles := func(text string) []string {
		for line := range strings.SplitSeq(dark, "\n") {
			if strings.Contains(sgr.ReplaceAllString(line, ""), text) {
				s := sgr.FindAllString(line, -1)
				slices.Sort(s)
				return slices.Compact(s)
			}
		}
		t.Fatalf("the dark render lacks %q", text)
		return nil
	}
	paragraph := styles("Started on 2026-03-01.")
	for _, text := range []string{"# not a heading", "# tab heading", "---", "&#27;[31m", "| a | b |", "1. list"} {
		if got := styles(text); !slices.Equal(got, paragraph) {
			t.Errorf("%q is styled %q, a paragraph %q", text, got, paragraph)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"plain text, here.": "plain text, here.",
		"e.g. this":         `e\.g. this`,
		"10:30 is: fine":    "10&#58;30 is: fine",
		"#1 and C#":         `\#1 and C#`,
		"+1 and a-b":        `\+1 and a-b`,
		"123456789. x":      `123456789\. x`,
		"1234567890. x":     `1234567890. x`,
		"2) x":              `2\) x`,
		"= x = y":           "&#61; x = y",
		"a\tb":              "a b",
		`\`:                 `\\`,
		"AT&T <3":           `AT&amp;T \<3`,
		"日本語: ok":           "日本語: ok",
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownParts(t *testing.T) {
	inUTCZone(t)
	wb := loadWorkbook(t)
	run := richArchive(wb).Runs[0]
	headings := func(md string) []string {
		var out []string
		for line := range strings.SplitSeq(md, "\n") {
			if strings.HasPrefix(line, "## ") {
				out = append(out, line)
			}
		}
		return out
	}
	all := []string{"## Challenge", "## Scope", "## Recurring blockers", "## Avoidable noise", "## Constraint to lift",
		"## Decision area", "## Outcome metric", "## Metric values", "## Reports", "## Stability check-ins",
		"## Failure-mode reflections", "## Process improvement", "## Feedback"}
	for _, tc := range []struct {
		name             string
		include, exclude []Part
		nilMap           bool
		want             []string
	}{
		{name: "nil map: everything", nilMap: true, want: all},
		{name: "default selection: everything", want: all},
		{name: "include", include: []Part{PartMetric, PartScope}, want: []string{"## Scope", "## Outcome metric"}},
		{name: "exclude", exclude: []Part{PartReports, PartFeedback, PartChallenge}, want: slices.DeleteFunc(slices.Clone(all), func(h string) bool {
			return h == "## Reports" || h == "## Feedback" || h == "## Challenge"
		})},
		{name: "include and exclude", include: []Part{PartNoise, PartBlockers}, exclude: []Part{PartBlockers}, want: []string{"## Avoidable noise"}},
		{name: "include the feedback loops", include: []Part{PartReflections, PartCheckins, PartMetricLog},
			want: []string{"## Metric values", "## Stability check-ins", "## Failure-mode reflections"}},
		{name: "exclude the feedback loops", exclude: []Part{PartReflections, PartCheckins, PartMetricLog}, want: slices.DeleteFunc(slices.Clone(all), func(h string) bool {
			return h == "## Metric values" || h == "## Stability check-ins" || h == "## Failure-mode reflections"
		})},
		{name: "nothing", include: []Part{PartFeedback}, exclude: []Part{PartFeedback}, want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sel := Selection(tc.include, tc.exclude)
			if tc.nilMap {
				sel = nil
			}
			md := markdown(t, wb, run, sel)
			if got := headings(md); !slices.Equal(got, tc.want) {
				t.Fatalf("parts %q, want %q", got, tc.want)
			}
			if !strings.HasPrefix(md, "# Autonomy report — Run 1\n\nStarted on 2026-03-03. Closed on 2026-03-31, on day 28. 1 paused day not counted.\n") {
				t.Fatalf("title and summary:\n%s", md)
			}
			// What is not included is not there: the reports' text.
			for text, part := range map[string]string{
				"What was escalated":          "## Reports",
				"| Day | Value |":             "## Metric values",
				"| Day | Ownership |":         "## Stability check-ins",
				"### Reflection of":           "## Failure-mode reflections",
				"Marked as not reasonable.":   "## Constraint to lift",
				"stress or safety flagged":    "## Stability check-ins",
				"Confusing activity with pro": "## Failure-mode reflections",
			} {
				if has := strings.Contains(md, text); has != slices.Contains(tc.want, part) {
					t.Fatalf("%q shown: %v", text, has)
				}
			}
		})
	}
}

func TestParsePart(t *testing.T) {
	for _, p := range Parts() {
		got, err := ParsePart(" " + strings.ToUpper(string(p)) + " ")
		if err != nil || got != p {
			t.Errorf("ParsePart(%q) = %q, %v", p, got, err)
		}
	}
	_, err := ParsePart("blocker")
	want := `unknown part "blocker" (want one of: challenge, scope, blockers, noise, constraint, decision, metric, metric-log, reports, checkins, reflections, improvement, feedback)`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestMarkdownCurrentRevision(t *testing.T) {
	inUTCZone(t)
	wb := loadWorkbook(t)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	rev := func(id string, at time.Time, scope string) workbook.Revision {
		return workbook.Revision{ID: id, SavedAt: at, Answer: workbook.Answer{Fields: map[string]string{"scope": scope}}}
	}
	run := workbook.RunArchive{Run: workbook.Run{ID: "r", Number: 2, StartedAt: t0}, Entries: []workbook.EntryArchive{{
		ID: "e", Exercise: "scope", Date: workbook.DateOf(t0), CreatedAt: t0,
		Revisions: []workbook.Revision{
			rev("1", t0.Add(3*time.Hour), "first at 12"),
			rev("2", t0.Add(4*time.Hour), "newest at 13"),
			rev("3", t0.Add(1*time.Hour), "older at 10, listed last"),
			rev("4", t0.Add(4*time.Hour), "also at 13, later in the list"),
		},
	}}}
	md := markdown(t, wb, run, nil)
	if !strings.Contains(md, "## Scope\n\nalso at 13, later in the list\n") || strings.Contains(md, "newest at 13") {
		t.Fatalf("not the current revision:\n%s", md)
	}
	// Only the parts with an answer; the day as of the last change.
	if want := "# Autonomy report — Run 2\n\nStarted on 2026-03-01. Day 1 of 30 on 2026-03-01, the day of its last change.\n\n## Scope\n"; !strings.HasPrefix(md, want) {
		t.Fatalf("got:\n%s\nwant it to start with:\n%s", md, want)
	}
}

func TestMarkdownNoWorkbook(t *testing.T) {
	inUTCZone(t)
	// Without exercise definitions, field ids stand for labels and choice
	// values for their labels.
	md := markdown(t, nil, smallArchive().Runs[0], nil)
	if !strings.Contains(md, "**level:** 1\n") || !strings.Contains(md, "- Numbers arrive late\n") {
		t.Fatalf("got:\n%s", md)
	}
	// Nor the guide: the constraint is marked, without its words; the
	// failure modes are named by their field ids.
	md = markdown(t, nil, feedbackLoops().Runs[0], nil)
	for _, want := range []string{"\nMarked as not reasonable.\n\n## ", "| 2026-03-04 | stable | shaky | collapsed |\n", "**Failure modes:** activity; confidence\n"} {
		if !strings.Contains(md, want) {
			t.Fatalf("lacks %q:\n%s", want, md)
		}
	}
}

func TestMarkdownFeedbackLoops(t *testing.T) {
	inUTCZone(t)
	wb := loadWorkbook(t)
	run := feedbackLoops().Runs[0]
	// A second check-in that flags stress only, and a reflection with no
	// failure mode marked and no note, which is left out.
	stressed := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	run.Entries = append(run.Entries,
		workbook.EntryArchive{ID: "c2", Exercise: "checkin", Date: date(2026, 3, 5), CreatedAt: stressed,
			Revisions: []workbook.Revision{{ID: "c2-0", EntryID: "c2", SavedAt: stressed, Answer: workbook.Answer{Fields: map[string]string{
				"ownership": "shaky", "contribution": "shaky", "communication": "shaky", "stress": "yes"}}}}},
		workbook.EntryArchive{ID: "r2", Exercise: "reflection", Date: date(2026, 3, 5), CreatedAt: stressed,
			Revisions: []workbook.Revision{{ID: "r2-0", EntryID: "r2", SavedAt: stressed, Answer: workbook.Answer{Fields: map[string]string{
				"activity": "no"}}}}},
	)
	md := markdown(t, wb, run, Selection([]Part{PartConstraint, PartMetricLog, PartCheckins, PartReflections}, nil))
	want := `# Autonomy report — Run 1

Started on 2026-03-01. Day 6 of 30 on 2026-03-07, the day of its last change. 1 paused day not counted.

## Constraint to lift

Sign-off on every change

**Status:** Refused

Marked as not reasonable.

*If the second condition dominates, autonomy is not solved by more planning. It needs boundary work and formal channels.*

## Metric values

| Day | Value |
| --- | --- |
| 2026-03-03 | 14 h |
| 2026-03-04 | 12 h |

**Latest, on 2026-03-04:** 12 h, down 3 h (-20%) from the baseline: better; target 10 h: 2 h to go.

## Stability check-ins

| Day | Ownership | Contribution | Communication |
| --- | --- | --- | --- |
| 2026-03-04 | Stable | Shaky | Collapsed |
| 2026-03-05 | Shaky | Shaky | Shaky |

**2026-03-04:** Handoffs slipped.

**2026-03-05:** stress or safety flagged.

## Failure-mode reflections

### Reflection of 2026-03-04

**Failure modes:** Confusing activity with progress; Mistaking confidence for certainty

**Note:** Too many meetings.
`
	if md != want {
		t.Fatalf("report:\n%s\nwant:\n%s", md, want)
	}

	// A constraint marked reasonable says nothing of it; values without a
	// metric make the table alone; a day logged in two entries shows the
	// one saved last.
	for i := range run.Entries {
		e := &run.Entries[i]
		switch e.Exercise {
		case "constraint":
			e.Revisions[0].Answer.Fields["reasonable"] = "yes"
		case "metric":
			e.Exercise = "scope"
		}
	}
	later := time.Date(2026, 3, 4, 23, 0, 0, 0, time.UTC)
	run.Entries = append(run.Entries, workbook.EntryArchive{ID: "m3", Exercise: "metric-log", Date: date(2026, 3, 4), CreatedAt: later,
		Revisions: []workbook.Revision{{ID: "m3-0", EntryID: "m3", SavedAt: later, Answer: workbook.Answer{Fields: map[string]string{"date": "2026-03-04", "value": "11.5"}}}}})
	md = markdown(t, wb, run, Selection([]Part{PartConstraint, PartMetricLog}, nil))
	if !strings.HasSuffix(md, "\n## Constraint to lift\n\nSign-off on every change\n\n**Status:** Refused\n\n## Metric values\n\n| Day | Value |\n| --- | --- |\n| 2026-03-03 | 14 |\n| 2026-03-04 | 11\\.5 |\n") {
		t.Fatalf("report:\n%s", md)
	}
}

func TestMarkdownReportStress(t *testing.T) {
	inUTCZone(t)
	wb := loadWorkbook(t)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	run := workbook.RunArchive{Run: workbook.Run{ID: "r", Number: 1, StartedAt: t0}, Entries: []workbook.EntryArchive{{
		ID: "e", Exercise: "report", Date: workbook.DateOf(t0), CreatedAt: t0,
		Revisions: []workbook.Revision{{ID: "v", SavedAt: t0, Answer: workbook.Answer{Fields: map[string]string{"changed": "Shipped.", "stress": "yes"}}}},
	}}}
	md := markdown(t, wb, run, nil)
	if !strings.HasSuffix(md, "### Report of 2026-03-02\n\n**What changed:** Shipped.\n\nStress or safety flagged.\n") || strings.Contains(md, "symptoms") {
		t.Fatalf("report:\n%s", md)
	}
}
