package plain

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"autonomy/content"
	"autonomy/store"
	"autonomy/workbook"
)

// now is the tests' clock: a Tuesday morning.
var now = time.Date(2026, 3, 10, 9, 30, 0, 0, time.Local)

// rig is a real database in a temporary directory and the workbook.
type rig struct {
	t    *testing.T
	wb   *workbook.Workbook
	st   *store.Store
	tick time.Duration // the clock moves a second at each reading: saves keep their order
}

func newRig(t *testing.T) *rig {
	t.Helper()
	wb, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "autonomy.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.SetExercises(context.Background(), wb.Exercises); err != nil {
		t.Fatal(err)
	}
	return &rig{t: t, wb: wb, st: st}
}

// launch runs accessible mode once on the lines given, as a launch of the
// app with its input piped in, and returns what it wrote.
func (r *rig) launch(lines ...string) string {
	r.t.Helper()
	var out strings.Builder
	err := Run(context.Background(), Options{Workbook: r.wb, Store: r.st, Out: &out,
		In: strings.NewReader(strings.Join(lines, "\n") + "\n"), Width: 80, Height: 12,
		Now: func() time.Time { r.tick += time.Second; return now.Add(r.tick) }})
	if err != nil {
		r.t.Fatalf("%v\n%s", err, out.String())
	}
	noEscapes(r.t, out.String())
	return out.String()
}

// noEscapes fails on any escape sequence or control character but the
// newline: accessible mode writes plain text only.
func noEscapes(t *testing.T, s string) {
	t.Helper()
	for i, r := range s {
		if r != '\n' && (unicode.IsControl(r) || r == '\uFFFD') {
			t.Fatalf("a control character %U at byte %d: %q", r, i, s[max(i-40, 0):min(i+40, len(s))])
		}
	}
}

// says checks the transcript says each of want; a want of one line may be
// wrapped over several.
func says(t *testing.T, out string, want ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	for _, w := range want {
		if !strings.Contains(out, w) && (strings.Contains(w, "\n") || !strings.Contains(flat, strings.Join(strings.Fields(w), " "))) {
			t.Errorf("the transcript does not say %q:\n%s", w, out)
		}
	}
}

// entry is the current answer of the run's entry of an exercise.
func (r *rig) entry(exercise string) workbook.Answer {
	r.t.Helper()
	runs, err := r.st.Runs(context.Background())
	if err != nil || len(runs) == 0 {
		r.t.Fatalf("runs: %v %v", runs, err)
	}
	entries, err := r.st.Entries(context.Background(), runs[len(runs)-1].ID)
	if err != nil {
		r.t.Fatal(err)
	}
	if e, ok := workbook.NewestEntry(entries, exercise); ok {
		return e.Current.Answer
	}
	r.t.Fatalf("no %s entry among %d", exercise, len(entries))
	return workbook.Answer{}
}

// startRun starts a run: the challenge, today's start date, level 1.
func (r *rig) startRun() {
	r.t.Helper()
	out := r.launch("1", "Ship the billing migration", "", "2", "", "q")
	says(r.t, out, "Saved.", "Run 1: Day 1 of 30, Clarity baseline.")
}

// Home is a numbered menu; the run, the scope, the blockers and the noise
// pointing to a blocker are filled by prompts only, and saved.
func TestStartRunAndFillTheLists(t *testing.T) {
	r := newRig(t)
	out := r.launch("q")
	says(t, out, "1. Next: Start a run: name one real challenge\n2. Review your entries\n", "q. Quit\nChoose a number: ",
		"Type ! any time for the guide's safety boundary.")

	out = r.launch("1", "Ship the billing migration", "", "9", "2", "Because I follow the runbook", "q")
	says(t, out,
		"One real challenge (required): ",
		"Now: 2026-03-10\nStart date: ",
		"Your level today (required): \n1. Choose one\n2. Level 1: Procedural autonomy",
		"Invalid: must be a number between 1 and 4", // 9, asked again
		"Saved.",
		"Run 1: Day 1 of 30, Clarity baseline.\nChallenge: Ship the billing migration\n",
		"1. Next: Day 1: Scope — define your scope in one sentence")
	ch := r.entry("challenge")
	if ch.Fields["challenge"] != "Ship the billing migration" || ch.Fields["level"] != "1" || ch.Fields["start_date"] != "2026-03-10" {
		t.Fatalf("challenge = %v", ch.Fields)
	}

	out = r.launch("1", "I own the rollout. And the rest.", "I own the billing rollout", // one sentence, please
		"1", "add Waiting on reviews", "add", "Flaky CI", "move 2 to 1", "done",
		"1", "add Status meeting", "point 1 to 2", "done", "q")
	says(t, out, "one sentence, please\nYour scope in one sentence (required): ",
		"Recurring blockers (required): no items yet.",
		"Blockers to point to:\n1. Flaky CI\n2. Waiting on reviews",
		`Item 1 points to blocker 2, "Waiting on reviews".`)
	if got := r.entry("scope").Fields["scope"]; got != "I own the billing rollout" {
		t.Fatalf("scope = %q", got)
	}
	blockers := r.entry("blockers").Lists["items"]
	if len(blockers) != 2 || blockers[0].Text != "Flaky CI" || blockers[1].Text != "Waiting on reviews" {
		t.Fatalf("blockers = %+v", blockers)
	}
	noise := r.entry("noise").Lists["items"]
	if len(noise) != 1 || noise[0].Text != "Status meeting" || noise[0].Ref != blockers[1].ID {
		t.Fatalf("noise = %+v, want a ref to %s", noise, blockers[1].ID)
	}
}

