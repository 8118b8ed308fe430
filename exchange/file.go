package exchange

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes data to path atomically: a temporary file beside it
// (mode 0600), synced, then renamed over path, and the directory synced.
// A crash or a kill midway leaves the earlier file as it was.
// It refuses to replace a SQLite database (the workbook's own file, a
// backup): a report typed over one would destroy it.
func WriteFile(path string, data []byte) (err error) {
	if isSQLite(path) {
		return fmt.Errorf("refusing to write over %s: it is a SQLite database (your workbook or a backup?)", path)
	}
	dir := filepath.Dir(path)
	// A write killed midway left its temporary file: it holds answer
	// text, so it goes before the next write of the same file.
	if stale, _ := filepath.Glob(filepath.Join(dir, "."+filepath.Base(path)+".tmp-*")); len(stale) > 0 {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("%s written, but its directory could not be synced: %w", path, err)
	}
	defer d.Close()
	return d.Sync()
}

// isSQLite reports whether path is an existing file that starts with
// SQLite's header.
func isSQLite(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	return string(head[:n]) == "SQLite format 3\x00"
}
