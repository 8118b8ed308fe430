package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"autonomy/store"
	"autonomy/tui"
	"autonomy/workbook"

	"github.com/charmbracelet/x/exp/teatest/v2"
)

// nextFixture is a database with one run started on day1 (2026-03-02),
// for the next step's states.
type nextFixture struct {
	t    testing.TB
	wb   *workbook.Workbook
	path string
	st   *store.Store
	run  workbook.Run
}

var day1 = workbook.Date{Year: 2026, Month: time.March, Day: 2}

// at is noon of the n-th day after day1 (at(0) is day 1).
func at(n int) time.Time {
	return time.Date(day1.Year, day1.Month, day1.Day+n, 12, 0, 0, 0, time.Local)
}

func newNextFixture(t testing.TB) *nextFixture {
	t.Helper()
	wb, err := loadWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	f := &nextFixture{t: t, wb: wb, path: filepath.Join(t.TempDir(), "autonomy.db")}
	f.st, _, err = openStore(context.Background(), f.path, wb, useWrite, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.st.Close() })
	return f
}

// start starts a run on day1, or on the given date.
func (f *nextFixture) start(on ...workbook.Date) {
	f.t.Helper()
	first := day1
	if len(on) > 0 {
		first = on[0]
	}
	ex, _ := f.wb.RunStart()
	a := workbook.Answer{Fields: map[string]string{
		ex.FieldID(workbook.FieldRoleChallenge): "Own the release",
		ex.FieldID(workbook.FieldRoleStartDate): first.String(),
		ex.FieldID(workbook.FieldRoleLevel):     "1",
	}}
	run, err := f.st.StartRun(context.Background(), ex, a, at(0))
	if err != nil {
		f.t.Fatal(err)
	}
	f.run = run
}

// answer saves an answer to the exercise with the role, every field
// filled, on day n.
func (f *nextFixture) answer(r workbook.Role, n int) {
	f.t.Helper()
	ex, ok := f.wb.ByRole(r)
	if !ok {
		f.t.Fatalf("no exercise of role %s", r)
	}
	a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
	for _, fd := range ex.Fields {
		switch fd.Kind {
		case workbook.FieldList:
			a.Lists[fd.ID] = []workbook.ListItem{{ID: "i1", Text: "one"}}
		case workbook.FieldNumber:
			a.Fields[fd.ID] = "4"
		case workbook.FieldDate:
			a.Fields[fd.ID] = workbook.DateOf(at(n)).String()
		case workbook.FieldChoice:
			a.Fields[fd.ID] = fd.Options[0].Value
		default:
			a.Fields[fd.ID] = "Done."
		}
	}
	if _, err := f.st.SaveAnswer(context.Background(), f.run.ID, ex, "", a, workbook.DateOf(at(n)), at(n)); err != nil {
		f.t.Fatal(r, err)
	}
}

// next is what `autonomy next` says on day n (counted from day 1 as 0).
func (f *nextFixture) next(n int) workbook.Where {
	f.t.Helper()
	wh, err := whereOn(context.Background(), f.path, f.wb, workbook.DateOf(at(n)))
	if err != nil {
		f.t.Fatal(err)
	}
	return wh
}

// TestNextInEveryState: the line and the JSON of `autonomy next` with no
// run, on day 1, on day 16, paused, on day 31 awaiting the
// self-assessment, and closed; and Home says the same.
func TestNextInEveryState(t *testing.T) {
	// No database at all: no run, and nothing is created.
	wb, _ := loadWorkbook()
	missing := filepath.Join(t.TempDir(), "none", "autonomy.db")
	wh, err := whereOn(context.Background(), missing, wb, day1)
	if err != nil || wb.Line(wh) != "No run: start one with autonomy" {
		t.Fatalf("no database: %q, %v", wb.Line(wh), err)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Fatalf("next created %s", filepath.Dir(missing))
	}

	f := newNextFixture(t)
	f.expect(0, "No run: start one with autonomy", "none", "start-run")

	f.start()
	f.expect(0, "Day 1 of 30 · Clarity baseline · Next: Scope — define your scope in one sentence", "active", "exercise")

	for _, r := range []workbook.Role{workbook.RoleScope, workbook.RoleBlockers, workbook.RoleNoise, workbook.RoleConstraint} {
		f.answer(r, 3)
	}
	f.expect(15, "Day 16 of 30 · Responsibility loop · Next: Decision area — select one decision area you can fully own", "active", "exercise")

	if err := f.st.PauseRun(context.Background(), f.run.ID, workbook.DateOf(at(15)), at(15)); err != nil {
		t.Fatal(err)
	}
	f.expect(20, "Day 16 of 30 · paused · Next: Resume your paused run · Or: Read the safety boundary", "paused", "resume")
	if err := f.st.ResumeRun(context.Background(), f.run.ID, workbook.DateOf(at(21)), at(21)); err != nil {
		t.Fatal(err)
	}
	// Paused from day 16 to the resume five days later: day 31 is 35
	// days after day 1.
	f.expect(35, "30 days done · time to close the run · Next: Close the run: your level self-assessment", "complete", "close")

	f.answer(workbook.RoleSelfAssessment, 35)
	f.expect(35, "Run 1 closed · Next: Start a new run: name one real challenge", "closed", "start-run")
}

