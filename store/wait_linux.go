package store

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// walWriteLock is the byte of the -shm that SQLite's WAL writer locks
// (WALINDEX_LOCK_OFFSET + WAL_WRITE_LOCK).
const walWriteLock = 120

// writerPID is the id of another process that holds a write lock on the
// database at path, found in /proc/locks (SQLite's locks are POSIX record
// locks, which name their process): the WAL writer's lock on the -shm
// first, else any write lock on the -shm or the database. It is 0 when
// there is none, or it cannot be known (locks of another kind, no /proc).
// Nothing here opens the database's files, which would drop this
// process's own locks on them.
func writerPID(path string) int {
	if path == "" {
		return 0
	}
	locks, err := os.ReadFile("/proc/locks")
	if err != nil {
		return 0
	}
	shm, db := fileID(path+"-shm"), fileID(path)
	self := os.Getpid()
	other := 0
	sc := bufio.NewScanner(bytes.NewReader(locks))
	for sc.Scan() {
		// 1: POSIX  ADVISORY  WRITE 4242 00:2f:1234567 120 120
		f := strings.Fields(sc.Text())
		if len(f) < 8 || f[1] != "POSIX" || f[3] != "WRITE" {
			continue // another kind, or a process blocked on a lock ("->")
		}
		pid, err := strconv.Atoi(f[4])
		if err != nil || pid <= 0 || pid == self {
			continue
		}
		switch f[5] {
		case shm:
			if f[6] == strconv.Itoa(walWriteLock) {
				return pid
			}
			other = pid
		case db:
			other = pid
		}
	}
	return other
}

// fileID is how /proc/locks names a file: major:minor:inode, the device
// numbers in hex; "" when the file does not exist.
func fileID(name string) string {
	fi, err := os.Stat(name)
	if err != nil {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	dev := uint64(st.Dev)
	return fmt.Sprintf("%02x:%02x:%d", unix.Major(dev), unix.Minor(dev), st.Ino)
}
