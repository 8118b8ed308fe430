package tui

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func newServedDriver(t *testing.T, w, h int) *driver {
	t.Helper()
	st := openStore(t, "")
	d := newDriver(t, Options{Store: st, Now: func() time.Time { return day1 }, StateDir: t.TempDir(), Served: true}, w, h)
	d.run(d.m.reloadCmd())
	return d
}

// Served, ctrl+e says why there is no editor and starts nothing, whatever
// $EDITOR says.
func TestServedCtrlEStartsNoEditor(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "editor-ran")
	script := filepath.Join(t.TempDir(), "editor.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("EDITOR", script)
	t.Setenv("VISUAL", script)
	d := newServedDriver(t, 100, 30)
	d.key("enter") // the challenge form: a text field has focus
	if d.m.form() == nil {
		t.Fatalf("no form:\n%s", d.screen())
	}
	d.requireNot("$EDITOR")
	d.ctrl('e')
	d.requireScreen("No $EDITOR here")
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the editor ran")
	}
	if entries, _ := filepath.Glob(filepath.Join(d.m.stateDir, "edit-*")); len(entries) != 0 {
		t.Fatalf("an editor file was written: %v", entries)
	}
}

// Served, the share screen copies the report (OSC 52) and writes nothing.
func TestServedShareCopiesTheReport(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	st := openStore(t, "")
	d := newDriver(t, Options{Store: st, Now: func() time.Time { return day1 }, StateDir: t.TempDir(), Served: true}, 100, 40)
	d.run(d.m.reloadCmd())
	startRun(t, d, "Own the release process")
	saveScope(t, d, st, "I own the checklist.")
	d.key("r", "x")
	d.requireScreen("Share a report of run 1", "c copies it to your clipboard", "Nothing leaves until you copy it")
	d.requireNot("writes it to")
	_, cmd := d.m.Update(keyMsg("c"))
	if cmd == nil {
		t.Fatal("c gave no command")
	}
	msg := cmd()
	if got := fmt.Sprintf("%T", msg); got != "tea.setClipboardMsg" {
		t.Fatalf("c gave a %s, want Bubble Tea's clipboard message", got)
	}
	if report := fmt.Sprintf("%s", msg); !strings.Contains(report, "Own the release process") || !strings.Contains(report, "I own the checklist.") {
		t.Fatalf("the copied report: %q", report)
	}
	d.requireScreen("Copied the report")
	// w, the local key for writing, copies too: it never asks for a path.
	d.key("w")
	if sh, ok := d.m.top().(*shareScreen); !ok || sh.naming {
		t.Fatal("w asks for a file name on the server")
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Fatalf("files written in HOME: %v", entries)
	}
}

// AUTONOMY_THEME fixes the colours: the terminal is not asked, and its
// answer changes nothing.
func TestThemeOverridesTheTerminal(t *testing.T) {
	d := newDriver(t, Options{Theme: ThemeLight}, 80, 24)
	if d.m.isDark {
		t.Fatal("ThemeLight starts dark")
	}
	// With no store, the background query is all Init could ask for.
	if cmd := d.m.Init(); cmd != nil {
		t.Fatal("Init asks the terminal for its background")
	}
	d.send(tea.BackgroundColorMsg{Color: color.Black})
	if d.m.isDark {
		t.Fatal("a dark terminal's answer overrode ThemeLight")
	}
	auto := newDriver(t, Options{}, 80, 24)
	if auto.m.Init() == nil {
		t.Fatal("with no theme set, Init does not ask the terminal")
	}
	auto.send(tea.BackgroundColorMsg{Color: color.White})
	if auto.m.isDark {
		t.Fatal("with no theme set, a light terminal's answer is ignored")
	}
	for in, want := range map[string]Theme{"": ThemeAuto, "dark": ThemeDark, " Light ": ThemeLight} {
		if got, err := ParseTheme(in); err != nil || got != want {
			t.Errorf("ParseTheme(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseTheme("blue"); err == nil || !strings.Contains(err.Error(), "want dark or light") {
		t.Errorf("ParseTheme(blue): %v", err)
	}
}