// A refused save says why, naming every field, and asks the refused
// fields again, each with its reason; nothing answered is lost.
func TestRefusedSaveAsksTheFieldsAgain(t *testing.T) {
	r := newRig(t)
	out := r.launch("1", "", "", "", "keep this", // nothing chosen, no challenge
		"Ship it", "3", "q")
	says(t, out, "Not saved: fill in One real challenge; choose Your level today. Asked again:",
		"Not saved: choose Your level today.\nThe level that describes your role now.\nYour level today (required): \n")
	ch := r.entry("challenge")
	if ch.Fields["challenge"] != "Ship it" || ch.Fields["level"] != "2" || ch.Fields["level_why"] != "keep this" {
		t.Fatalf("challenge = %v", ch.Fields)
	}
}

// A start date far from today is confirmed, as on the full screen; no
// asks for the date again.
func TestStartDateConfirmation(t *testing.T) {
	r := newRig(t)
	out := r.launch("1", "Ship it", "2025-01-01", "2", "", "n", "2026-03-09", "q")
	says(t, out, "2025-01-01 is 433 days ago: today would be day 434 of the run, past its 30 days.",
		"Start on 2025-01-01 anyway? (y or n) ", "Not started: change the start date.", "Now: 2025-01-01\nStart date: ",
		"Run 1: Day 2 of 30")
	if got := r.entry("challenge").Fields["start_date"]; got != "2026-03-09" {
		t.Fatalf("start date = %q", got)
	}
}

// The input's end in a form keeps every answer given as a draft; the next
// launch offers it, and saving it drops it.
func TestEndOfInputKeepsTheDraft(t *testing.T) {
	r := newRig(t)
	r.startRun()
	out := r.launch("8", "Cycle time", "2", "h") // the outcome metric, cut short
	says(t, out, "Left the form: your answers so far are kept as a draft", "Goodbye. Your answers are saved, and your 1 draft kept")
	drafts, err := r.st.Drafts(context.Background())
	if err != nil || len(drafts) != 1 || drafts[0].Answer.Fields["name"] != "Cycle time" || drafts[0].Answer.Fields["unit"] != "h" {
		t.Fatalf("drafts = %+v (%v)", drafts, err)
	}

	out = r.launch("2", "y", "", "", "", "48", "36", "2", "q")
	says(t, out, "2. Draft: Outcome metric, from 2026-03-10 09:30",
		"You have a draft of this form from 2026-03-10 09:30. Go on with it? n discards\nit for an empty form. (y or n) ",
		"Now: Cycle time\nMetric (required): ", "Now: Time\n", "Saved.",
		"Metric, Cycle time: no value yet, baseline 48 h; target 36 h.")
	if drafts, _ := r.st.Drafts(context.Background()); len(drafts) != 0 {
		t.Fatalf("the draft stayed after the save: %+v", drafts)
	}
	def := r.entry("metric").Fields
	if def["name"] != "Cycle time" || def["kind"] != "time" || def["baseline"] != "48" || def["direction"] != "lower" {
		t.Fatalf("metric = %v", def)
	}
}

