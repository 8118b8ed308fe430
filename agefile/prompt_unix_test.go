//go:build unix

package agefile

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// TestHelperAsk is not a test: run by TestTerminalAsksWithoutEcho in a
// process whose controlling terminal is a pty, it asks for a new
// passphrase as export --encrypt does and prints what it read.
func TestHelperAsk(t *testing.T) {
	if os.Getenv("AGEFILE_HELPER") != "1" {
		t.Skip("run by TestTerminalAsksWithoutEcho")
	}
	pass, err := NewPassphrase(Terminal{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
	fmt.Fprintln(os.Stderr, "read:"+hex.EncodeToString(pass))
	os.Exit(0)
}

// The passphrase is asked on the controlling terminal, even with stdin a
// file, twice, without echo; the terminal is given back with echo on.
func TestTerminalAsksWithoutEcho(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pty here:", err)
	}
	defer master.Close()
	defer tty.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperAsk$")
	cmd.Env = append(os.Environ(), "AGEFILE_HELPER=1")
	devnull, _ := os.Open(os.DevNull)
	defer devnull.Close()
	var stderr bytes.Buffer
	// stdin and stdout are not the terminal, as in `export --encrypt > f`.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devnull, io.Discard, &stderr
	cmd.ExtraFiles = []*os.File{tty}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 3}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var screen bytes.Buffer
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := master.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	waitFor := func(s string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			mu.Lock()
			ok := strings.Contains(screen.String(), s)
			mu.Unlock()
			if ok {
				return
			}
		}
		t.Fatalf("the terminal never showed %q; it showed %q (stderr %q)", s, screen.String(), stderr.String())
	}
	const pass = "quiet harbour"
	waitFor("Passphrase for the encrypted copy: ")
	io.WriteString(master, pass+"\r")
	waitFor("The same passphrase again: ")
	io.WriteString(master, pass+"\r")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v, stderr %q", err, stderr.String())
	}
	if want := "read:" + hex.EncodeToString([]byte(pass)); !strings.Contains(stderr.String(), want) {
		t.Fatalf("read %q, want %q", stderr.String(), want)
	}
	mu.Lock()
	echoed := strings.Contains(screen.String(), "quiet")
	mu.Unlock()
	if echoed {
		t.Fatal("the passphrase was echoed")
	}
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil || tio.Lflag&unix.ECHO == 0 {
		t.Fatalf("the terminal is left without echo (%v)", err)
	}
}
