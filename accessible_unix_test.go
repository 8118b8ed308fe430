//go:build unix

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"autonomy/store"
	"autonomy/workbook"
)

// answerStep is one answer of a scripted session: what the program says before
// it is asked (the pty waits for it), and the line typed.
type answerStep struct{ after, line string }

// a11yScript starts a run, fills the scope and the blockers list, defines
// the metric, logs a value and reviews, by prompts only.
var a11yScript = []answerStep{
	{"Choose a number: ", "1"}, // Next: start a run
	{"One real challenge (required): ", "Ship the billing migration"},
	{"Start date: ", ""}, // today, as said
	{"Enter a number between 1 and 4: ", "2"},
	{"Why this level: ", ""},
	{"Next: Day 1: Scope", "1"},
	{"Your scope in one sentence (required): ", "I own the billing rollout"},
	{"Next: Day 1: Recurring blockers", "1"},
	{"List command: ", "add Waiting on reviews"},
	{"Added item 1.", "add"},
	{"Item 2: ", "Flaky CI"},
	{"Added item 2.", "move 2 to 1"},
	{"to place 1.", "done"},
	{"8. Outcome metric", "8"},
	{"Metric (required): ", "Cycle time"},
	{"Enter a number between 1 and 6: ", ""},
	{"Unit: ", "h"},
	{"Baseline (required): ", "48"},
	{"Target (required): ", "36"},
	{"Enter a number between 1 and 3: ", "2"},
	{"14. Log metric value", "14"},
	{"Day (required): ", ""},
	{"Cycle time, in h (required): ", "28 h"},
	{"Note: ", ""},
	{"18. Review your entries", "18"},
	{"Entry number to read it whole", "1"},
	{"Cycle time, in h: 28", ""},
	{"Choose a number: ", "q"},
}

// TestAccessibleModeThroughPipeAndPty drives the real binary in
// accessible mode with scripted answers, through a pipe (--accessible)
// and through a pseudo-terminal (ACCESSIBLE=1): the transcript holds no
// escape sequence at all, and the database holds the answers.
func TestAccessibleModeThroughPipeAndPty(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	t.Run("pipe", func(t *testing.T) {
		t.Parallel()
		home := t.TempDir()
		var in strings.Builder
		for _, s := range a11yScript {
			in.WriteString(s.line + "\n")
		}
		cmd := exec.Command(bin, "--accessible")
		cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color",
			"XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_STATE_HOME=" + filepath.Join(home, "state")}
		cmd.Stdin = strings.NewReader(in.String())
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		checkA11yTranscript(t, string(out))
		// The answers read from the pipe are written after their
		// questions, as a terminal would echo them.
		if !strings.Contains(string(out), "List command: add Waiting on reviews\nAdded item 1.\n") {
			t.Errorf("the answers are not in the transcript:\n%s", out)
		}
		checkA11yAnswers(t, home)
	})
	t.Run("pty", func(t *testing.T) {
		t.Parallel()
		home := t.TempDir()
		s := start(t, bin, home, "ACCESSIBLE=1")
		// waitFor looks at the output since the last clear: the whole
		// transcript is kept apart.
		var transcript strings.Builder
		keep := func() {
			s.mu.Lock()
			transcript.Write(s.out.Bytes())
			s.out.Reset()
			s.mu.Unlock()
		}
		typeLine := func(line string) {
			keep()
			s.keys(line)
		}
		for i, st := range a11yScript {
			s.waitFor(st.after)
			if i == 11 {
				// ctrl+d in the list leaves the form with its draft; the
				// terminal goes on, and the draft is offered.
				typeLine("\x04")
				s.waitFor("kept as a draft")
				s.waitFor("Draft: Recurring blockers")
				typeLine("2\r")
				s.waitFor("Go on with it?")
				typeLine("y\r")
				s.waitFor("List command: ")
			}
			typeLine(st.line + "\r")
		}
		s.waitFor("Goodbye.")
		if err := s.cmd.Wait(); err != nil {
			t.Fatalf("exit: %v", err)
		}
		keep()
		checkA11yTranscript(t, transcript.String())
		checkA11yAnswers(t, home)
	})
	t.Run("ctrl+c", func(t *testing.T) {
		t.Parallel()
		ctrlCKeepsTheAnswersGiven(t, bin)
	})
}

