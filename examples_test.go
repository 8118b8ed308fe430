package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"autonomy/store"
	"autonomy/tui"
	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// designDoc is the example workbook shipped with the code.
const designDoc = "examples/design-doc"

func loadDesignDoc(t testing.TB) *workbook.Workbook {
	t.Helper()
	wb, err := loadWorkbookDir(designDoc)
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

// TestDesignDocLoop runs the whole loop on the example workbook, through
// the store, the rules and the commands: start a run, fill every exercise
// and log the metric, review, close, export, import. Its answers stay in
// its own database, which the built-in guide refuses.
func TestDesignDocLoop(t *testing.T) {
	ctx := context.Background()
	wb := loadDesignDoc(t)
	if wb.ID != "design-doc" || wb.Program.Days() != 14 || len(wb.Program.Phases) != 2 {
		t.Fatalf("the example: %q, %+v", wb.ID, wb.Program)
	}
	data := t.TempDir()
	env := map[string]string{"AUTONOMY_DB": "", "AUTONOMY_WORKBOOK": "", "XDG_DATA_HOME": data}
	out, err := run(t, env, "--workbook", designDoc, "path")
	path := filepath.Join(data, "autonomy", "design-doc.db")
	if err != nil || strings.TrimSpace(out) != path {
		t.Fatalf("path: %q, %v; want %s", out, err, path)
	}

	st, _, err := openStore(ctx, "", wb, useWrite, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	line := func(n int) string {
		t.Helper()
		wh, err := whereOn(ctx, path, wb, workbook.DateOf(at(n)))
		if err != nil {
			t.Fatal(err)
		}
		return wb.Line(wh)
	}
	expect := func(n int, want string) {
		t.Helper()
		if got := line(n); got != want {
			t.Errorf("day +%d: next says\n%q\nwant\n%q", n, got, want)
		}
	}
	expect(0, "No run: start one with autonomy")

	start, _ := wb.RunStart()
	run1, err := st.StartRun(ctx, start, workbook.Answer{Fields: map[string]string{
		start.FieldID(workbook.FieldRoleChallenge): "Move the billing jobs to the queue service",
		start.FieldID(workbook.FieldRoleStartDate): day1.String(),
	}}, at(0))
	if err != nil {
		t.Fatal(err)
	}
	expect(0, "Day 1 of 14 · Draft · Next: Problem statement — state the problem in one sentence, and say who has it")

	save := func(id string, n int, fields map[string]string, lists map[string][]string) {
		t.Helper()
		ex, ok := wb.Exercise(id)
		if !ok {
			t.Fatalf("no exercise %s", id)
		}
		a := workbook.Answer{Fields: fields, Lists: map[string][]workbook.ListItem{}}
		for f, items := range lists {
			for i, it := range items {
				a.Lists[f] = append(a.Lists[f], workbook.ListItem{ID: f + string(rune('a'+i)), Text: it})
			}
		}
		if errs := workbook.ValidateAnswer(ex, a); len(errs) > 0 {
			t.Fatalf("%s: %v", id, errs)
		}
		if _, err := st.SaveAnswer(ctx, run1.ID, ex, "", a, workbook.DateOf(at(n)), at(n)); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	save("problem", 0, map[string]string{"statement": "Billing jobs time out at month end.", "evidence": "Twelve tickets since March."}, nil)
	save("options", 2, map[string]string{"proposal": "The queue: retries come for free."},
		map[string][]string{"considered": {"Do nothing", "A bigger cron box", "The queue service"}})
	expect(3, "Day 4 of 14 · Draft · Next: Open questions — count the questions you cannot answer yet")
	save("open-questions", 3, map[string]string{"name": "Open questions in the doc", "unit": "questions", "baseline": "9", "target": "0", "direction": "lower"}, nil)
	expect(7, "Day 8 of 14 · Review · Next: Review — send the draft to the people who will build, run and pay for it")
	for i, v := range []string{"9", "6", "2"} {
		save("questions-log", 7+2*i, map[string]string{"day": workbook.DateOf(at(7 + 2*i)).String(), "count": v}, nil)
	}
	save("review", 8, map[string]string{"changed": "The retry policy."}, map[string][]string{"reviewers": {"Sam, the failure modes", "Ana, the cost"}})
	expect(13, "Day 14 of 14 · Review · Next: Read: Why write it down")
	expect(14, "14 days done · time to close the run · Next: Close the run: was the doc accepted, and what did it teach you")

	// The review: every entry, newest first; the review phase's alone.
	page, err := st.Review(ctx, workbook.ReviewFilter{}, 0, 50)
	if err != nil || page.Total != 8 || len(page.Items) != 8 {
		t.Fatalf("review: %d of %d, %v", len(page.Items), page.Total, err)
	}
	page, err = st.Review(ctx, workbook.ReviewFilter{Phase: 2}, 0, 50)
	if err != nil || len(page.Items) != 1 || page.Items[0].Exercise != "review" {
		t.Fatalf("review of phase 2: %+v, %v", page.Items, err)
	}

	save("retro", 14, map[string]string{"outcome": "accepted", "lesson": "Count the questions from day 1."}, nil)
	expect(14, "Run 1 closed · Next: Start a new run: name the design you will write down")
	st.Close()

	// Export: the report holds every answer; the JSON goes into another
	// database and comes out the same.
	md, err := run(t, env, "--workbook", designDoc, "export", "--format", "md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Autonomy report — Run 1", "Closed on 2026-03-16, on day 15.", "## Challenge\n\nMove the billing jobs",
		"## Outcome metric", "| 2026-03-13 | 2 questions |", "## Exercises", "### Problem statement",
		"**The problem in one sentence:** Billing jobs time out at month end.", "**Options you considered:**\n\n- Do nothing\n- A bigger cron box",
		"### Review", "- Sam, the failure modes", "### Closing the doc", "**What became of the doc:** Accepted"} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	first := filepath.Join(t.TempDir(), "1.json")
	if _, err := run(t, env, "--workbook", designDoc, "export", "--format", "json", "-o", first); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	if out, err := run(t, env, "--workbook", designDoc, "--db", other, "import", first); err != nil || !strings.Contains(out, "Imported 1 run") {
		t.Fatalf("import: %q, %v", out, err)
	}
	a, _ := os.ReadFile(first)
	b, err := run(t, env, "--workbook", designDoc, "--db", other, "export", "--format", "json")
	if err != nil || !bytes.Equal(a, []byte(b)) {
		t.Fatalf("export after import differs: %v", err)
	}

	// The built-in guide has its own database, untouched, and refuses
	// this one.
	if _, err := os.Stat(filepath.Join(data, "autonomy", "autonomy.db")); !os.IsNotExist(err) {
		t.Errorf("the built-in guide's database was created: %v", err)
	}
	if _, err := run(t, env, "--db", path, "export"); err == nil || !strings.Contains(err.Error(), `holds the answers of the workbook "design-doc"`) {
		t.Errorf("the built-in guide on the example's database: %v", err)
	}
	if _, err := run(t, env, "--db", path, "next"); err == nil || !strings.Contains(err.Error(), `holds the answers of the workbook "design-doc"`) {
		t.Errorf("next of the built-in guide on the example's database: %v", err)
	}
}

// A database of the built-in guide, made before workbooks had ids, is
// refused to another workbook and still opens for the built-in guide.
func TestAnotherWorkbookRefusesTheBuiltInDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "autonomy.db")
	seed(t, db)
	// Before ids, a database recorded none.
	if out, err := run(t, nil, "--db", db, "export", "--format", "json"); err != nil || len(out) < 1000 {
		t.Fatalf("the built-in guide's export: %v", err)
	}
	raw := rawExec(t, db, `DELETE FROM meta WHERE key = 'workbook'`)
	if raw != 1 {
		t.Fatalf("the seeded database did not record its workbook (%d rows)", raw)
	}
	for _, args := range [][]string{{"export"}, {"next"}, {"backup", filepath.Join(dir, "b.db")}} {
		_, err := run(t, nil, append([]string{"--workbook", designDoc, "--db", db}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "holds the answers of the built-in guide") {
			t.Errorf("%v: %v", args, err)
		}
	}
	if _, err := run(t, nil, "--db", db, "next"); err != nil {
		t.Errorf("the built-in guide on its own database: %v", err)
	}
}

// rawExec runs a statement on the database file and says how many rows it
// changed.
func rawExec(t *testing.T, path, stmt string) int64 {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(stmt)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := res.RowsAffected()
	return n
}

// TestDesignDocInTheTUI drives the TUI on the example workbook: start a
// run, answer the first exercise, see it in the review.
func TestDesignDocInTheTUI(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	wb := loadDesignDoc(t)
	path := filepath.Join(t.TempDir(), "design-doc.db")
	st, _, err := openStore(context.Background(), path, wb, useTUI, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := tui.New(tui.Options{Workbook: wb, Store: st, Now: func() time.Time { return at(0) }, StateDir: t.TempDir()})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	has := func(s ...string) func([]byte) bool {
		return func(b []byte) bool {
			for _, x := range s {
				if !bytes.Contains(b, []byte(x)) {
					return false
				}
			}
			return true
		}
	}
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	save := tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	teatest.WaitFor(t, tm.Output(), has("Next: Start a run: name the design you will write down"))
	tm.Send(enter)
	teatest.WaitFor(t, tm.Output(), has("The design", "Day 1 of the 14 days"))
	tm.Send(tea.PasteMsg{Content: "Move the billing jobs to the queue service"})
	tm.Send(save)
	teatest.WaitFor(t, tm.Output(), has("Run 1 · Day 1 of 14 · Draft", "Next: Day 1: Problem statement"))
	tm.Send(enter)
	teatest.WaitFor(t, tm.Output(), has("The problem in one sentence"))
	tm.Send(tea.PasteMsg{Content: "Billing jobs time out at month end."})
	tm.Send(save)
	teatest.WaitFor(t, tm.Output(), has("Next: Day 1: Options"))
	tm.Send(tea.KeyPressMsg{Code: 'r', Text: "r"})
	teatest.WaitFor(t, tm.Output(), has("Run 1 · Draft", "Problem statement", "Billing jobs time out"))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	runs, err := st.Runs(context.Background())
	if err != nil || len(runs) != 1 || runs[0].Challenge != "Move the billing jobs to the queue service" || runs[0].StartDate != day1 {
		t.Fatalf("runs: %+v, %v", runs, err)
	}
}
