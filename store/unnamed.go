package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// unnamed is a new file in a directory that gets its name only once it is
// complete: a file without a name where the system has them (a kill
// leaves nothing), else a hidden temporary file.
type unnamed struct {
	file *os.File
	temp string // the temporary file's path; "" for a file without a name
}

// tempPrefix begins the names of the temporary files.
const tempPrefix = ".autonomy-backup-tmp-"

// staleTemp is the age after which a temporary file is a killed
// backup's, not one being written.
const staleTemp = 10 * time.Minute

func newUnnamed(dir string) (*unnamed, error) {
	f, err := openNameless(dir)
	switch {
	case err == nil:
		return &unnamed{file: f}, nil
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return nil, fmt.Errorf("cannot create a file in %s: %w", dir, err)
	}
	removeStaleTemps(dir)
	if f, err = os.CreateTemp(dir, tempPrefix+"*"); err != nil { // mode 0600
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err // the temporary name means nothing to anyone
		}
		return nil, fmt.Errorf("cannot create a file in %s: %w", dir, err)
	}
	return &unnamed{file: f, temp: f.Name()}, nil
}

// link gives the complete file its name, which must not exist: an error
// matching os.ErrExist otherwise.
func (u *unnamed) link(name string) error {
	if u.temp == "" {
		return linkNameless(u.file, name)
	}
	return os.Link(u.temp, name)
}

// discard closes the file and removes its temporary name, if any.
func (u *unnamed) discard() {
	u.file.Close()
	if u.temp != "" {
		os.Remove(u.temp)
	}
}

// removeStaleTemps removes temporary files of killed backups from dir: an
// exact prefix match over the directory's names.
func removeStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), tempPrefix) || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
