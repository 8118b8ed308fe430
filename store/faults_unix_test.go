//go:build unix

// Fault injection: the store's promise is SQLite's, that what a save
// acknowledged is there after any crash. These tests run child processes
// (the test binary itself, re-executed as TestHelperProcess with
// AUTONOMY_STORE_CHILD naming its role) that save while the parent kills
// them with SIGKILL, saves from other processes, takes backups, or fills
// the disk (a file-size limit).
//
// The default run is short, a few seconds in all, for CI. Set
// AUTONOMY_LONG=1 for the long versions (1000 saves in each of the four
// processes, 100 kills, 40 killed imports, ten backups, a second full-disk
// limit):
//
//	AUTONOMY_LONG=1 go test ./store -run 'Process|Killed|WhileAnother|FullDisk' -v
package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"autonomy/workbook"
)

// Environment of a child process.
const (
	envChild  = "AUTONOMY_STORE_CHILD"  // its role; absent in a normal run
	envDB     = "AUTONOMY_STORE_DB"     // the database path
	envRun    = "AUTONOMY_STORE_RUN"    // the open run's id
	envShared = "AUTONOMY_STORE_SHARED" // an entry every child revises
	envN      = "AUTONOMY_STORE_N"      // how many saves
	envWorker = "AUTONOMY_STORE_WORKER" // the child's number
	envExtra  = "AUTONOMY_STORE_EXTRA"  // bytes the file-size limit allows
	envSource = "AUTONOMY_STORE_SOURCE" // the database an import reads
)

// long reports whether the long versions run (AUTONOMY_LONG=1).
func long() bool { return os.Getenv("AUTONOMY_LONG") == "1" }

// TestHelperProcess is the child process of the tests in this file. It
// does nothing in a normal run. A child prints "ack REVISION-ID" on stdout,
// one write per line, for each save acknowledged (SaveAnswer returned
// nil); on any error it prints the error on stderr and exits 1.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(envChild)
	if role == "" {
		return
	}
	var err error
	switch role {
	case "save":
		err = childSave()
	case "loop":
		err = childLoop()
	case "fsize":
		err = childFullDisk()
	case "import":
		err = childImport()
	default:
		if f, ok := moreRoles[role]; ok {
			err = f()
		} else {
			err = fmt.Errorf("unknown role %q", role)
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "child %s (pid %d): %v\n", role, os.Getpid(), err)
		os.Exit(1)
	}
	os.Exit(0)
}

// ack reports an acknowledged save on stdout, in one write.
func ack(e workbook.Entry) {
	fmt.Fprintf(os.Stdout, "ack %s\n", e.Current.ID)
}

// childSave waits for a byte on stdin (so that the children start
// together), opens the database and saves N answers: new entries, new
// revisions of its own entry after reading its revisions, and new
// revisions of the shared entry after reading its revisions.
func childSave() error {
	ctx := context.Background()
	n, err := strconv.Atoi(os.Getenv(envN))
	if err != nil {
		return err
	}
	worker, run, shared := os.Getenv(envWorker), os.Getenv(envRun), os.Getenv(envShared)
	if _, err := os.Stdin.Read(make([]byte, 1)); err != nil {
		return fmt.Errorf("waiting for the start: %w", err)
	}
	s, err := Open(os.Getenv(envDB))
	if err != nil {
		return err
	}
	defer s.Close()
	own := ""
	for i := range n {
		var e workbook.Entry
		switch {
		case own == "" || i%3 == 0:
			e, err = s.SaveAnswer(ctx, run, exReport, "",
				fields("changed", fmt.Sprintf("worker %s, save %d", worker, i)), workbook.Date{}, time.Now())
			if err != nil {
				return err
			}
			own = e.ID
		default:
			// Read, then write what was read and more.
			id := own
			if i%3 == 2 {
				id = shared
			}
			revs, err := s.Revisions(ctx, id)
			if err != nil {
				return err
			}
			last := revs[len(revs)-1].Answer.Fields["failed"]
			e, err = s.SaveAnswer(ctx, run, exReport, id,
				fields("changed", fmt.Sprintf("worker %s, save %d", worker, i), "failed", last+worker),
				workbook.Date{}, time.Now())
			if err != nil {
				return err
			}
			if id == own && e.Revisions != len(revs)+1 {
				return fmt.Errorf("save %d: revision %d of an entry only this process writes, after reading %d",
					i, e.Revisions, len(revs))
			}
			if id == shared && e.Revisions <= len(revs) {
				return fmt.Errorf("save %d: revision %d of the shared entry, after reading %d", i, e.Revisions, len(revs))
			}
		}
		ack(e)
	}
	return nil
}

