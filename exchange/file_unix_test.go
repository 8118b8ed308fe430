//go:build unix

package exchange

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

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
