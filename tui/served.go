package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Theme is the background the colours are chosen for.
type Theme int

const (
	// ThemeAuto asks the terminal for its background (the default).
	ThemeAuto Theme = iota
	ThemeDark
	ThemeLight
)

// ParseTheme reads AUTONOMY_THEME: "dark", "light", or "" for asking the
// terminal, which fails over SSH and in tmux.
func ParseTheme(s string) (Theme, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return ThemeAuto, nil
	case "dark":
		return ThemeDark, nil
	case "light":
		return ThemeLight, nil
	}
	return ThemeAuto, fmt.Errorf("AUTONOMY_THEME=%q: want dark or light (or leave it unset to ask the terminal)", s)
}

// serveKeys adjusts the keys for a workbook served over SSH: Share's key
// copies the report instead of writing a file.
func serveKeys(k *keyMap) {
	k.share.Write.SetKeys("c", "w")
	k.share.Write.SetHelp("c", "copy the report")
}

// without drops a binding from the help: a served form keeps ctrl+e (it
// says why it does nothing) but does not offer it.
func (h keyHelp) without(b key.Binding) keyHelp {
	drop := func(bs []key.Binding) []key.Binding {
		return slices.DeleteFunc(slices.Clone(bs), func(x key.Binding) bool { return slices.Equal(x.Keys(), b.Keys()) })
	}
	out := keyHelp{short: drop(h.short)}
	for _, g := range h.full {
		out.full = append(out.full, drop(g))
	}
	return out
}

// noEditorServed is what ctrl+e says when served: an editor would run on
// the server, where it could reach files and programs that are not yours.
const noEditorServed = "No $EDITOR here: the workbook runs on a server, and an editor there could open its files. Type or paste into the field."

// copyReport puts the report on the client's clipboard (OSC 52, which most
// terminals honour, and tmux with set-clipboard on).
func (s *shareScreen) copyReport() tea.Cmd {
	data := s.render()
	if data == nil {
		s.status = "Nothing to copy yet."
		return nil
	}
	s.status = fmt.Sprintf("Copied the report (%d lines) to your clipboard, if your terminal allows it; the preview below is the same text.", len(s.preview))
	return tea.SetClipboard(string(data))
}
