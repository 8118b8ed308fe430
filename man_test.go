package main

import (
	"os/exec"
	"strings"
	"testing"
)

// autonomy man writes fang's man page of every command, and the completion
// command writes a script for each shell the README names.
func TestManPageAndCompletions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	page, err := exec.Command(bin, "man").Output()
	if err != nil {
		t.Fatalf("autonomy man: %v", err)
	}
	p := string(page)
	if !strings.HasPrefix(p, ".TH AUTONOMY 1 ") {
		t.Fatalf("not a man page of section 1:\n%.200s", p)
	}
	for _, want := range []string{".SH NAME", ".SH COMMANDS", `\fBread\fP`, `\fBexport\fP`, `\fBnext\fP`, `\fBcheck\fP`, `\fB--workbook\fP`} {
		if !strings.Contains(p, want) {
			t.Errorf("the man page lacks %q", want)
		}
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		out, err := exec.Command(bin, "completion", shell).Output()
		if err != nil || !strings.Contains(string(out), "autonomy") || len(out) < 1000 {
			t.Errorf("autonomy completion %s: %v, %d bytes", shell, err, len(out))
		}
	}
}
