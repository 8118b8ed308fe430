//go:build unix

// Processes side by side, as people run them: imports at once, an export,
// a backup and a save while another process writes for a long time, a
// delete while another process reads, a backup killed at any moment, a
// read-only database. The children are the test binary itself (see
// TestHelperProcess); set AUTONOMY_LONG=1 for the long versions.
package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"autonomy/workbook"
)

// Environment of the children of this file.
const (
	envHold   = "AUTONOMY_STORE_HOLD"   // how long "hold" keeps the write lock
	envPrefix = "AUTONOMY_STORE_PREFIX" // what "import-as" puts before every id
	envWord   = "AUTONOMY_STORE_WORD"   // what "scan" looks for
)

// cliWait is how long the children wait for another process, as the
// commands do.
const cliWait = 10 * time.Minute

// moreRoles are the children of this file, by role.
var moreRoles = map[string]func() error{
	"hold":      childHold,
	"reader":    childReader,
	"scan":      childScan,
	"import-as": childImportAs,
	"backup":    childBackup,
	"export-ro": childExportReadOnly,
}

// childHold opens the database as a command would and keeps its write
// lock for envHold, as a long import does: it prints "holding" once it
// has the lock and "done" after it committed.
func childHold() error {
	hold, err := time.ParseDuration(os.Getenv(envHold))
	if err != nil {
		return err
	}
	s, err := OpenWith(os.Getenv(envDB), Options{Wait: cliWait})
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.write(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO meta (key, value) VALUES ('held', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, time.Now().String()); err != nil {
			return err
		}
		fmt.Println("holding")
		time.Sleep(hold)
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Println("done")
	return nil
}

// childReader opens the database as another program would, begins a read
// transaction and reads a revision, prints "reading", and keeps the
// transaction until a line arrives on stdin; then it ends it, prints
// "released", and keeps the connection open until stdin closes.
func childReader() error {
	db, err := sql.Open("sqlite", dsn(os.Getenv(envDB), "_pragma=busy_timeout(5000)"))
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM revision_values`).Scan(&n); err != nil {
		return err
	}
	fmt.Println("reading")
	in := bufio.NewReader(os.Stdin)
	if _, err := in.ReadString('\n'); err != nil {
		return err
	}
	if err := tx.Rollback(); err != nil {
		return err
	}
	fmt.Println("released")
	io.Copy(io.Discard, in)
	return nil
}

// childScan prints the names of the files of the database envDB (itself,
// -wal, -shm, -journal) that hold the bytes of envWord, then "scanned". It
// runs in a process of its own: reading the files in the test's process
// would drop that process's SQLite locks on them.
func childScan() error {
	p, word := os.Getenv(envDB), []byte(os.Getenv(envWord))
	for _, name := range []string{p, p + "-wal", p + "-shm", p + "-journal"} {
		b, err := os.ReadFile(name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if bytes.Contains(b, word) {
			fmt.Println(filepath.Base(name))
		}
	}
	fmt.Println("scanned")
	return nil
}

// childImportAs reads the archive of envSource, puts envPrefix before
// every id in it (a different file of another device), waits for a line
// on stdin, and imports it into envDB as the import command does.
func childImportAs() error {
	ctx := context.Background()
	src, err := OpenWith(os.Getenv(envSource), Options{ReadOnly: true})
	if err != nil {
		return err
	}
	a, err := src.Archive(ctx)
	src.Close()
	if err != nil {
		return err
	}
	prefix := os.Getenv(envPrefix)
	for i := range a.Runs {
		r := &a.Runs[i]
		r.Run.ID = prefix + r.Run.ID
		for j := range r.Run.Pauses {
			r.Run.Pauses[j].ID = prefix + r.Run.Pauses[j].ID
		}
		for j := range r.Entries {
			e := &r.Entries[j]
			e.ID = prefix + e.ID
			for k := range e.Revisions {
				e.Revisions[k].ID = prefix + e.Revisions[k].ID
				e.Revisions[k].EntryID = e.ID
			}
		}
	}
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		return err
	}
	s, err := OpenWith(os.Getenv(envDB), Options{Wait: cliWait})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetExercises(ctx, genExercises); err != nil {
		return err
	}
	res, err := s.Import(ctx, a)
	if err != nil {
		return err
	}
	fmt.Printf("imported %d entries\n", res.Entries)
	return nil
}

// childBackup opens the database read-only, as the backup command does,
// prints "backing up" and writes a backup beside it, then prints its path.
func childBackup() error {
	s, err := OpenWith(os.Getenv(envDB), Options{ReadOnly: true, Wait: cliWait})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Println("backing up")
	path, err := s.BackupBeside(context.Background(), time.Now())
	if err != nil {
		return err
	}
	fmt.Println(path)
	return nil
}

// childExportReadOnly reads the archive as the export command does and
// prints how many runs and revisions it holds.
func childExportReadOnly() error {
	s, err := OpenWith(os.Getenv(envDB), Options{ReadOnly: true, Wait: cliWait})
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := s.Archive(context.Background())
	if err != nil {
		return err
	}
	fmt.Printf("%d runs %d revisions\n", len(a.Runs), len(revisionIDs(a)))
	return nil
}

// closedSource is a database of n generated entries whose runs are all
// closed, as an export of another device would hold, and its size as JSON
// (encoding/json of the archive, about what export writes).
func closedSource(t *testing.T, n int) (string, int) {
	t.Helper()
	s, _ := newStore(t)
	genStore(t, s, n)
	if _, err := s.db.Exec(`UPDATE runs SET closed_at = started_at WHERE closed_at IS NULL`); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(mustArchive(t, s))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "source.db")
	if err := s.Backup(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p, len(b)
}

// Six processes import six different archives of about 3 MB into one
// database at once: each waits for the one before, none fails (issue 10,
// break 3: two of six failed with "database is locked"), and every entry
// is there.
func TestSixProcessesImportAtOnce(t *testing.T) {
	t.Parallel() // mostly waiting: beside the other slow ones, at the end
	const procs, n = 6, 4000
	src, size := closedSource(t, n)
	t.Logf("each archive: %d entries, %.1f MB as JSON", n, float64(size)/1e6)
	p, _ := newRunDB(t)
	var children []*child
	for i := range procs {
		c := startChild(t, "import-as", envDB+"="+p, envSource+"="+src, envPrefix+"=w"+strconv.Itoa(i)+"-")
		children = append(children, c)
	}
	for _, c := range children {
		c.waitLines(t, 1) // ready
	}
	for _, c := range children {
		io.WriteString(c.stdin, "go\n")
	}
	for i, c := range children {
		out := c.wait(t)
		if len(out) != 2 || out[1] != fmt.Sprintf("imported %d entries", n) {
			t.Errorf("importer %d: %q", i, out)
		}
	}
	s := mustOpen(t, p)
	defer s.Close()
	var entries int
	if err := s.db.QueryRow(`SELECT count(*) FROM entries`).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if entries != procs*n+1 { // and the run's challenge
		t.Errorf("%d entries, want %d", entries, procs*n+1)
	}
	checkIntegrity(t, s)
}

// While another process holds the write lock for longer than the 5 s
// SQLite waited before (a long import): an export and a backup, which only
// read, finish while it writes; a save as the TUI makes it (the store's
// default wait, retried) lands once the writer is done; and no error says
// "database is locked".
func TestExportBackupAndSaveDuringALongWrite(t *testing.T) {
	t.Parallel() // mostly waiting: beside the other slow ones, at the end
	ctx := context.Background()
	hold := 7 * time.Second
	if long() {
		hold = 20 * time.Second
	}
	p, run := newRunDB(t)
	c := startChild(t, "hold", envDB+"="+p, envHold+"="+hold.String())
	c.waitLines(t, 1) // holding
	began := time.Now()

	// Export: read-only, the whole archive.
	ro, err := OpenWith(p, Options{ReadOnly: true, Wait: cliWait})
	if err != nil {
		t.Fatalf("export's open during the write: %v", err)
	}
	if a, err := ro.Archive(ctx); err != nil || len(a.Runs) != 1 {
		t.Fatalf("export during the write: %d runs, %v", len(a.Runs), err)
	}
	// Backup.
	backup, err := ro.BackupBeside(ctx, time.Now())
	if err != nil {
		t.Fatalf("backup during the write: %v", err)
	}
	ro.Close()
	if slices.Contains(c.lines(), "done") {
		t.Fatal("the writer was done before the export and backup: the test proves nothing")
	}
	b := mustOpen(t, backup)
	checkIntegrity(t, b)
	b.Close()

	// The TUI's save: the store's default wait, then a retry, as the form
	// does, until it lands.
	s := mustOpen(t, p)
	defer s.Close()
	var failures []string
	for {
		_, err := s.SaveAnswer(ctx, run, exReport, "", fields("changed", "saved during an import"), workbook.Date{}, time.Now())
		if err == nil {
			break
		}
		if !errors.Is(err, ErrBusy) {
			t.Fatalf("save: %v", err)
		}
		failures = append(failures, err.Error())
		if time.Since(began) > hold+30*time.Second {
			t.Fatalf("the save did not land: %q", failures)
		}
		time.Sleep(500 * time.Millisecond)
	}
	c.wait(t)
	for _, f := range failures {
		if strings.Contains(f, "locked") || strings.Contains(f, "SQLITE") {
			t.Errorf("a person would read SQLite's text: %q", f)
		}
	}
	t.Logf("export and backup during a %v write; the save retried %d times: %q", hold, len(failures), failures)
}

// A write that waits for another process names it: the notice and the
// busy error carry the pid of the process holding the lock.
func TestWaitNamesTheWriter(t *testing.T) {
	t.Parallel() // mostly waiting: beside the other slow ones, at the end
	ctx := context.Background()
	p, _ := newRunDB(t)
	c := startChild(t, "hold", envDB+"="+p, envHold+"=30s")
	c.waitLines(t, 1)
	s, err := OpenWith(p, Options{Wait: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pids := make(chan int, 1)
	ctx = s.NotifyWait(ctx, func(pid int) { pids <- pid })
	_, err = s.StartRun(ctx, exChallenge, fields("challenge", "c"), t0)
	pid := c.cmd.Process.Pid
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("StartRun behind the writer: %v", err)
	}
	if want := fmt.Sprintf("another autonomy process (pid %d) kept %s busy for 1s", pid, p); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to say %q", err, want)
	}
	select {
	case got := <-pids:
		if got != pid && writerPID(p) != 0 {
			t.Errorf("notice with pid %d, want %d", got, pid)
		}
	case <-time.After(2 * time.Second):
		t.Error("no notice")
	}
	c.stop(t)
}

// A delete while another process reads: once the reader lets go, the
// deleted word is in no file of the database, while the store is still
// open (issue 10, break 6: it stayed in the -wal until the last
// connection closed).
func TestDeleteWithAReaderLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	const word = "zebracornflake"
	s, p := newStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exReport, "", fields("changed", "the secret is "+word), t0)
	mustSave(t, s, run.ID, exReport, "", fields("changed", "something else"), t0)
	scan := func() []string {
		c := startChild(t, "scan", envDB+"="+p, envWord+"="+word)
		out := c.wait(t)
		return slices.DeleteFunc(out, func(l string) bool { return l == "scanned" })
	}
	if len(scan()) == 0 {
		t.Fatal("the word is in no file before the delete: the scan sees nothing")
	}

	reader := startChild(t, "reader", envDB+"="+p)
	reader.waitLines(t, 1) // reading
	if err := s.DeleteEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	t.Logf("with the reader reading: the word is in %q", scan())
	io.WriteString(reader.stdin, "release\n")
	reader.waitLines(t, 2) // released
	deadline := time.Now().Add(10 * time.Second)
	for {
		files := scan()
		if len(files) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the reader let go, the deleted word is still in %q", files)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Saves go on, and the flag is gone.
	mustSave(t, s, run.ID, exReport, "", fields("changed", "after"), t0)
	var flagged bool
	if err := s.db.QueryRow(`SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?)`, metaDeleted).Scan(&flagged); err != nil || flagged {
		t.Errorf("flag %v, %v", flagged, err)
	}
	reader.stdin.Close()
	reader.wait(t)
}

// A checkpoint a reader kept from finishing until the store closed is
// finished by the next open.
func TestNextOpenEmptiesTheWAL(t *testing.T) {
	ctx := context.Background()
	const word = "quokkamarmalade"
	s, p := newStore(t)
	run := mustStart(t, s, "c", t0)
	e := mustSave(t, s, run.ID, exReport, "", fields("changed", word), t0)
	reader := startChild(t, "reader", envDB+"="+p)
	reader.waitLines(t, 1)
	if err := s.DeleteEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	s.Close() // the reader still reads: the -wal stays, flagged
	io.WriteString(reader.stdin, "release\n")
	reader.waitLines(t, 2)
	s = mustOpen(t, p)
	defer s.Close()
	c := startChild(t, "scan", envDB+"="+p, envWord+"="+word)
	if out := c.wait(t); len(out) != 1 {
		t.Errorf("after the next open, the deleted word is in %q", out[:len(out)-1])
	}
	reader.stdin.Close()
	reader.wait(t)
}

// A backup killed at random moments leaves nothing but complete backups
// beside the database: no partial copy, no -journal, nothing with answer
// text (issue 10: a killed backup left both).
func TestKilledBackupLeavesNothing(t *testing.T) {
	t.Parallel() // mostly waiting: beside the other slow ones, at the end
	rounds := 20
	if long() {
		rounds = 100
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	s, p := newStore(t)
	genStore(t, s, 6000)
	s.Close()
	dir := filepath.Dir(p)
	own := map[string]bool{"autonomy.db": true, "autonomy.db-wal": true, "autonomy.db-shm": true}

	// One to the end, to know how long one takes, from "backing up" to
	// its path.
	c := startChild(t, "backup", envDB+"="+p)
	c.waitLines(t, 1)
	began := time.Now()
	c.waitLines(t, 2)
	took := time.Since(began)
	c.wait(t)
	complete := 0
	for i := range rounds {
		c := startChild(t, "backup", envDB+"="+p)
		c.waitLines(t, 1)
		time.Sleep(time.Duration(rng.Int64N(int64(took))))
		out := c.stop(t)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if own[e.Name()] {
				continue
			}
			name := filepath.Join(dir, e.Name())
			if !strings.HasPrefix(e.Name(), "autonomy-backup-") || !strings.HasSuffix(e.Name(), ".db") {
				t.Fatalf("round %d (%q): %s is left beside the database", i, out, e.Name())
			}
			if !own[e.Name()] {
				integrityCheck(t, name)
				own[e.Name()] = true
				complete++
			}
		}
	}
	t.Logf("a backup takes %v; %d of %d rounds ended with a complete backup", took.Round(time.Millisecond), complete, rounds)
}

// export reads a database whose file and directory are read-only. As
// root, whom chmod does not stop, the export runs as nobody.
func TestExportOfAReadOnlyDatabase(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "autonomy.db")
	s := mustOpen(t, p)
	gen := genStore(t, s, 300)
	revisions := 0
	for _, e := range gen {
		revisions += e.revisions
	}
	s.Close()
	if err := os.Chmod(p, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })

	var cred *syscall.Credential
	bin := os.Args[0]
	if os.Geteuid() == 0 {
		// nobody needs to reach the database and to run the test binary.
		cred = &syscall.Credential{Uid: 65534, Gid: 65534}
		for _, d := range []string{top, filepath.Dir(top)} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		bin = filepath.Join(top, "store.test")
		if err := copyFile(os.Args[0], bin); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), envChild+"=export-ro", envDB+"="+p)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("export of a read-only database: %v\n%s", err, stderr.String())
	}
	if want := fmt.Sprintf("3 runs %d revisions\n", revisions); out.String() != want {
		t.Errorf("export read %q, want %q", out.String(), want)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"autonomy.db"}) {
		t.Errorf("files beside the database: %q", names)
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}
