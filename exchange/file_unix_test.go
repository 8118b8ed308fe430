//go:build unix

package exchange

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// heldOpen sees a file the process has open, by its inode, whatever the
// name.
func TestHeldOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	os.WriteFile(path, []byte("x"), 0o600)
	link := path + "-link"
	os.Link(path, link)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(link)
	if !heldOpen(fi) {
		t.Error("an open file is not held")
	}
	f.Close()
	if heldOpen(fi) {
		t.Error("a closed file is held")
	}
}

// within fails the test when f has not returned after d: a regression
// that blocks fails rather than hangs the suite.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still blocked after %v", d)
	}
}

// A named pipe is refused as a place to write and as a file to import, at
// once: opening one waits for the other end.
func TestNamedPipesAndDevicesAreRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "f")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	within(t, 5*time.Second, func() {
		if err := WriteFile(fifo, []byte("x")); err == nil || !strings.Contains(err.Error(), "refusing to write "+fifo+": it is a named pipe (FIFO)") {
			t.Errorf("WriteFile: %v", err)
		}
		if f, err := OpenFile(fifo); err == nil || !strings.Contains(err.Error(), "cannot import "+fifo+": it is a named pipe (FIFO)") {
			t.Errorf("OpenFile: %v", err)
			f.Close()
		}
		// Even if it takes a file's place between the check and the open.
		if f, err := os.OpenFile(fifo, os.O_RDONLY|openNonblock, 0); err != nil {
			t.Errorf("open without blocking: %v", err)
		} else {
			f.Close()
		}
		if err := CheckTarget("/dev/null"); err == nil || !strings.Contains(err.Error(), "it is a device") {
			t.Errorf("/dev/null: %v", err)
		}
	})
}

// TestHelperWriter is the child of TestExportKilledMidwayKeepsTheEarlierFile:
// it writes big exports over the same file until it is killed.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv("AUTONOMY_WRITER_PATH")
	if path == "" {
		return
	}
	for i := 0; ; i++ {
		data := bytes.Repeat([]byte{byte('a' + i%26)}, 8<<20)
		if err := WriteFile(path, data); err != nil {
			os.Exit(2)
		}
	}
}

// An export killed at any moment leaves the file whole: the earlier
// export or the new one, never a part; the next write removes the
// temporary files killed writes left.
func TestExportKilledMidwayKeepsTheEarlierFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "export.json")
	earlier := bytes.Repeat([]byte("e"), 8<<20)
	if err := WriteFile(path, earlier); err != nil {
		t.Fatal(err)
	}
	kills := 8
	if os.Getenv("AUTONOMY_LONG") != "" {
		kills = 50
	}
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
		cmd.Env = append(os.Environ(), "AUTONOMY_WRITER_PATH="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(30+k*37%170) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != 8<<20 || !bytes.Equal(b, bytes.Repeat(b[:1], len(b))) {
			t.Fatalf("kill %d: the file is not one whole export (%d bytes, starts %q)", k, len(b), b[:min(len(b), 8)])
		}
		fi, _ := os.Stat(path)
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v", fi.Mode().Perm())
		}
	}
	// The next write clears what killed writes left behind.
	if err := WriteFile(path, []byte("last")); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".export.json.tmp-*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// A file to import that is not there, or not readable, is named with the
// reason in words, not as a system call's error.
func TestOpenFileSaysWhyItCannot(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "all.json")
	if _, err := OpenFile(missing); err == nil || err.Error() != "cannot import "+missing+": there is no such file" {
		t.Errorf("missing: %v", err)
	}
	if os.Geteuid() == 0 {
		return // root reads a file of mode 0 all the same
	}
	locked := filepath.Join(t.TempDir(), "locked.json")
	if err := os.WriteFile(locked, []byte("{}"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFile(locked); err == nil || err.Error() != "cannot import "+locked+": you may not read it" {
		t.Errorf("unreadable: %v", err)
	}
}
