package store

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// openNameless opens a new file without a name in dir (O_TMPFILE), mode
// 0600; it fails where the file system has no such files.
func openNameless(dir string) (*os.File, error) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		return nil, err // linkNameless needs it
	}
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), dir), nil
}

// linkNameless names the file f opened by openNameless; the name must not
// exist (linkat never replaces).
func linkNameless(f *os.File, name string) error {
	err := unix.Linkat(unix.AT_FDCWD, fmt.Sprintf("/proc/self/fd/%d", f.Fd()), unix.AT_FDCWD, name, unix.AT_SYMLINK_FOLLOW)
	if errors.Is(err, unix.EEXIST) {
		return &os.LinkError{Op: "link", Old: f.Name(), New: name, Err: err}
	}
	if err != nil {
		return fmt.Errorf("name %s: %w", name, err)
	}
	return nil
}