// childLoop opens the database and saves until it is killed: new entries
// and, after reading their revisions, new revisions of them, of 0.5 to 7
// KB, and drafts now and then.
func childLoop() error {
	ctx := context.Background()
	run := os.Getenv(envRun)
	s, err := Open(os.Getenv(envDB))
	if err != nil {
		return err
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	own := ""
	for i := 0; i < 1_000_000; i++ {
		text := fmt.Sprintf("pid %d save %d ", os.Getpid(), i) + strings.Repeat("lorem ipsum ", 40+rng.IntN(560))
		a := fields("changed", text)
		var e workbook.Entry
		if own == "" || i%4 == 0 {
			if e, err = s.SaveAnswer(ctx, run, exReport, "", a, workbook.Date{}, time.Now()); err != nil {
				return err
			}
			own = e.ID
		} else {
			revs, err := s.Revisions(ctx, own)
			if err != nil {
				return err
			}
			if e, err = s.SaveAnswer(ctx, run, exReport, own, a, workbook.Date{}, time.Now()); err != nil {
				return err
			}
			if e.Revisions != len(revs)+1 {
				return fmt.Errorf("revision %d after reading %d", e.Revisions, len(revs))
			}
		}
		ack(e)
		if i%7 == 0 {
			if err := s.SaveDraft(ctx, workbook.Draft{RunID: run, Exercise: exReport.ID, SavedAt: time.Now(),
				Answer: fields("changed", text)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// childFullDisk opens the database, limits the size of the files it may
// write to the database's and its -wal's size plus EXTRA bytes, and saves
// answers of 24 KB until a save fails. It prints "error ..." then, checks
// that the next saves fail as cleanly, closes the store and prints "ok".
func childFullDisk() error {
	ctx := context.Background()
	extra, err := strconv.ParseUint(os.Getenv(envExtra), 10, 64)
	if err != nil {
		return err
	}
	path := os.Getenv(envDB)
	s, err := Open(path)
	if err != nil {
		return err
	}
	var size uint64
	for _, name := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(name); err == nil {
			size = max(size, uint64(fi.Size()))
		}
	}
	signal.Ignore(syscall.SIGXFSZ) // a write past the limit fails with EFBIG instead
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		return err
	}
	lim.Cur = size + extra
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		return err
	}
	fmt.Printf("limit %d\n", lim.Cur)
	big := func(i int) workbook.Answer {
		f := func(c string) string {
			return (fmt.Sprintf("%d %s ", i, c) + strings.Repeat(c+"bcdefg ", 1200))[:workbook.MaxTextareaRunes]
		}
		return fields("changed", f("a"), "failed", f("b"), "escalated", f("c"))
	}
	run := os.Getenv(envRun)
	for i := 0; ; i++ {
		if i == 100_000 {
			return errors.New("no save failed")
		}
		e, err := s.SaveAnswer(ctx, run, exReport, "", big(i), workbook.Date{}, time.Now())
		if err != nil {
			fmt.Printf("error %v\n", err)
			break
		}
		ack(e)
	}
	for i := range 3 {
		if e, err := s.SaveAnswer(ctx, run, exReport, "", big(-i), workbook.Date{}, time.Now()); err == nil {
			ack(e) // space after all: fine, but say so
		}
	}
	if _, err := s.Runs(ctx); err != nil {
		fmt.Printf("read after the error: %v\n", err)
	}
	if err := s.Close(); err != nil {
		fmt.Printf("close: %v\n", err)
	}
	fmt.Println("ok")
	return nil
}

// child is a running child process and what it printed.
type child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr bytes.Buffer
	mu     sync.Mutex
	out    []string      // complete lines of stdout, without the newline
	eof    chan struct{} // closed at the end of stdout
}

// startChild starts the test binary as a child of role with the
// environment env ("KEY=value").
func startChild(t *testing.T, role string, env ...string) *child {
	t.Helper()
	c := &child{eof: make(chan struct{})}
	c.cmd = exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	c.cmd.Env = append(os.Environ(), append([]string{envChild + "=" + role}, env...)...)
	c.cmd.Stderr = &c.stderr
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			c.cmd.Process.Kill()
			<-c.eof
			c.cmd.Wait()
		}
	})
	go func() {
		defer close(c.eof)
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return // a line cut short by a kill was not printed
			}
			c.mu.Lock()
			c.out = append(c.out, strings.TrimSuffix(line, "\n"))
			c.mu.Unlock()
		}
	}()
	return c
}

