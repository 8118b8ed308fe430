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
		},
	}
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
		"## Decision area", "## Outcome metric", "## Reports", "### Report of 2026-03-01"}
	if !slices.Equal(headings, wantHeadings) {
		t.Errorf("headings %q, want %q", headings, wantHeadings)
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
	for _, text := range []string{"# not a heading", "# tab heading", "---", "&#27;[31m"} {
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
		"## Decision area", "## Outcome metric", "## Reports", "## Process improvement", "## Feedback"}
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
			if has := strings.Contains(md, "What was escalated"); has != slices.Contains(tc.want, "## Reports") {
				t.Fatalf("reports' text shown: %v", has)
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
	want := `unknown part "blocker" (want one of: challenge, scope, blockers, noise, constraint, decision, metric, reports, improvement, feedback)`
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
}
