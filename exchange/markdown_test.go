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

	// The source: escaped only where Markdown would read more than text,
	// and every heading is ours.
	for _, want := range []string{
		"\\# not a heading\n", `\[a\](http&#58;//x)`, `&amp;#27;[31m`, `\<b>bold\</b>`, "\\`code\\`", `\*x\*`, `a | b | c`,
		`\- not a list`, `1\. not ordered`, `\> not a quote`, "- ===\n", `&#126;&#126;strike&#126;&#126; &#36;x&#36; &#58;smile:`,
		`www\.example.com and a@b\.co and http&#58;//y.com`, "- red link\n", `!\[img\](http&#58;//x/i.png) \<http&#58;//z> \[ref\]: http&#58;//r`,
		"**What changed:** four spaces\n", "\n\\# tab heading\n", "\n\\`\\`\\`\n", "\n\\---\n", "\nevil\n", "\nline\\\\\n", "\ntrailing\n",
		"**What failed:** a\n\nb\n", "\na b\n",
		`\*m\* · 1 \_u\_ → 2 \_u\_ · lower is better · time metric`,
		"\n\\<i>c\\</i>\n", "\n**Status:** not reasonable\n",
		"| 2026-03-01 | \\| 9 \\| \\<b> \\_u\\_ |\n| 2026-03-02 | 3 \\_u\\_ |\n",
		"**Latest, on 2026-03-02:** 3 \\_u\\_, up 2 \\_u\\_ (+200%) from the baseline: worse; target 2 \\_u\\_: 1 \\_u\\_ to go.\n",
		"**2026-03-01:** ownership stable · contribution \\[x\\](http&#58;//c) · communication collapsed · # note heading | a | b |\n",
		"**Failure modes:** Confusing activity with progress\n", "**Note:** > quote\n", "\n1\\. list\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	// The stress flag is not in by default.
	if strings.Contains(md, "stress") || strings.Contains(md, "Stress") {
		t.Errorf("the default report tells of stress:\n%s", md)
	}
	var headings []string
	for line := range strings.SplitSeq(md, "\n") {
		if strings.HasPrefix(line, "#") {
			headings = append(headings, line)
		}
	}
	wantHeadings := []string{"# Autonomy report — Run 7", "## Challenge", "## Scope", "## Recurring blockers",
		"## Constraint to lift", "## Decision area", "## Outcome metric", "## Metric values", "## Reports",
		"### Report of 2026-03-01", "## Check-ins", "## Failure-mode reflections", "### Reflection of 2026-03-01"}
	if !slices.Equal(headings, wantHeadings) {
		t.Errorf("headings %q, want %q", headings, wantHeadings)
	}
	// The person's "|" makes no cell: two columns in the metric's table.
	cell := regexp.MustCompile(`(^|[^\\])\|`)
	for line := range strings.SplitSeq(md, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		if n := len(cell.FindAllString(line, -1)); n != 3 {
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
		"*m* · 1 _u_ → 2 _u_ · lower is better · time metric",
		"<i>c</i>", "| 9 | <b> _u_", "[x](http://c)", "# note heading | a | b |", "> quote", "1. list",
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
	for _, text := range []string{"# not a heading", "# tab heading", "---", "&#27;[31m", "1. list"} {
		if got := styles(text); !slices.Equal(got, paragraph) {
			t.Errorf("%q is styled %q, a paragraph %q", text, got, paragraph)
		}
	}
}

// TestPlainAsTyped: what Markdown reads as text is written as typed.
func TestPlainAsTyped(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "",
		"plain text, here.":             "plain text, here.",
		"10:00":                         "10:00",
		"3.4 and v2.1":                  "3.4 and v2.1",
		"-37.5%":                        "-37.5%",
		"(-37.5%)":                      "(-37.5%)",
		"12 h, down 3 h (-20%): better": "12 h, down 3 h (-20%): better",
		"e.g. this; i.e. that":          "e.g. this; i.e. that",
		"10:30 is: fine, at 10:00:30":   "10:30 is: fine, at 10:00:30",
		"#1 and C#":                     "#1 and C#",
		"+1 and a-b":                    "+1 and a-b",
		"snake_case and file_name.go":   "snake_case and file_name.go",
		"2 * 3 = 6":                     "2 * 3 = 6",
		"AT&T <3 a > b":                 "AT&T <3 a > b",
		"[draft":                        "[draft",
		"Dana (VP Eng)":                 "Dana (VP Eng)",
		"a | b":                         "a | b",
		"$5":                            "$5",
		"日本語: ok":                       "日本語: ok",
		"a\tb":                          "a b",
		"= x = y":                       "= x = y",
		"123456789. x":                  `123456789\. x`,
		"1234567890. x":                 "1234567890. x",
		"2) x":                          `2\) x`,
		"# x":                           `\# x`,
		"####### seven":                 "####### seven",
		`\`:                             `\\`,
		`a\*b`:                          `a\\\*b`,
		`C:\path\to`:                    `C:\path\to`,
		"*x*":                           `\*x\*`,
		"_x_":                           `\_x\_`,
		"~x~":                           "&#126;x&#126;",
		"`x`":                           "\\`x\\`",
		"a `b":                          "a `b",
		"[a](b)":                        `\[a\](b)`,
		"a@b.co":                        `a@b\.co`,
		"www.x.com":                     `www\.x.com`,
		"see https://x.com/a?b=1":       "see https&#58;//x.com/a?b=1",
		":smile: :+1: :100:":            "&#58;smile: &#58;+1: &#58;100:",
		"&amp; &#27; &copy;":            "&amp;amp; &amp;#27; &amp;copy;",
		"<b>":                           `\<b>`,
		": a definition":                "&#58; a definition",
		"```":                           "\\`\\`\\`",
		"~~~":                           "&#126;&#126;&#126;",
		"---":                           `\---`,
		"* * *":                         `\* * \*`,
		"> q":                           `\> q`,
	} {
		if got := plain(in, atLineStart); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
	if got := plain("a | b", atCell); got != `a \| b` {
		t.Errorf("in a cell: %q", got)
	}
	if got := plain("# x - y", atInline); got != "# x - y" {
		t.Errorf("inline: %q", got)
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
		"## Decision area", "## Outcome metric", "## Metric values", "## Reports", "## Check-ins",
		"## Failure-mode reflections", "## Process improvement", "## Feedback"}
	without := func(drop ...string) []string {
		return slices.DeleteFunc(slices.Clone(all), func(h string) bool { return slices.Contains(drop, h) })
	}
	for _, tc := range []struct {
		name             string
		include, exclude []Part
		nilMap           bool
		want             []string
	}{
		{name: "nil map: the default parts", nilMap: true, want: all},
		{name: "default selection", want: all},
		{name: "include", include: []Part{PartMetric, PartScope}, want: []string{"## Scope", "## Outcome metric"}},
		{name: "exclude", exclude: []Part{PartReports, PartFeedback, PartChallenge}, want: without("## Reports", "## Feedback", "## Challenge")},
		{name: "include and exclude", include: []Part{PartNoise, PartBlockers}, exclude: []Part{PartBlockers}, want: []string{"## Avoidable noise"}},
		{name: "include the feedback loops", include: []Part{PartReflections, PartCheckins, PartMetricLog},
			want: []string{"## Metric values", "## Check-ins", "## Failure-mode reflections"}},
		{name: "exclude the feedback loops", exclude: []Part{PartReflections, PartCheckins, PartMetricLog},
			want: without("## Metric values", "## Check-ins", "## Failure-mode reflections")},
		{name: "the flags, added on purpose", include: append(DefaultParts(), PartStress), want: append(slices.Clone(all), "## Stress and safety flags")},
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
			// What is not included is not there.
			for text, part := range map[string]string{
				"What was escalated":          "## Reports",
				"| Day | Value |":             "## Metric values",
				"ownership stable":            "## Check-ins",
				"### Reflection of":           "## Failure-mode reflections",
				"not reasonable":              "## Constraint to lift",
				"flagged stress or safety":    "## Stress and safety flags",
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
		for _, typed := range []string{" " + strings.ToUpper(p.Name()) + " ", string(p), strings.ReplaceAll(string(p), " ", "_")} {
			if got, err := ParsePart(typed); err != nil || got != p {
				t.Errorf("ParsePart(%q) = %q, %v", typed, got, err)
			}
		}
	}
	// The names of earlier versions still work.
	for old, p := range map[string]Part{"challenge": PartChallenge, "scope": PartScope, "blockers": PartBlockers, "noise": PartNoise,
		"constraint": PartConstraint, "decision": PartDecision, "metric": PartMetric, "metric-log": PartMetricLog, "reports": PartReports,
		"checkins": PartCheckins, "reflections": PartReflections, "improvement": PartImprovement, "feedback": PartFeedback, "stress": PartStress} {
		if got, err := ParsePart(old); err != nil || got != p {
			t.Errorf("ParsePart(%q) = %q, %v; want %q", old, got, err, p)
		}
	}
	_, err := ParsePart("blocker")
	want := `unknown part "blocker" (want one of: challenge, scope, recurring-blockers, avoidable-noise, constraint-to-lift, decision-area, outcome-metric, metric-values, reports, check-ins, failure-mode-reflections, process-improvement, feedback, exercises, stress-and-safety-flags)`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	if _, err := ParsePart(" "); err == nil {
		t.Error("ParsePart of nothing")
	}
	if slices.Contains(DefaultParts(), PartStress) || !slices.Contains(Parts(), PartStress) {
		t.Error("the stress part is in by default")
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

	// Two entries of a one-time exercise (an import brought both): the
	// newest by save time, though created first.
	run.Entries = append(run.Entries, workbook.EntryArchive{ID: "e0", Exercise: "scope", Date: workbook.DateOf(t0), CreatedAt: t0.Add(time.Hour),
		Revisions: []workbook.Revision{rev("5", t0.Add(2*time.Hour), "created later, saved earlier")}})
	md = markdown(t, wb, run, nil)
	if !strings.Contains(md, "## Scope\n\nalso at 13, later in the list\n") || strings.Contains(md, "created later") {
		t.Fatalf("not the newest entry:\n%s", md)
	}
}

func TestMarkdownNeedsTheWorkbook(t *testing.T) {
	var b strings.Builder
	if err := EncodeMarkdown(&b, nil, smallArchive().Runs[0], nil); err == nil || b.Len() != 0 {
		t.Fatalf("without a workbook: %v, %q", err, b.String())
	}
}

func TestMarkdownFeedbackLoops(t *testing.T) {
	inUTCZone(t)
	wb := loadWorkbook(t)
	run := feedbackLoops().Runs[0]
	// A second check-in that flags stress and says the week was not a
	// normal one, and a reflection with no failure mode marked and no
	// note, which is left out.
	stressed := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	run.Entries = append(run.Entries,
		workbook.EntryArchive{ID: "c2", Exercise: "checkin", Date: date(2026, 3, 5), CreatedAt: stressed,
			Revisions: []workbook.Revision{{ID: "c2-0", EntryID: "c2", SavedAt: stressed, Answer: workbook.Answer{Fields: map[string]string{
				"ownership": "shaky", "contribution": "shaky", "communication": "shaky", "stress": "yes", "normal_week": "no"}}}}},
		workbook.EntryArchive{ID: "r2", Exercise: "reflection", Date: date(2026, 3, 5), CreatedAt: stressed,
			Revisions: []workbook.Revision{{ID: "r2-0", EntryID: "r2", SavedAt: stressed, Answer: workbook.Answer{Fields: map[string]string{
				"activity": "no"}}}}},
	)
	md := markdown(t, wb, run, Selection([]Part{PartConstraint, PartMetricLog, PartCheckins, PartReflections}, nil))
	want := `# Autonomy report — Run 1

Started on 2026-03-01. Day 6 of 30 on 2026-03-07, the day of its last change. 1 paused day not counted.

## Constraint to lift

Sign-off on every change

**Status:** refused · not reasonable

*If the second condition dominates, autonomy is not solved by more planning. It needs boundary work and formal channels.*

## Metric values

| Day | Value |
| --- | --- |
| 2026-03-03 | 14 h |
| 2026-03-04 | 12 h |

**Latest, on 2026-03-04:** 12 h, down 3 h (-20%) from the baseline: better; target 10 h: 2 h to go.

## Check-ins

**2026-03-04:** ownership stable · contribution shaky · communication collapsed · Handoffs slipped.

**2026-03-05:** ownership shaky · contribution shaky · communication shaky · not a normal week

**Did the program fit into a normal week?** No in 1 check-in.

*Keep the workload compatible with your normal week. Consistency matters more than intensity.*

## Failure-mode reflections

### Reflection of 2026-03-04

**Failure modes:** Confusing activity with progress; Mistaking confidence for certainty

**Note:** Too many meetings.
`
	if md != want {
		t.Fatalf("report:\n%s\nwant:\n%s", md, want)
	}

	// A constraint marked reasonable says so and has no words on boundary
	// work; values without a metric make the table alone; a day logged in
	// two entries shows the newest.
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
	if !strings.HasSuffix(md, "\n## Constraint to lift\n\nSign-off on every change\n\n**Status:** refused · reasonable\n\n## Metric values\n\n| Day | Value |\n| --- | --- |\n| 2026-03-03 | 14 |\n| 2026-03-04 | 11.5 |\n") {
		t.Fatalf("report:\n%s", md)
	}
}

// TestMarkdownStressOnPurpose: a stress or safety flag is in the report
// only when the person adds its part, and then says nothing more.
func TestMarkdownStressOnPurpose(t *testing.T) {
	inUTCZone(t)
	wb := loadWorkbook(t)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	entry := func(id, exercise string, fields map[string]string) workbook.EntryArchive {
		return workbook.EntryArchive{ID: id, Exercise: exercise, Date: workbook.DateOf(t0), CreatedAt: t0,
			Revisions: []workbook.Revision{{ID: id + "v", SavedAt: t0, Answer: workbook.Answer{Fields: fields}}}}
	}
	run := workbook.RunArchive{Run: workbook.Run{ID: "r", Number: 1, StartedAt: t0}, Entries: []workbook.EntryArchive{
		entry("e", "report", map[string]string{"changed": "Shipped.", "stress": "yes"}),
		entry("c", "checkin", map[string]string{"ownership": "stable", "contribution": "stable", "communication": "stable", "stress": "yes", "note": "Tired."}),
	}}
	md := markdown(t, wb, run, nil)
	if !strings.Contains(md, "### Report of 2026-03-02\n\n**What changed:** Shipped.\n") || strings.Contains(md, "tress") || strings.Contains(md, "symptoms") {
		t.Fatalf("default report:\n%s", md)
	}
	md = markdown(t, wb, run, Selection(append(DefaultParts(), PartStress), nil))
	if !strings.HasSuffix(md, "## Stress and safety flags\n\n- The stability check-in of 2026-03-02 flagged stress or safety.\n- The report of 2026-03-02 flagged stress or safety.\n") || strings.Contains(md, "symptoms") {
		t.Fatalf("with the flags:\n%s", md)
	}
}