func (c *child) lines() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.out)
}

// waitLines waits until the child printed n lines and returns them.
func (c *child) waitLines(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if l := c.lines(); len(l) >= n {
			return l
		}
		select {
		case <-c.eof:
			if l := c.lines(); len(l) >= n {
				return l
			}
			c.cmd.Wait()
			t.Fatalf("the child ended after %d lines, before %d: %v\n%s", len(c.lines()), n, c.cmd.ProcessState, c.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the child printed %d lines in 30 s, not %d\n%s", len(c.lines()), n, c.stderr.String())
		}
		time.Sleep(time.Millisecond)
	}
}

// kill kills the child with SIGKILL and returns all it printed.
func (c *child) kill(t *testing.T) []string {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-c.eof
	err := c.cmd.Wait()
	if ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child did not die of SIGKILL: %v\n%s", err, c.stderr.String())
	}
	return c.lines()
}

// stop kills the child with SIGKILL unless it has ended already, and
// returns all it printed; it fails the test if the child ended in error.
func (c *child) stop(t *testing.T) []string {
	t.Helper()
	c.cmd.Process.Signal(syscall.SIGKILL) // an ended child is a zombie until Wait: no error
	<-c.eof
	err := c.cmd.Wait()
	if ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return c.lines()
	}
	if err != nil {
		t.Fatalf("child: %v\n%s", err, c.stderr.String())
	}
	return c.lines()
}

// wait waits for the child to exit and fails the test unless it exited 0.
func (c *child) wait(t *testing.T) []string {
	t.Helper()
	<-c.eof
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("child: %v\n%s", err, c.stderr.String())
	}
	return c.lines()
}

// acked adds the revision ids of the "ack" lines to ids.
func acked(ids map[string]bool, lines []string) map[string]bool {
	for _, l := range lines {
		if id, ok := strings.CutPrefix(l, "ack "); ok {
			ids[id] = true
		}
	}
	return ids
}

