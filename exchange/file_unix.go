//go:build unix

package exchange

import (
	"os"
	"strconv"
	"syscall"
)

// openNonblock makes opening a named pipe return at once rather than wait
// for a writer.
const openNonblock = syscall.O_NONBLOCK

// heldOpen reports whether this process has the file fi open, by device
// and inode, looking at its descriptors (/dev/fd) without opening the
// file: closing a descriptor of a file drops every POSIX lock the process
// holds on it, SQLite's too, and SQLite's locks on a database, its -wal
// and its -shm are what keep other processes from resetting them.
func heldOpen(fi os.FileInfo) bool {
	want, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	fds, err := os.ReadDir("/dev/fd")
	if err != nil {
		return false
	}
	for _, d := range fds {
		fd, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		var st syscall.Stat_t
		if syscall.Fstat(fd, &st) == nil && st.Dev == want.Dev && st.Ino == want.Ino {
			return true
		}
	}
	return false
}