// checkA11yTranscript fails on any escape sequence (ESC, a CSI, OSC or
// DCS introducer), C1 control or other control character but a line's
// end, and checks the transcript says what the person needs.
func checkA11yTranscript(t *testing.T, out string) {
	t.Helper()
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		bad := r == utf8.RuneError && size == 1 || // a raw 8-bit C1 byte, 0x9b...
			r < 0x20 && r != '\n' && r != '\r' || r == 0x7f || r >= 0x80 && r <= 0x9f
		if bad {
			t.Fatalf("%U at byte %d in the transcript: %q", r, i, out[max(i-60, 0):min(i+60, len(out))])
		}
		i += size
	}
	for _, want := range []string{
		"1. Next: Start a run: name one real challenge",
		"Recurring blockers (required): no items yet.",
		"Metric, Cycle time: 28 h, down 20 h (-41.7%) from the baseline of 48 h: better; target 36 h: reached.",
		"Run 1: 5 entries, newest first.",
		"Goodbye. Your answers are saved.",
	} {
		// Lines wrap at the terminal's width: compare the words.
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("the transcript does not say %q:\n%s", want, out)
		}
	}
}

// checkA11yAnswers opens the database the session wrote and finds every
// answer in it.
func checkA11yAnswers(t *testing.T, home string) {
	t.Helper()
	st, err := store.Open(filepath.Join(home, "data", "autonomy", "autonomy.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	wb, err := loadWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetExercises(ctx, wb.Exercises); err != nil {
		t.Fatal(err)
	}
	runs, err := st.Runs(ctx)
	if err != nil || len(runs) != 1 || runs[0].Challenge != "Ship the billing migration" || runs[0].Level != "1" {
		t.Fatalf("runs = %+v (%v)", runs, err)
	}
	entries, err := st.Entries(ctx, runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	answer := func(exercise string) workbook.Answer {
		e, ok := workbook.NewestEntry(entries, exercise)
		if !ok {
			t.Fatalf("no %s entry", exercise)
		}
		return e.Current.Answer
	}
	if got := answer("scope").Fields["scope"]; got != "I own the billing rollout" {
		t.Errorf("scope = %q", got)
	}
	if b := answer("blockers").Lists["items"]; len(b) != 2 || b[0].Text != "Flaky CI" || b[1].Text != "Waiting on reviews" {
		t.Errorf("blockers = %+v", b)
	}
	if m := answer("metric").Fields; m["name"] != "Cycle time" || m["unit"] != "h" || m["baseline"] != "48" || m["target"] != "36" || m["direction"] != "lower" {
		t.Errorf("metric = %v", m)
	}
	if v := answer("metric-log").Fields["value"]; v != "28" {
		t.Errorf("metric value = %q", v)
	}
	if drafts, err := st.Drafts(ctx); err != nil || len(drafts) != 0 {
		t.Errorf("drafts left: %+v (%v)", drafts, err)
	}
}

// ctrl+c in accessible mode ends the program at once (the terminal is in
// line mode: there is nothing to restore), and loses no answer given: the
// form is kept as a draft after each.
func ctrlCKeepsTheAnswersGiven(t *testing.T, bin string) {
	home := t.TempDir()
	s := start(t, bin, home, "ACCESSIBLE=1")
	s.waitFor("Choose a number: ")
	s.keys("1\r")
	s.waitFor("One real challenge (required): ")
	s.keys("Ship the billing migration\r")
	s.waitFor("Start date: ")
	s.keys("\x03") // ctrl+c: SIGINT from the terminal
	if err := s.cmd.Wait(); err == nil {
		t.Fatal("ctrl+c should end the program")
	}
	st, err := store.Open(filepath.Join(home, "data", "autonomy", "autonomy.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	drafts, err := st.Drafts(context.Background())
	if err != nil || len(drafts) != 1 || drafts[0].Answer.Fields["challenge"] != "Ship the billing migration" {
		t.Fatalf("drafts = %+v (%v)", drafts, err)
	}
}