// storedRevisions is the set of revision ids in the database.
func storedRevisions(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	rows, err := s.db.Query(`SELECT id FROM revisions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// missing lists the ids of want that are not in have.
func missing(want, have map[string]bool) []string {
	var m []string
	for id := range want {
		if !have[id] {
			m = append(m, id)
		}
	}
	slices.Sort(m)
	return m
}

// integrityCheck runs PRAGMA integrity_check on the file at path, opened
// read-only as another program would, and fails the test unless it says ok.
func integrityCheck(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, "mode=ro"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		t.Fatalf("integrity_check of %s: %v", path, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0] != "ok" {
		t.Errorf("integrity_check of %s: %q", filepath.Base(path), lines)
	}
}

// newRunDB makes a database with an open run at a new path, closes it, and
// returns the path and the run's id.
func newRunDB(t *testing.T) (string, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "autonomy.db")
	s := mustOpen(t, p)
	defer s.Close()
	return p, mustStart(t, s, "Decide alone", t0).ID
}

// Four processes open the database at once and save N answers each, half
// of them after reading the entry they revise; every save succeeds (no
// "database is locked" reaches them) and all 4×N land.
func TestFourProcessesSave(t *testing.T) {
	const procs = 4
	n := 150
	if long() {
		n = 1000
	}
	p, run := newRunDB(t)
	s := mustOpen(t, p)
	shared := mustSave(t, s, run, exReport, "", fields("changed", "shared"), t0)
	before := len(storedRevisions(t, s))
	s.Close()

	children := make([]*child, procs)
	for i := range children {
		children[i] = startChild(t, "save", envDB+"="+p, envRun+"="+run, envShared+"="+shared.ID,
			envN+"="+strconv.Itoa(n), envWorker+"="+strconv.Itoa(i))
	}
	start := time.Now()
	for _, c := range children {
		c.stdin.Write([]byte{1})
		c.stdin.Close()
	}
	ids := map[string]bool{}
	for i, c := range children {
		lines := c.wait(t)
		if got := len(acked(map[string]bool{}, lines)); got != n {
			t.Errorf("child %d acknowledged %d saves, want %d", i, got, n)
		}
		acked(ids, lines)
	}
	elapsed := time.Since(start)

	s = mustOpen(t, p)
	defer s.Close()
	stored := storedRevisions(t, s)
	if got := len(stored) - before; got != procs*n {
		t.Errorf("%d revisions landed, want %d×%d = %d", got, procs, n, procs*n)
	}
	if m := missing(ids, stored); len(m) > 0 {
		t.Errorf("%d acknowledged revisions missing, e.g. %s", len(m), m[0])
	}
	if revs := mustRevisions(t, s, shared.ID); len(revs) != 1+procs*(n/3) {
		t.Errorf("the shared entry has %d revisions, want %d", len(revs), 1+procs*(n/3))
	}
	checkIntegrity(t, s)
	t.Logf("%d processes × %d saves in %v (%.0f saves/s, %.2f ms a save)",
		procs, n, elapsed.Round(time.Millisecond), float64(procs*n)/elapsed.Seconds(),
		float64(elapsed.Microseconds())/1000/float64(procs*n))
}

// A process killed with SIGKILL at a random moment while it saves, K times
// over, loses no acknowledged save and leaves a sound database.
func TestKilledWhileSaving(t *testing.T) {
	k := 12
	if long() {
		k = 100
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	p, run := newRunDB(t)
	ids := map[string]bool{}
	start := time.Now()
	for i := range k {
		c := startChild(t, "loop", envDB+"="+p, envRun+"="+run)
		c.waitLines(t, 1)
		time.Sleep(time.Duration(20+rng.IntN(181)) * time.Millisecond)
		acked(ids, c.kill(t))

		s, err := Open(p) // recovers the -wal the child left
		if err != nil {
			t.Fatalf("kill %d: reopen: %v", i, err)
		}
		if m := missing(ids, storedRevisions(t, s)); len(m) > 0 {
			t.Errorf("kill %d: %d acknowledged revisions missing, e.g. %s", i, len(m), m[0])
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if t.Failed() {
			break
		}
	}
	integrityCheck(t, p)
	s := mustOpen(t, p)
	defer s.Close()
	checkIntegrity(t, s)
	if m := missing(ids, revisionIDs(mustArchive(t, s))); len(m) > 0 {
		t.Errorf("%d acknowledged revisions missing from the archive", len(m))
	}
	t.Logf("%d kills in %v, %d acknowledged saves, all there", k, time.Since(start).Round(time.Millisecond), len(ids))
}

// childImport reads the archive of the database envSource, prints
// "importing", imports it into the database envDB, and prints "done".
func childImport() error {
	ctx := context.Background()
	src, err := Open(os.Getenv(envSource))
	if err != nil {
		return err
	}
	a, err := src.Archive(ctx)
	src.Close()
	if err != nil {
		return err
	}
	s, err := Open(os.Getenv(envDB))
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetExercises(ctx, genExercises); err != nil {
		return err
	}
	fmt.Fprintln(os.Stdout, "importing")
	if _, err := s.Import(ctx, a); err != nil {
		return err
	}
	fmt.Fprintln(os.Stdout, "done")
	return nil
}

// An import killed with SIGKILL at a random moment adds all or nothing,
// leaves no flag of migration 0005 behind (the trigger that keeps the
// current revision works after), and the database is sound.
func TestKilledWhileImporting(t *testing.T) {
	ctx := context.Background()
	k, n := 6, 3000
	if long() {
		k = 40
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	source, _ := newStore(t)
	gen := genStore(t, source, n)
	srcPath := filepath.Join(t.TempDir(), "source.db")
	if err := source.Backup(ctx, srcPath); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	target := func(i int) string {
		p := filepath.Join(dir, fmt.Sprintf("autonomy%d.db", i))
		mustOpen(t, p).Close()
		return p
	}
	// check opens the database p that an import into stopped with out, and
	// reports whether it holds the whole import, failing the test unless
	// it holds all or nothing, without a flag, soundly; when whole, a save
	// there is current, through the trigger.
	check := func(what, p string, out []string) bool {
		t.Helper()
		integrityCheck(t, p)
		s, err := Open(p)
		if err != nil {
			t.Fatalf("%s: reopen: %v", what, err)
		}
		defer s.Close()
		var entries, flags int
		if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM importing)`).
			Scan(&entries, &flags); err != nil {
			t.Fatal(err)
		}
		if flags != 0 || entries != 0 && entries != n || slices.Contains(out, "done") && entries != n {
			t.Fatalf("%s (%q): %d entries of %d, %d flags", what, out, entries, n, flags)
		}
		if entries == 0 {
			return false
		}
		e := gen[rng.IntN(n)]
		saved, err := s.SaveAnswer(ctx, e.runID, genExercises[e.phase-1], e.id, fields("changed", "after"), workbook.Date{}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.Entry(ctx, e.id); err != nil || got.Current.ID != saved.Current.ID {
			t.Errorf("%s: a save after the import is not current: %+v, %v", what, got.Current, err)
		}
		return true
	}

	// An import to the end, to know how long one takes here, from
	// "importing" to "done".
	p := target(-1)
	c := startChild(t, "import", envDB+"="+p, envSource+"="+srcPath)
	c.waitLines(t, 1)
	began := time.Now()
	out := c.wait(t)
	took := time.Since(began)
	if !check("to the end", p, out) {
		t.Fatalf("the import to the end imported nothing: %q", out)
	}

	killed := 0
	for i := range k {
		p := target(i)
		c := startChild(t, "import", envDB+"="+p, envSource+"="+srcPath)
		c.waitLines(t, 1)
		time.Sleep(time.Duration(rng.Int64N(int64(took))))
		if !check(fmt.Sprintf("kill %d", i), p, c.stop(t)) {
			killed++
		}
	}
	t.Logf("an import takes %v; %d of %d killed before their commit", took.Round(time.Millisecond), killed, k)
}

