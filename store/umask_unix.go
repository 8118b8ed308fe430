//go:build unix

package store

import "syscall"

// SetUmask sets the process umask to 077, so that every file SQLite creates
// for the store (the database, its -wal and -shm, backups) is readable by
// the owner only. main calls it first thing, before anything opens a file.
func SetUmask() {
	syscall.Umask(0o077)
}
