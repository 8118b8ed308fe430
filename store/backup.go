package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrExists: Backup to a file that exists, which it leaves as it is.
var ErrExists = errors.New("file exists")

// DefaultBackupPath is where `autonomy backup` writes without a file name:
// autonomy-backup-YYYYMMDD-HHMMSS.db, at now in now's zone, next to the
// database. BackupBeside adds -2, -3, ... when that name is taken.
func DefaultBackupPath(dbPath string, now time.Time) string {
	return filepath.Join(filepath.Dir(dbPath), "autonomy-backup-"+now.Format("20060102-150405")+".db")
}

// Backup writes a consistent copy of the database to path, a new file in
// an existing directory, readable by its owner only (mode 0600), while
// this and other processes may go on writing. It refuses a path that
// exists (ErrExists) and overwrites nothing, and a name that SQLite would
// take for a database's -wal, -shm or -journal.
//
// The copy is the pages of one read transaction (sqlite_dbpage), -wal
// commits included, written to a file without a name (O_TMPFILE, on
// Linux) that gets its name only once it is complete and synced: a backup
// killed at any moment leaves nothing behind. Where files without a name
// are not available it is a hidden temporary file, renamed when complete
// (a kill leaves it; the next backup into the directory removes it).
// The named copy is then opened read-only and checked (PRAGMA
// integrity_check, which covers the search index, and that it is an
// autonomy database of this schema); a copy that fails the check is
// reported, and left for inspection.
func (s *Store) Backup(ctx context.Context, path string) error {
	if path == "" {
		return errors.New("store: back up: no file name")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("store: back up to %s: %w", path, err)
	}
	if _, err := s.backupAs(ctx, filepath.Dir(abs), func(int) string { return abs }, 1); err != nil {
		return fmt.Errorf("store: back up to %s: %w", path, err)
	}
	return nil
}

// BackupBeside writes a copy as Backup does, next to the database, named
// DefaultBackupPath at now, with -2, -3, ... before ".db" when that name
// is taken (two backups in one second), and returns its path.
func (s *Store) BackupBeside(ctx context.Context, now time.Time) (string, error) {
	first := DefaultBackupPath(s.path, now)
	name := func(i int) string {
		if i == 0 {
			return first
		}
		return fmt.Sprintf("%s-%d.db", strings.TrimSuffix(first, ".db"), i+1)
	}
	path, err := s.backupAs(ctx, filepath.Dir(first), name, 1000)
	if err != nil {
		return "", fmt.Errorf("store: back up to %s: %w", first, err)
	}
	return path, nil
}

// backupAs writes the copy in dir under the first of name(0), name(1), ...
// (tries names at most) that does not exist, checks it, and returns it.
func (s *Store) backupAs(ctx context.Context, dir string, name func(int) string, tries int) (string, error) {
	for i := range tries {
		if err := refuseSQLiteName(name(i)); err != nil {
			return "", err
		}
	}
	if fi, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("directory %s: %w", dir, err)
	} else if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory", dir)
	}
	var path string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		path, err = writeCopy(ctx, tx, dir, name, tries)
		return err
	})
	if err != nil {
		return "", err
	}
	return path, s.checkCopy(ctx, path)
}

// refuseSQLiteName refuses a name SQLite would take for a database's own
// file beside it.
func refuseSQLiteName(path string) error {
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if strings.HasSuffix(path, suffix) {
			return fmt.Errorf("%s: a name ending in %s is SQLite's for a database's own file; choose another", path, suffix)
		}
	}
	return nil
}

// writeCopy writes the pages of the database, as tx sees them, to a new
// file in dir and names it the first free name(i); it syncs the file and
// the directory.
func writeCopy(ctx context.Context, tx *sql.Tx, dir string, name func(int) string, tries int) (string, error) {
	f, err := newUnnamed(dir)
	if err != nil {
		return "", err
	}
	defer f.discard()
	if err := writePages(ctx, tx, f.file); err != nil {
		return "", err
	}
	if err := f.file.Sync(); err != nil {
		return "", err
	}
	for i := range tries {
		err := f.link(name(i))
		if errors.Is(err, os.ErrExist) {
			if i == tries-1 {
				return "", fmt.Errorf("%s: %w; not overwriting it", name(i), ErrExists)
			}
			continue
		}
		if err != nil {
			return "", err
		}
		if err := syncFile(dir); err != nil && !errors.Is(err, errNoDirSync) {
			return "", err
		}
		return name(i), nil
	}
	return "", errors.New("no name to try") // tries < 1
}

// writePages writes every page of the database, in order, from
// sqlite_dbpage: the file SQLite would have after a checkpoint, in
// rollback mode.
func writePages(ctx context.Context, tx *sql.Tx, out io.Writer) error {
	rows, err := tx.QueryContext(ctx, `SELECT pgno, data FROM sqlite_dbpage`)
	if err != nil {
		return err
	}
	defer rows.Close()
	w := bufio.NewWriterSize(out, 1<<20)
	next := int64(1)
	for rows.Next() {
		var pgno int64
		var data sql.RawBytes
		if err := rows.Scan(&pgno, &data); err != nil {
			return err
		}
		if pgno != next {
			return fmt.Errorf("page %d where %d was expected", pgno, next)
		}
		if pgno == 1 && len(data) > 19 && data[18] == 2 && data[19] == 2 {
			// The header's file format versions say WAL: the copy is a
			// database of its own, in rollback mode, that needs no
			// -wal or -shm beside it when it is opened.
			data = append([]byte(nil), data...)
			data[18], data[19] = 1, 1
		}
		next++
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return w.Flush()
}

var errNoDirSync = errors.New("directories cannot be synced here")

// syncFile flushes a file, or a directory's entries, to disk.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		if fi, serr := f.Stat(); serr == nil && fi.IsDir() {
			return errNoDirSync // Windows, some file systems
		}
		return err
	}
	return nil
}

// checkCopy opens the copy at path read-only, as immutable so that no
// -wal or -shm appears next to it, and checks it.
func (s *Store) checkCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", dsn(path, "mode=ro&immutable=1"))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	problems, err := integrityFindings(ctx, db)
	if err != nil {
		return fmt.Errorf("the copy %s cannot be checked: %w", path, err)
	}
	if problems != "" {
		return fmt.Errorf("the copy %s is damaged: %s", path, problems)
	}
	st, err := readState(ctx, db)
	if err != nil {
		return fmt.Errorf("the copy %s cannot be read: %w", path, err)
	}
	want, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if st.appID != ApplicationID || st.version != want {
		return fmt.Errorf("the copy %s has application_id %#x, schema %d; want %#x, %d",
			path, st.appID, st.version, ApplicationID, want)
	}
	return nil
}