// A backup and an archive taken while another process saves hold every
// revision acknowledged before they began; the backup is sound and opens.
func TestBackupAndArchiveWhileAnotherProcessWrites(t *testing.T) {
	ctx := context.Background()
	rounds := 1
	if long() {
		rounds = 10
	}
	p, run := newRunDB(t)
	s := mustOpen(t, p)
	defer s.Close()
	c := startChild(t, "loop", envDB+"="+p, envRun+"="+run)
	lines := c.waitLines(t, 20)
	for r := range rounds {
		before := acked(map[string]bool{}, c.lines())
		backup := DefaultBackupPath(p, time.Now().Add(time.Duration(r)*time.Second))
		if err := s.Backup(ctx, backup); err != nil {
			t.Fatal(err)
		}
		beforeArchive := acked(map[string]bool{}, c.lines())
		a, err := s.Archive(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if m := missing(beforeArchive, revisionIDs(a)); len(m) > 0 {
			t.Errorf("round %d: %d revisions acknowledged before the archive are not in it", r, len(m))
		}
		lines = c.waitLines(t, len(lines)+10) // the writer goes on

		integrityCheck(t, backup)
		b, err := Open(backup)
		if err != nil {
			t.Fatalf("round %d: open the backup: %v", r, err)
		}
		copied := storedRevisions(t, b)
		if m := missing(before, copied); len(m) > 0 {
			t.Errorf("round %d: %d revisions acknowledged before the backup are not in it", r, len(m))
		}
		checkIntegrity(t, b)
		b.Close()
		t.Logf("round %d: %d revisions acknowledged before the backup, %d in it, %d acknowledged after the archive",
			r, len(before), len(copied), len(acked(map[string]bool{}, lines)))
	}
	all := acked(map[string]bool{}, c.kill(t))
	if m := missing(all, storedRevisions(t, s)); len(m) > 0 {
		t.Errorf("%d acknowledged revisions missing", len(m))
	}
}

// A full disk (a file-size limit: writes past it fail with EFBIG) makes a
// save return an error, not crash the process, and leaves the database
// sound with every save acknowledged before.
func TestFullDiskKeepsTheDatabaseIntact(t *testing.T) {
	extras := []int{512 << 10} // the -wal cannot grow
	if long() {
		// Past the 4 MB -wal that triggers a checkpoint: the checkpoint
		// cannot grow the database file, then the -wal cannot grow.
		extras = append(extras, 6<<20)
	}
	for _, extra := range extras {
		t.Run(fmt.Sprintf("limit +%d KB", extra>>10), func(t *testing.T) {
			p, run := newRunDB(t)
			s := mustOpen(t, p)
			for i := range 20 {
				mustSave(t, s, run, exReport, "", fields("changed", fmt.Sprintf("before the limit %d", i)), t0)
			}
			ids := storedRevisions(t, s)
			s.Close()

			c := startChild(t, "fsize", envDB+"="+p, envRun+"="+run, envExtra+"="+strconv.Itoa(extra))
			lines := c.wait(t)
			if len(lines) == 0 || lines[len(lines)-1] != "ok" {
				t.Fatalf("the child did not end with ok: %q\n%s", lines, c.stderr.String())
			}
			for _, l := range lines {
				if !strings.HasPrefix(l, "ack ") {
					t.Log(l)
				}
			}
			n := len(ids)
			acked(ids, lines)
			t.Logf("%d saves of 24 KB acknowledged before the error", len(ids)-n)

			integrityCheck(t, p)
			s = mustOpen(t, p)
			defer s.Close()
			checkIntegrity(t, s)
			if m := missing(ids, storedRevisions(t, s)); len(m) > 0 {
				t.Errorf("%d acknowledged revisions missing", len(m))
			}
			// And the store writes again.
			mustSave(t, s, run, exReport, "", fields("changed", "after the limit"), t0)
		})
	}

	t.Run("read-only directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("running as root, which ignores permissions: the directory would not be read-only")
		}
		p, run := newRunDB(t)
		dir := filepath.Dir(p)
		s := mustOpen(t, p)
		e := mustSave(t, s, run, exReport, "", fields("changed", "before"), t0)
		s.Close()
		sum, names := fileSum(t, p), dirNames(t, dir)
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })

		s, err := Open(p)
		if err == nil {
			_, err = s.SaveAnswer(context.Background(), run, exReport, "", fields("changed", "after"), workbook.Date{}, t0)
			s.Close()
			if err == nil {
				t.Error("a save in a read-only directory succeeded")
			}
		}
		t.Logf("read-only directory: %v", err)
		if fileSum(t, p) != sum {
			t.Error("the database changed")
		}
		if got := dirNames(t, dir); !slices.Equal(got, names) {
			t.Errorf("files %q, before %q", got, names)
		}

		if err := os.Chmod(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		integrityCheck(t, p)
		s = mustOpen(t, p)
		defer s.Close()
		if revs := mustRevisions(t, s, e.ID); len(revs) != 1 {
			t.Errorf("revisions: %+v", revs)
		}
	})
}
