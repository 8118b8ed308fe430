package exchange

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CheckTarget refuses a path that the app must never write a report, an
// export or a backup to, naming the path and the reason: a SQLite
// database (the workbook or a backup), its write-ahead log, shared-memory
// index or rollback journal (by name beside a database, and by content),
// a file this process holds open (its own database's files), a directory,
// a named pipe, a device or anything else that is not a regular file, and
// a path whose directory does not exist. A new file in an existing
// directory passes. It opens nothing that could block, and no file this
// process holds open (see heldOpen).
func CheckTarget(path string) error {
	refuse := func(why string) error { return fmt.Errorf("refusing to write %s: %s", path, why) }
	fi, err := os.Stat(path)
	if err != nil {
		dir := filepath.Dir(path)
		di, derr := os.Stat(dir)
		switch {
		case derr == nil && !di.IsDir():
			return fmt.Errorf("cannot write %s: %s is not a directory", path, dir)
		case errors.Is(derr, fs.ErrNotExist):
			return fmt.Errorf("cannot write %s: there is no directory %s", path, dir)
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
		}
		// A new file in an existing directory.
	} else if !fi.Mode().IsRegular() {
		return refuse("it is " + notRegular(fi.Mode()))
	}
	// The files of a database are named after it; a link may name one.
	names := []string{path}
	if real, err := filepath.EvalSymlinks(path); err == nil && real != path {
		names = append(names, real)
	}
	for _, name := range names {
		for _, side := range sidecars {
			db, ok := strings.CutSuffix(name, side.suffix)
			if !ok {
				continue
			}
			switch sqliteFile(db) {
			case "a SQLite database", heldFile:
				return refuse(fmt.Sprintf("it is the %s of the database %s", side.what, db))
			}
		}
	}
	if err == nil {
		if what := sqliteFile(path); what != "" {
			return refuse("it is " + what)
		}
	}
	return nil
}

// sidecars are the files SQLite keeps beside a database.
var sidecars = []struct{ suffix, what string }{
	{"-wal", "write-ahead log"},
	{"-shm", "shared-memory index"},
	{"-journal", "rollback journal"},
}

// notRegular names what a file that is not a regular file is.
func notRegular(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// heldFile is what sqliteFile calls a file this process holds open.
const heldFile = "a file this program has open (its database or one of the database's files)"

// sqliteFile names what kind of SQLite file path is, from its first bytes:
// "a SQLite database", "a SQLite write-ahead log", "a SQLite rollback
// journal", heldFile, or "" for anything else (a missing file, one it
// cannot read). It opens only a regular file, without blocking, and never
// one this process holds open.
func sqliteFile(path string) string {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	if heldOpen(fi) {
		return heldFile
	}
	f, err := openRegular(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	return sniff(f)
}

// sniff names what kind of SQLite file f is, from its first bytes, or "".
func sniff(f *os.File) string {
	head := make([]byte, 16)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.Equal(head, []byte("SQLite format 3\x00")):
		return "a SQLite database"
	case len(head) >= 4 && (bytes.Equal(head[:4], []byte{0x37, 0x7f, 0x06, 0x82}) || bytes.Equal(head[:4], []byte{0x37, 0x7f, 0x06, 0x83})):
		return "a SQLite write-ahead log"
	case len(head) >= 8 && bytes.Equal(head[:8], []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7}):
		return "a SQLite rollback journal"
	}
	return ""
}

// OpenFile opens a file to import, refusing what is not a regular file (a
// named pipe would block the read until someone writes to it) and a
// SQLite file, naming the path and the reason.
func OpenFile(path string) (*os.File, error) {
	f, err := openRegular(path)
	var notReg *notRegularError
	if errors.As(err, &notReg) {
		return nil, fmt.Errorf("cannot import %s: it is %s, not a file that `autonomy export --format json` wrote", path, notRegular(notReg.mode))
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("cannot import %s: there is no such file", path)
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("cannot import %s: you may not read it", path)
	case err != nil:
		return nil, fmt.Errorf("cannot import %s: %w", path, err)
	}
	if what := sniff(f); what != "" {
		f.Close()
		return nil, fmt.Errorf("cannot import %s: it is %s, not a file that `autonomy export --format json` wrote", path, what)
	}
	return f, nil
}

type notRegularError struct{ mode fs.FileMode }

func (e *notRegularError) Error() string { return "not a regular file: " + notRegular(e.mode) }

// openRegular opens path for reading if it is a regular file. It opens
// without waiting (O_NONBLOCK where there is one), so that a named pipe
// put in the file's place after a check cannot block it, and checks the
// file it opened.
func openRegular(path string) (*os.File, error) {
	if fi, err := os.Stat(path); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, &notRegularError{fi.Mode()}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, &notRegularError{fi.Mode()}
	}
	return f, nil
}

// WriteFile writes data to path atomically: a temporary file beside it
// (mode 0600), synced, then renamed over path, and the directory synced.
// A crash or a kill midway leaves the earlier file as it was. It refuses
// what CheckTarget refuses: a report typed over a database or its log
// would destroy answers.
func WriteFile(path string, data []byte) error {
	if err := CheckTarget(path); err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// A write killed midway left its temporary file: it holds answer
	// text, so it goes before the next write of the same file. Only ours:
	// the exact prefix, then CreateTemp's digits.
	prefix := "." + base + ".tmp-"
	if names, err := os.ReadDir(dir); err == nil {
		for _, n := range names {
			if rest, ok := strings.CutPrefix(n.Name(), prefix); ok && rest != "" && strings.Trim(rest, "0123456789") == "" && n.Type().IsRegular() {
				os.Remove(filepath.Join(dir, n.Name()))
			}
		}
	}
	tmp, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	if err := writeSynced(tmp, data); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	d, err := os.Open(dir)
	if err == nil {
		err = d.Sync()
		d.Close()
	}
	if err != nil {
		return fmt.Errorf("%s written, but its directory could not be synced: %w", path, err)
	}
	return nil
}

// writeSynced writes data to f, mode 0600, syncs and closes it.
func writeSynced(f *os.File, data []byte) error {
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// unwrapPath is the cause of a file operation's error, without the name
// of the temporary file, which means nothing to the person.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
