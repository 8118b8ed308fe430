package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"autonomy/exchange"
	"autonomy/workbook"
)

// saveCheckIns saves n check-ins of the open run, each with a note.
func saveCheckIns(t *testing.T, d *driver, st Store, n int) {
	t.Helper()
	ex, _ := d.m.wb.ByRole(workbook.RoleCheckIn)
	run := d.m.prog.openRun()
	for i := range n {
		a := workbook.Answer{Fields: map[string]string{
			ex.FieldID(workbook.FieldRoleOwnership):     "stable",
			ex.FieldID(workbook.FieldRoleContribution):  "shaky",
			ex.FieldID(workbook.FieldRoleCommunication): "stable",
			ex.FieldID(workbook.FieldRoleNote):          "Check-in note number " + string(rune('A'+i)) + ", standup at 10:00.",
		}}
		if _, err := st.SaveAnswer(context.Background(), run.ID, ex, "", a, run.Start().AddDays(i), d.m.now()); err != nil {
			t.Fatal(err)
		}
	}
	d.run(d.m.reloadCmd())
}

func TestShareChoosesPartsAndWritesTheReport(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 40)
	startRun(t, d, "Own the release process")
	saveScope(t, d, st, "I own the <b>checklist</b> & [links](http://x).")
	d.key("r", "x")
	if layer[*shareScreen](d) == nil {
		t.Fatal("x should open Share")
	}
	n := len(exchange.Parts())
	d.requireScreen("Share a report of run 1", fmt.Sprintf("p parts: %d of %d (not Stress and safety flags)", n-1, n), "Preview", "checklist")
	if strings.Contains(d.screen(), "<b>checklist</b> & [links]") {
		t.Fatal("the preview shows the Markdown as written: escaped")
	}
	d.key("p")
	if d.onTop() != "Parts of the report" {
		t.Fatalf("p should open the parts, at %q", d.onTop())
	}
	d.requireScreen("[x] Scope", "[ ] Stress and safety flags")
	d.key("j", "space") // leave the scope out
	d.requireScreen("[ ] Scope")
	d.key("enter")
	d.requireScreen(fmt.Sprintf("p parts: %d of %d (not Scope, Stress and safety flags)", n-2, n))
	d.requireNot("checklist")
	path := t.TempDir() + "/report.md"
	d.key("w")
	d.ctrl('u')
	d.paste(path)
	d.key("enter")
	d.requireScreen("Wrote " + path)
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "Own the release process") || strings.Contains(string(b), "checklist") {
		t.Fatalf("report: %q %v", b, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
}

// The preview scrolls with j/k, pgup/pgdn, g/G, at 80×24 and 40×10, and
// shows which lines it shows; a long line wraps, its words whole.
func TestSharePreviewScrolls(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1.AddDate(0, 0, 10), 80, 24)
	startRun(t, d, "Own the release process")
	saveCheckIns(t, d, st, 8)
	d.key("x")
	for _, size := range [][2]int{{80, 24}, {40, 10}} {
		d.send(windowSize(size[0], size[1]))
		d.key("g")
		d.requireScreen("Preview · lines 1–", "# Autonomy report")
		d.requireNot("note number H")
		d.key("j")
		d.requireScreen("Preview · lines 2–")
		d.requireNot("# Autonomy report")
		d.key("k", "pgdown")
		if !strings.Contains(d.screen(), "Preview · lines ") || strings.Contains(d.screen(), "lines 1–") {
			t.Fatalf("%v: pgdn did not scroll:\n%s", size, d.screen())
		}
		d.key("G")
		d.requireScreen("note number H")
		lines := layer[*shareScreen](d).layoutPreview(previewWidth(size[0]))
		if last := lines[len(lines)-1]; !strings.Contains(d.screen(), last) {
			t.Fatalf("%v: G does not show the last line %q:\n%s", size, last, d.screen())
		}
		end := fmt.Sprintf("–%d of %d", len(lines), len(lines))
		d.requireScreen(end)
		d.key("pgup")
		d.requireNot(end)
		for _, l := range strings.Split(d.screen(), "\n") {
			if strings.Contains(l, "…") && strings.Contains(l, "│") {
				t.Fatalf("%v: a line of the preview is cut, not wrapped: %q", size, l)
			}
		}
	}
	// 10:00 shows as typed.
	d.send(windowSize(100, 30))
	d.key("G")
	d.requireScreen("standup at 10:00.")
}

// w on a file that is there asks first: n keeps it as it was (and lets
// the person change the name), y replaces it.
func TestShareAsksBeforeReplacingAFile(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 30)
	startRun(t, d, "Own the release process")
	path := filepath.Join(t.TempDir(), "notes.md")
	if err := os.WriteFile(path, []byte("my own notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d.key("x", "w")
	d.ctrl('u')
	d.paste(path)
	d.key("enter")
	if d.onTop() != "Replace the file?" {
		t.Fatalf("w on a file that is there should ask, at %q:\n%s", d.onTop(), d.screen())
	}
	d.requireScreen("There is a file at", "y replaces it")
	d.key("n")
	if b, _ := os.ReadFile(path); string(b) != "my own notes\n" {
		t.Fatalf("n changed the file: %q", b)
	}
	d.requireScreen("Nothing written: " + path + " is as it was.")
	if sh := layer[*shareScreen](d); sh == nil || !sh.naming || d.m.top() != sh {
		t.Fatal("n should go back to the file name")
	}
	d.key("esc", "w", "enter")
	d.key("esc") // esc keeps it too
	if b, _ := os.ReadFile(path); string(b) != "my own notes\n" {
		t.Fatalf("esc changed the file: %q", b)
	}
	d.key("esc", "w", "enter", "y")
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "Own the release process") {
		t.Fatalf("y did not replace the file: %q %v", b, err)
	}
	d.requireScreen("Wrote " + path)
}

// The report never goes over the database: exchange's checks refuse it,
// before any question.
func TestShareRefusesTheDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "autonomy.db")
	st := openStore(t, db)
	d := newProgramDriver(t, st, day1, 100, 30)
	startRun(t, d, "Own the release process")
	for _, target := range []string{db, db + "-wal", filepath.Dir(db)} {
		d.key("x", "w")
		d.ctrl('u')
		d.paste(target)
		d.key("enter")
		d.requireScreen("Not written: refusing to write")
		if d.onTop() != "Share" {
			t.Fatalf("%s: at %q", target, d.onTop())
		}
		d.key("esc")
	}
	head := make([]byte, 16)
	f, err := os.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Read(head); err != nil || string(head) != "SQLite format 3\x00" {
		t.Fatalf("the database was touched: %q %v", head, err)
	}
	if runs, err := st.Runs(context.Background()); err != nil || len(runs) != 1 {
		t.Fatalf("runs %v %v", runs, err)
	}
}