// The metric is said in words, never drawn; the value form names the
// metric and takes the value with its unit; the review reads entries
// through their summaries.
func TestMetricInWordsAndReview(t *testing.T) {
	r := newRig(t)
	r.startRun()
	r.launch("8", "Cycle time", "", "h", "48", "36", "2", "q")
	out := r.launch("14", "", "28 h", "after the fix", "18", "1", "", "q")
	says(t, out, "Metric value: Cycle time\n", "Cycle time, in h (required): ",
		"Metric, Cycle time: 28 h, down 20 h (-41.7%) from the baseline of 48 h: better; target 36 h: reached.",
		"Run 1: 3 entries, newest first.\n1. Metric value, 2026-03-10: 2026-03-10 · 28 h · after the fix\n",
		"2. Outcome metric, 2026-03-10: Cycle time · 48 h → 36 h · lower is better\n",
		"Metric value: Cycle time, 2026-03-10, saved 2026-03-10 09:30\nDay: 2026-03-10\nCycle time, in h: 28\nNote: after the fix\n")
	if v := r.entry("metric-log").Fields["value"]; v != "28" {
		t.Fatalf("value = %q", v)
	}
	if regexp.MustCompile(`[▁-█]`).MatchString(out) {
		t.Fatal("a sparkline in accessible mode")
	}
}

// The reader says a section a page at a time; read to its end, the
// section counts as read; q stops it.
func TestReaderPages(t *testing.T) {
	r := newRig(t)
	out := r.launch("3", "3", "", "", "3", "2", "q", "q")
	says(t, out, "The guide, 8 sections:\n1. ", "\nmore? (enter, q) ", "End of section 3, Build autonomy in 30 days.",
		"It has 12 exercises", "- define your scope in one sentence,")
	read, err := r.st.ReadSections(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sec3, _ := r.wb.SectionByNumber(3)
	sec2, _ := r.wb.SectionByNumber(2)
	if !read[sec3.ID] || read[sec2.ID] {
		t.Fatalf("read = %v: want section 3 read to its end, 2 left at q", read)
	}
	for _, l := range strings.Split(out, "\n") {
		if len([]rune(l)) > 80 {
			t.Fatalf("a line over 80 columns: %q", l)
		}
	}
}

// ! says the safety boundary at any menu and offers to pause; a paused
// run is resumed from Home's next step.
func TestSafetyBoundaryAndPause(t *testing.T) {
	r := newRig(t)
	r.startRun()
	out := r.launch("!", "", "y", "q")
	says(t, out, "Pause this process and seek qualified support if stress symptoms", "Pause your run now? Paused days do not count. (y or n) ",
		"Paused: the days do not count", "Run 1: Day 1 of 30, paused.", "1. Next: Resume your paused run\n2. Or: Read the safety boundary")
	if strings.Count(out, "Type ! any time") != 1 {
		t.Fatal("the notice about ! stays once the boundary was read")
	}
	out = r.launch("1", "q")
	says(t, out, "Resumed. Welcome back.")
	runs, _ := r.st.Runs(context.Background())
	if len(runs) != 1 || runs[0].IsPaused() || len(runs[0].Pauses) != 1 {
		t.Fatalf("runs = %+v", runs)
	}
}

// A person's text is said without its escape sequences, wherever it comes
// from (an import may hold any).
func TestHostileTextIsPlain(t *testing.T) {
	r := newRig(t)
	start, _ := r.wb.RunStart()
	a := workbook.Answer{Fields: map[string]string{"challenge": "Ship\x1b]52;c;aGk=\x07 it\x1b[2J", "start_date": "2026-03-10", "level": "1"}}
	if _, err := r.st.StartRun(context.Background(), start, a, now); err != nil {
		t.Fatal(err)
	}
	out := r.launch("18", "1", "", "q") // the review: noEscapes checks every line
	says(t, out, "Challenge: Ship it", "One real challenge: Ship it")
}

// The input ending at a choice huh would ask again (a required one, after
// a refused save) leaves the form with its draft: huh's select asks until
// its check passes, and would ask for ever.
func TestEndOfInputAtARefusedChoice(t *testing.T) {
	r := newRig(t)
	done := make(chan string)
	go func() { done <- r.launch("1", "", "", "", "", "Ship it") }()
	select {
	case out := <-done:
		says(t, out, "Not saved: fill in One real challenge; choose Your level today.", "Left the form: your answers so far are kept as a draft")
	case <-time.After(10 * time.Second):
		t.Fatal("the form never ended with its input")
	}
	drafts, err := r.st.Drafts(context.Background())
	if err != nil || len(drafts) != 1 || drafts[0].Answer.Fields["challenge"] != "Ship it" {
		t.Fatalf("drafts = %+v (%v)", drafts, err)
	}
}