// expect checks next's line and JSON on day n, and that Home, opened on
// the same day, shows the same state and step.
func (f *nextFixture) expect(n int, line, status, kind string) {
	f.t.Helper()
	wh := f.next(n)
	if got := f.wb.Line(wh); got != line {
		f.t.Errorf("day +%d: next says\n%q\nwant\n%q", n, got, line)
	}
	var buf bytes.Buffer
	if err := printWhere(&buf, f.wb, wh, "json"); err != nil {
		f.t.Fatal(err)
	}
	var j nextJSON
	if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
		f.t.Fatalf("json %s: %v", buf.Bytes(), err)
	}
	if j.Line != line || j.Status != status || j.Next.Kind != kind || j.Days != 30 || (wh.Run != nil) != (j.Run == 1) {
		f.t.Errorf("day +%d: json %s", n, buf.Bytes())
	}
	f.home(n, wh)
}

// home opens the TUI on the fixture's database on day n and waits for
// Home to show the run's state and the step of wh.
func (f *nextFixture) home(n int, wh workbook.Where) {
	f.t.Helper()
	st, err := store.Open(f.path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetExercises(context.Background(), f.wb.Exercises); err != nil {
		f.t.Fatal(err)
	}
	m := tui.New(tui.Options{Workbook: f.wb, Store: st, Now: func() time.Time { return at(n) }, StateDir: f.t.TempDir()})
	tm := teatest.NewTestModel(f.t, m, teatest.WithInitialTermSize(120, 40))
	want := [][]byte{[]byte("Next: " + wh.Step.Title)}
	if wh.Run != nil {
		want = append(want, []byte("Run 1 · "+f.wb.Program.StateLine(wh.State)))
	}
	teatest.WaitFor(f.t, tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, w) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second))
	if err := tm.Quit(); err != nil {
		f.t.Fatal(err)
	}
}

// TestNextCommand runs the command itself: a line by default, JSON with
// --format json, an unknown format refused; it writes nothing to the
// database and does not wait for a process that holds its write lock.
func TestNextCommand(t *testing.T) {
	f := newNextFixture(t)
	f.start(workbook.SystemClock.Today())
	f.st.Close()
	env := map[string]string{"AUTONOMY_DB": f.path}
	before := snapshotFiles(t, f.path)

	// Another connection holds the write lock, as an import would.
	release := holdWrite(t, f.path)
	defer release()

	// The lock is held to the end of the test: a command that wrote, or
	// waited for it, would fail.
	out, err := run(t, env, "next")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "Day 1 of 30 · ") || !strings.Contains(out, " · Next: ") || strings.Count(out, "\n") != 1 {
		t.Errorf("next printed %q", out)
	}
	out, err = run(t, env, "next", "--format", "json")
	var j nextJSON
	if err != nil || json.Unmarshal([]byte(out), &j) != nil || j.Status != "active" || j.Run != 1 {
		t.Errorf("next --format json: %q, %v", out, err)
	}
	if _, err := run(t, env, "next", "--format", "yaml"); err == nil || !strings.Contains(err.Error(), "line or json") {
		t.Errorf("--format yaml: %v", err)
	}
	release()
	if after := snapshotFiles(t, f.path); after != before {
		t.Errorf("next changed the database's files:\n%s\n%s", before, after)
	}
}

// holdWrite takes the database's write lock on a connection of its own
// until release.
func holdWrite(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err == nil {
		_, err = tx.Exec(`INSERT INTO meta (key, value) VALUES ('holder', 'x')`)
	}
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	done := false
	return func() {
		if !done {
			done = true
			tx.Rollback()
			db.Close()
		}
	}
}

// snapshotFiles describes the database's file and its -wal: size and time.
func snapshotFiles(t *testing.T, path string) string {
	t.Helper()
	var b strings.Builder
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			fmt.Fprintf(&b, "%s %d bytes %s\n", fi.Name(), fi.Size(), fi.ModTime())
		}
	}
	return b.String()
}

// BenchmarkNextProcess runs `autonomy next` as a whole process, as a shell
// prompt does, on a database with a run under way; BenchmarkVersionProcess
// runs `autonomy --version` beside it: the cost of starting the binary.
func BenchmarkNextProcess(b *testing.B) {
	f := newNextFixture(b)
	f.start(workbook.SystemClock.Today())
	f.answer(workbook.RoleScope, 0)
	f.st.Close()
	benchProcess(b, "AUTONOMY_DB="+f.path, "next")
}

func BenchmarkVersionProcess(b *testing.B) {
	benchProcess(b, "", "--version")
}

func benchProcess(b *testing.B, env string, args ...string) {
	bin := buildBinary(b)
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), env)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
}

// BenchmarkNextInProcess is next's own work, without the process: load
// the workbook, open the database read-only, read the overview.
func BenchmarkNextInProcess(b *testing.B) {
	f := newNextFixture(b)
	f.start(workbook.SystemClock.Today())
	f.answer(workbook.RoleScope, 0)
	f.st.Close()
	today := workbook.SystemClock.Today()
	for b.Loop() {
		wb, err := loadWorkbook()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := whereOn(context.Background(), f.path, wb, today); err != nil {
			b.Fatal(err)
		}
	}
}
