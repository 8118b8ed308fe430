//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// `mkfifo f; autonomy import f` and `autonomy export -o f` waited for a
// writer or a reader of the pipe forever. Both are refused at once.
func TestImportAndExportRefuseANamedPipe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed(t, db)
	fifo := filepath.Join(dir, "f")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"import", fifo}, {"export", "-o", fifo}, {"export", "--format", "json", "-o", fifo}, {"backup", fifo}} {
		done := make(chan error, 1)
		go func() {
			_, err := run(t, nil, append([]string{"--db", db}, args...)...)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), fifo+": it is a named pipe (FIFO)") {
				t.Errorf("%v: %v", args, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v still blocked after 10 s", args)
		}
	}
}
