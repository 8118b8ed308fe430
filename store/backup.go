package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrExists: Backup to a file that exists, which it leaves as it is.
var ErrExists = errors.New("file exists")

// DefaultBackupPath is where `autonomy backup` writes without a file name:
// autonomy-backup-YYYYMMDD-HHMMSS.db, at now in now's zone, next to the
// database.
func DefaultBackupPath(dbPath string, now time.Time) string {
	return filepath.Join(filepath.Dir(dbPath), "autonomy-backup-"+now.Format("20060102-150405")+".db")
}

// Backup writes a consistent copy of the database to path, a new file in
// an existing directory, readable by its owner only (mode 0600), while
// this and other processes may go on writing: SQLite's VACUUM INTO copies
// one read transaction's snapshot, with the -wal's commits, into a
// compact new database. It refuses a path that exists (ErrExists) and
// overwrites nothing. The copy is synced to disk, then opened read-only
// and checked (PRAGMA integrity_check, which covers the search index, and
// that it is an autonomy database of this schema); a copy that fails the
// check is reported, and left for inspection.
func (s *Store) Backup(ctx context.Context, path string) error {
	if err := s.backupTo(ctx, path); err != nil {
		return fmt.Errorf("store: back up to %s: %w", path, err)
	}
	return nil
}

func (s *Store) backupTo(ctx context.Context, path string) error {
	if path == "" {
		return errors.New("no file name")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(abs)
	if fi, err := os.Stat(dir); err != nil {
		return fmt.Errorf("directory %s: %w", dir, err)
	} else if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	// The file is created here, empty, so that it is ours and never was
	// anyone's: O_EXCL fails when the name exists, even as a dangling
	// link, and VACUUM INTO accepts an empty file.
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s: %w; not overwriting it", abs, ErrExists)
	}
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		// Nothing was written: remove the empty file made above.
		if fi, serr := os.Stat(abs); serr == nil && fi.Size() == 0 {
			os.Remove(abs)
		}
		return err
	}
	if err := os.Chmod(abs, 0o600); err != nil {
		return err
	}
	if err := syncFile(abs); err != nil {
		return err
	}
	if err := syncFile(dir); err != nil && !errors.Is(err, errNoDirSync) {
		return err
	}
	return s.checkCopy(ctx, abs)
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
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("the copy %s cannot be checked: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		problems = append(problems, line)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("the copy %s cannot be checked: %w", path, err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fmt.Errorf("the copy %s is damaged: %s", path, strings.Join(problems, "; "))
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
