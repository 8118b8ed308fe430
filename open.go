package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"autonomy/store"
	"autonomy/workbook"

	"github.com/spf13/cobra"
)

// use is how a command uses the database.
type use int

const (
	// useTUI: the workbook reads and writes; a missing database is
	// created. Its saves wait for another process a few seconds
	// (store.DefaultWait) and retry on their own.
	useTUI use = iota
	// useWrite: a command that writes (import), and waits for another
	// process as long as that one writes, up to cliWait.
	useWrite
	// useRead: a command that only reads (export, backup): it writes
	// nothing, works on a read-only file or directory, and refuses a
	// missing database rather than create an empty one.
	useRead
)

// cliWait bounds how long a command waits for another autonomy process
// that is writing (a long import).
const cliWait = 10 * time.Minute

// openStore opens the database for a command: every command opens it
// here. db is --db (dbPath resolves it). It tells the store the workbook's
// exercises (which writes only when they changed), and returns the context
// to make the store's calls with: the first wait for another process says
// so once, to notice (nil: nowhere; see waitNotice).
func openStore(ctx context.Context, db string, wb *workbook.Workbook, u use, notice io.Writer) (*store.Store, context.Context, error) {
	path, err := dbPath(db, wb.ID)
	if err != nil {
		return nil, ctx, err
	}
	o := store.Options{ReadOnly: u == useRead, Workbook: wb.ID}
	if u != useTUI {
		o.Wait = cliWait
	}
	if u == useRead {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, ctx, fmt.Errorf("no database at %s yet: open the workbook first, or choose one with --db", path)
		}
	}
	st, err := store.OpenWith(path, o)
	if errors.Is(err, store.ErrNeedsMigration) {
		// A database of an earlier build: migrating it (after a backup
		// beside it) is the one write a reading command makes.
		o.ReadOnly = false
		var werr error
		if st, werr = store.OpenWith(path, o); werr != nil {
			return nil, ctx, fmt.Errorf("%w, and it cannot be upgraded here (is it read-only?): open it once where it can be written", err)
		}
		err = nil
	}
	if err != nil {
		return nil, ctx, err
	}
	if err := checkOwner(ctx, st, wb); err != nil {
		st.Close()
		return nil, ctx, err
	}
	if err := st.SetExercises(ctx, wb.Exercises); err != nil {
		st.Close()
		return nil, ctx, err
	}
	if u != useTUI && notice != nil {
		ctx = st.NotifyWait(ctx, func(pid int) {
			fmt.Fprintf(notice, "Waiting for %s to finish writing to %s…\n", writer(pid), path)
		})
	}
	return st, ctx, nil
}

// writer names the process that holds the database's write lock: "another
// autonomy process (pid 4242)", or the program's name when it is another
// one ("sqlite3, pid 4242") and the system says (Linux's /proc).
func writer(pid int) string {
	if pid <= 0 {
		return "another autonomy process"
	}
	comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if name := strings.TrimSpace(string(comm)); name != "" && name != "autonomy" {
		return fmt.Sprintf("another program (%s, pid %d)", workbook.SanitizeLine(name), pid)
	}
	return fmt.Sprintf("another autonomy process (pid %d)", pid)
}

// waitNotice is where a command says that it waits for another process:
// its stderr when that is a terminal, or no file at all (an SSH client's
// stderr, when the command is served); nil for a file or a pipe, which a
// script reads.
func waitNotice(cmd *cobra.Command) io.Writer {
	w := cmd.ErrOrStderr()
	if f, ok := w.(*os.File); ok && !isTerminal(f) {
		return nil
	}
	return w
}

// builtinID is the id of the built-in guide (content/exercises.json).
const builtinID = "autonomy"

// checkOwner refuses a database of a build before workbooks had ids,
// which holds the built-in guide's answers, for another workbook (the
// store refuses one created for another workbook).
func checkOwner(ctx context.Context, st *store.Store, wb *workbook.Workbook) error {
	if wb.ID == builtinID {
		return nil
	}
	owner, err := st.WorkbookID(ctx)
	if err != nil || owner != "" {
		return err
	}
	return fmt.Errorf("%s holds the answers of the built-in guide, not of the workbook %q; refusing to mix them: choose another database with --db", st.Path(), wb.ID)
}

// errNoDataDir is why dbPath finds no place for the database.
var errNoDataDir = errors.New("cannot find a place for the data: neither XDG_DATA_HOME nor HOME is set to an absolute path; choose a database file with --db (or AUTONOMY_DB)")

// dbPath resolves the database of the workbook with the id: --db, then
// $AUTONOMY_DB, then <id>.db in the XDG data dir ($XDG_DATA_HOME, else
// ~/.local/share), so that each workbook keeps its answers apart (the
// built-in guide's id, "autonomy", gives autonomy.db, where it always
// was). Without an absolute data dir or home it fails rather than write
// under the current directory.
func dbPath(flag, id string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if env := os.Getenv("AUTONOMY_DB"); env != "" {
		return env, nil
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := homeDir()
		if home == "" {
			return "", errNoDataDir
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "autonomy", id+".db"), nil
}

// homeDir is $HOME when it is an absolute path, else "".
func homeDir() string {
	home, err := os.UserHomeDir()
	if err != nil || !filepath.IsAbs(home) {
		return ""
	}
	return home
}
