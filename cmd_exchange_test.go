package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"autonomy/agefile"
	"autonomy/exchange"
	"autonomy/store"
	"autonomy/workbook"
)

// seed fills a database with two runs: the first with every exercise,
// several revisions and closed; the second just started.
func seed(t *testing.T, path string) {
	t.Helper()
	wb, err := loadWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, _, err := openStore(ctx, path, wb, useWrite, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	tick := func() time.Time { now = now.Add(time.Hour); return now }
	answer := func(ex workbook.Exercise, v int) workbook.Answer {
		a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
		for _, f := range ex.Fields {
			switch f.Kind {
			case workbook.FieldList:
				a.Lists[f.ID] = []workbook.ListItem{{ID: "item-1", Text: "first é"}, {ID: "item-2", Text: "second 🙂"}}
			case workbook.FieldNumber:
				a.Fields[f.ID] = "42"
			case workbook.FieldDate:
				a.Fields[f.ID] = "2026-10-01"
			case workbook.FieldChoice:
				a.Fields[f.ID] = f.Options[0].Value
			case workbook.FieldTextarea:
				a.Fields[f.ID] = "line one\nline two, version " + string(rune('0'+v))
			default:
				a.Fields[f.ID] = "A sentence, version " + string(rune('0'+v)) + "."
			}
		}
		return a
	}
	challenge, _ := wb.Exercise("challenge")
	for r := 0; r < 2; r++ {
		run, err := st.StartRun(ctx, challenge, answer(challenge, 1), tick())
		if err != nil {
			t.Fatal(err)
		}
		if r == 1 {
			break
		}
		for _, ex := range wb.Exercises {
			if ex.Kind == workbook.KindRun {
				continue
			}
			entryID := ""
			for v := 1; v <= 3; v++ {
				e, err := st.SaveAnswer(ctx, run.ID, ex, entryID, answer(ex, v), workbook.Date{}, tick())
				if err != nil {
					t.Fatal(ex.ID, err)
				}
				if ex.Kind != workbook.KindRecurring {
					entryID = e.ID
				}
			}
		}
	}
}

func TestExportImportExportIsByteIdentical(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	seed(t, src)
	first, second := filepath.Join(dir, "1.json"), filepath.Join(dir, "2.json")
	if _, err := run(t, nil, "--db", src, "export", "--format", "json", "-o", first); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, nil, "--db", dst, "import", first)
	if err != nil || !strings.Contains(out, "Imported 2 runs") {
		t.Fatalf("import: %q %v", out, err)
	}
	if _, err := run(t, nil, "--db", dst, "export", "--format", "json", "-o", second); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if len(a) < 1000 || !bytes.Equal(a, b) {
		t.Fatalf("export after import differs (%d vs %d bytes)", len(a), len(b))
	}
	if fi, _ := os.Stat(first); fi.Mode().Perm() != 0o600 {
		t.Fatalf("export mode %v", fi.Mode().Perm())
	}
	// Twice: nothing new.
	out, err = run(t, nil, "--db", dst, "import", first)
	if err != nil || !strings.Contains(out, "Nothing new") {
		t.Fatalf("second import: %q %v", out, err)
	}
}

func TestImportRefusesABadFileAndChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed(t, db)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"autonomy/1","runs":[{"id":"x","number":"one"}]}`), 0o600)
	before, _ := run(t, nil, "--db", db, "export", "--format", "json")
	_, err := run(t, nil, "--db", db, "import", bad)
	if err == nil || !strings.Contains(err.Error(), "runs[0].number") {
		t.Fatalf("want the JSON path in the error, got %v", err)
	}
	after, _ := run(t, nil, "--db", db, "export", "--format", "json")
	if before != after {
		t.Fatal("a refused import changed the database")
	}
}

func TestExportMarkdownPartsAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed(t, db)
	md, err := run(t, nil, "--db", db, "export", "--run", "1", "--exclude", "feedback")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "Run 1") || strings.Contains(strings.ToLower(md), "feedback from") {
		t.Fatalf("md export:\n%s", md)
	}
	if _, err := run(t, nil, "--db", db, "export", "--include", "nonsense"); err == nil || !strings.Contains(err.Error(), "want one of") {
		t.Fatalf("unknown part: %v", err)
	}
	if _, err := run(t, nil, "--db", filepath.Join(dir, "none.db"), "export"); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Fatalf("missing database: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Fatal("export created a database")
	}

	out, err := run(t, nil, "--db", db, "backup")
	if err != nil {
		t.Fatal(err)
	}
	copyPath := strings.TrimSpace(out)
	fi, err := os.Stat(copyPath)
	if err != nil || fi.Mode().Perm() != 0o600 || filepath.Dir(copyPath) != dir {
		t.Fatalf("backup %q: %v %v", copyPath, fi, err)
	}
	st, err := store.Open(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := st.Runs(context.Background())
	st.Close()
	if len(runs) != 2 {
		t.Fatalf("backup holds %d runs", len(runs))
	}
}

// export and backup, twice in the same second, change nothing of the
// database: its bytes and time are the same, and no -wal or -shm appears
// beside it (issue 10: every command opened with a write).
func TestExportAndBackupWriteNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed(t, db)
	stat := func() (time.Time, []byte) {
		t.Helper()
		fi, err := os.Stat(db)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		return fi.ModTime(), b
	}
	mtime, content := stat()
	time.Sleep(10 * time.Millisecond) // a write would show in the time
	for _, args := range [][]string{
		{"export", "-o", filepath.Join(dir, "r.md")},
		{"export", "--format", "json", "-o", filepath.Join(dir, "all.json")},
		{"backup"},
		{"backup"},
		{"backup", filepath.Join(dir, "copy.db")},
	} {
		if out, err := run(t, nil, append([]string{"--db", db}, args...)...); err != nil {
			t.Fatalf("%v: %q, %v", args, out, err)
		}
	}
	if m, c := stat(); !m.Equal(mtime) || !bytes.Equal(c, content) {
		t.Errorf("the database changed: time %v -> %v, same bytes %v", mtime, m, bytes.Equal(c, content))
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(db + suffix); err == nil {
			t.Errorf("%s appeared", db+suffix)
		}
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "autonomy-backup-*.db"))
	if len(backups) != 2 {
		t.Errorf("two backups in a row: %q", backups)
	}
}

// An export of a database of the build before (schema 5) migrates it
// first, after a backup beside it, as opening it in the workbook would.
func TestExportMigratesAnEarlierDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed(t, db)
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{ // migration 0006 undone
		`DROP INDEX entries_run_exercise`,
		`DROP INDEX entries_run_exercise_date`,
		`CREATE INDEX entries_run_exercise ON entries (run_id, exercise)`,
		`PRAGMA user_version = 5`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	raw.Close()
	out, err := run(t, nil, "--db", db, "export", "--run", "1")
	if err != nil || !strings.Contains(out, "Run 1") {
		t.Fatalf("export: %.200q, %v", out, err)
	}
	if b, _ := filepath.Glob(db + ".bak-v5-*"); len(b) != 1 {
		t.Errorf("backups before the migration: %q", b)
	}
	st, err := store.OpenWith(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("after the export: %v", err)
	}
	st.Close()
}

// Break 1 of issue 10, from the shell: `--db x.db export -o x.db-wal`
// replaced the live write-ahead log. Every file of the database is
// refused, named with the reason, and the database keeps every answer.
func TestExportRefusesTheDatabasesFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	seed(t, db)
	before, err := run(t, nil, "--db", db, "export", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{db, db + "-wal", db + "-shm", db + "-journal"} {
		_, err := run(t, nil, "--db", db, "export", "--format", "json", "-o", target)
		if err == nil || !strings.Contains(err.Error(), "refusing to write "+target+": it is") {
			t.Errorf("export -o %s: %v", target, err)
		}
		_, err = run(t, nil, "--db", db, "backup", target)
		if err == nil || !strings.Contains(err.Error(), "refusing to write "+target+": it is") {
			t.Errorf("backup %s: %v", target, err)
		}
	}
	if after, err := run(t, nil, "--db", db, "export", "--format", "json"); err != nil || after != before {
		t.Fatalf("the database changed: %v", err)
	}
}

// Break 2 of issue 10, from the shell: `export -o '*'` deleted other
// files of the directory.
func TestExportToAStarKeepsTheOtherFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "a.db")
	seed(t, db)
	others := map[string]string{"notes.txt": "mine", ".notes.txt.tmp-77": "another export's", ".x.tmp-1": "x"}
	for n, text := range others {
		os.WriteFile(filepath.Join(dir, n), []byte(text), 0o600)
	}
	for _, name := range []string{"*", "[n]otes.txt"} {
		if _, err := run(t, nil, "--db", db, "export", "-o", filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	for n, text := range others {
		if b, err := os.ReadFile(filepath.Join(dir, n)); err != nil || string(b) != text {
			t.Errorf("%s: %q, %v", n, b, err)
		}
	}
}

func TestExportNamesTheMissingDirectory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	seed(t, db)
	out := filepath.Join(t.TempDir(), "missing", "dir", "r.md")
	_, err := run(t, nil, "--db", db, "export", "-o", out)
	if err == nil || err.Error() != "cannot write "+out+": there is no directory "+filepath.Dir(out) {
		t.Fatalf("got %v", err)
	}
}

// Break 5 of issue 10: an import that closed the open run said "Nothing
// new". What an import changes is in its summary.
func TestImportSaysWhatItChanged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed(t, db) // run 2 is open
	file := filepath.Join(dir, "closed.json")
	if _, err := run(t, nil, "--db", db, "export", "--format", "json", "-o", file); err != nil {
		t.Fatal(err)
	}
	a := decodeFile(t, file)
	r := &a.Runs[1]
	r.Run.ClosedAt = r.Run.StartedAt.Add(48 * time.Hour)
	r.Run.Pauses = []workbook.Pause{{ID: "p1", From: workbook.DateOf(r.Run.StartedAt), PausedAt: r.Run.StartedAt.Add(time.Hour)}}
	writeArchive(t, file, a)
	out, err := run(t, nil, "--db", db, "import", file)
	if want := "Imported 0 runs, 1 pause, 0 entries, 0 revisions; closed 1 run as " + file + " has it.\n"; err != nil || out != want {
		t.Fatalf("import: %q, %v; want %q", out, err, want)
	}
	// Resuming the pause, alone.
	r.Run.Pauses[0].To, r.Run.Pauses[0].ResumedAt = workbook.DateOf(r.Run.StartedAt), r.Run.StartedAt.Add(2*time.Hour)
	writeArchive(t, file, a)
	out, err = run(t, nil, "--db", db, "import", file)
	if want := "Nothing to add, but resumed 1 pause as " + file + " has it.\n"; err != nil || out != want {
		t.Fatalf("import: %q, %v; want %q", out, err, want)
	}
	out, err = run(t, nil, "--db", db, "import", file)
	if err != nil || !strings.HasPrefix(out, "Nothing new") {
		t.Fatalf("import again: %q, %v", out, err)
	}
}

// A run that closes before it starts, and a pause that ends before it
// starts, are bad input: refused, named by their JSON path, and nothing
// is imported.
func TestImportRefusesTimesOutOfOrder(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed(t, db)
	file := filepath.Join(dir, "bad.json")
	before, _ := run(t, nil, "--db", db, "export", "--format", "json")
	for _, tc := range []struct {
		edit func(r *workbook.Run)
		want string
	}{
		{func(r *workbook.Run) { r.ClosedAt = r.StartedAt.Add(-time.Second) }, "runs[1].closed_at (line "},
		{func(r *workbook.Run) {
			r.Pauses = []workbook.Pause{{ID: "p1", From: workbook.DateOf(r.StartedAt), To: workbook.DateOf(r.StartedAt),
				PausedAt: r.StartedAt.Add(time.Hour), ResumedAt: r.StartedAt.Add(time.Minute)}}
		}, "runs[1].pauses[0].resumed_at (line "},
	} {
		if err := os.WriteFile(file, []byte(before), 0o600); err != nil {
			t.Fatal(err)
		}
		a := decodeFile(t, file)
		tc.edit(&a.Runs[1].Run)
		writeArchive(t, file, a)
		_, err := run(t, nil, "--db", db, "import", file)
		if err == nil || !strings.Contains(err.Error(), "nothing imported from "+file+": "+tc.want) || !strings.Contains(err.Error(), "before") {
			t.Errorf("got %v, want %s", err, tc.want)
		}
	}
	if after, _ := run(t, nil, "--db", db, "export", "--format", "json"); after != before {
		t.Fatal("a refused import changed the database")
	}
}

func decodeFile(t *testing.T, path string) workbook.Archive {
	t.Helper()
	wb, err := loadWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := exchange.DecodeJSON(f, wb)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func writeArchive(t *testing.T, path string, a workbook.Archive) {
	t.Helper()
	var b bytes.Buffer
	if err := exchange.EncodeJSON(&b, nil, a); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// importVia imports data into db as a file, an encrypted file (its
// passphrase typed once) or stdin.
func importVia(t *testing.T, how, db string, data []byte) (string, error) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "export.json")
	p := &typed{}
	switch how {
	case "encrypted":
		var b bytes.Buffer
		r, err := agefile.PassphraseRecipient([]byte("river stone"), passphraseWork)
		if err != nil {
			t.Fatal(err)
		}
		w, err := agefile.Encrypt(&b, r)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		w.Close()
		data, file = b.Bytes(), filepath.Join(dir, "export.age")
		p.answers = []string{"river stone"}
	case "stdin":
		file = "-"
	}
	if file != "-" {
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	root := rootCmdAsking(p)
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(bytes.NewReader(data))
	root.SetArgs([]string{"--db", db, "import", file})
	err := root.ExecuteContext(context.Background())
	if len(p.asked) > 1 {
		t.Errorf("the passphrase was asked %d times", len(p.asked))
	}
	return out.String(), err
}

// A file that cannot be imported, given to import where there is no
// database yet, leaves nothing behind: no database, not even its
// directory, whether it comes as a file, encrypted or not, or on stdin.
// The whole file is checked before the database is made, so a problem at
// its very end, or one only the store's rules see (two open runs), counts
// too. A good file then makes the database.
func TestImportOfABadFileLeavesNoDatabase(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a.db")
	seed(t, src)
	good := filepath.Join(dir, "good.json")
	if _, err := run(t, nil, "--db", src, "export", "--format", "json", "-o", good); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	twoOpen := decodeFile(t, good)
	twoOpen.Runs[0].Run.ClosedAt = time.Time{} // the second run is open too
	var b bytes.Buffer
	if err := exchange.EncodeJSON(&b, nil, twoOpen); err != nil {
		t.Fatal(err)
	}
	i := bytes.LastIndex(data, []byte(`"saved_at": "`)) + len(`"saved_at": "`)
	badTime := append(append(slices.Clone(data[:i]), "yesterday"...), data[i+len("2026-10-01T09:00:00.000000000Z"):]...)
	for _, how := range []string{"file", "encrypted", "stdin"} {
		for _, tc := range []struct {
			name string
			data []byte
			want string
		}{
			{"cut short at its end", data[:len(data)-3], "unexpected end of JSON input"},
			{"a wrong value in its last entry", badTime, `"yesterday" is not a time`},
			{"two open runs", b.Bytes(), "one run at most is open"},
		} {
			t.Run(how+"/"+tc.name, func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "data", "autonomy", "autonomy.db")
				_, err := importVia(t, how, db, tc.data)
				if err == nil || !strings.Contains(err.Error(), "nothing imported from ") || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("got %v, want %q", err, tc.want)
				}
				if _, err := os.Stat(filepath.Dir(db)); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("the refused import left %s behind (%v)", filepath.Dir(db), err)
				}
				// The same into a database that exists: refused, and the
				// database kept as it was.
				seed(t, db)
				before, _ := run(t, nil, "--db", db, "export", "--format", "json")
				if _, err := importVia(t, how, db, tc.data); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("into an existing database: %v", err)
				}
				if after, _ := run(t, nil, "--db", db, "export", "--format", "json"); after != before {
					t.Error("a refused import changed the database")
				}
			})
		}
		t.Run(how+"/good", func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "data", "autonomy.db")
			out, err := importVia(t, how, db, data)
			if err != nil || !strings.Contains(out, "Imported 2 runs") {
				t.Fatalf("import of the good file: %q %v", out, err)
			}
			if after, _ := run(t, nil, "--db", db, "export", "--format", "json"); after != string(data) {
				t.Error("the new database's export differs from the file")
			}
		})
	}
}

// TestImportFromAPipe: `export --format json | import -` — stdin is an
// *os.File that cannot seek; the import reads it as a stream (it once
// failed with "seek /dev/stdin: illegal seek").
func TestImportFromAPipe(t *testing.T) {
	dir := t.TempDir()
	db, fresh := filepath.Join(dir, "a.db"), filepath.Join(dir, "new.db")
	seed(t, db)
	want := exportJSON(t, db)
	for _, target := range []string{fresh, fresh} { // a new database, then one that has it all
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			w.Write(want)
			w.Close()
		}()
		root := rootCmdAsking(nil)
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&out)
		root.SetIn(r)
		root.SetArgs([]string{"--db", target, "import", "-"})
		err = root.ExecuteContext(context.Background())
		r.Close()
		if err != nil {
			t.Fatalf("import - from a pipe: %v\n%s", err, out.String())
		}
	}
	if got := exportJSON(t, fresh); !bytes.Equal(got, want) {
		t.Fatal("what came through the pipe is not what was exported")
	}
}
