package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// The wait notice names what holds the lock as truly as the system lets
// it: a program that is not autonomy by its name (on Linux), else
// "another autonomy process".
func TestWriterNamesTheProgram(t *testing.T) {
	if got := writer(0); got != "another autonomy process" {
		t.Errorf("writer(0) = %q", got)
	}
	self := os.Getpid()
	got := writer(self)
	if runtime.GOOS == "linux" {
		// This test's own process is autonomy's test binary, not autonomy.
		if want := fmt.Sprintf(", pid %d)", self); !strings.HasPrefix(got, "another program (") || !strings.HasSuffix(got, want) {
			t.Errorf("writer(self) = %q", got)
		}
	} else if got != fmt.Sprintf("another autonomy process (pid %d)", self) {
		t.Errorf("writer(self) = %q", got)
	}
}
