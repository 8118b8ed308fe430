package tui

import (
	"charm.land/lipgloss/v2"
)

// Styles holds every style the screens use, named for what they are for.
// One set is built from the terminal's background and NO_COLOR, so glamour,
// lipgloss and the widgets agree.
type Styles struct {
	Title      lipgloss.Style
	Subtitle   lipgloss.Style
	Muted      lipgloss.Style
	Selected   lipgloss.Style
	Item       lipgloss.Style
	Mark       lipgloss.Style // "this section has an exercise"
	Current    lipgloss.Style // the section being read, in the contents
	Highlight  lipgloss.Style // a search match
	Status     lipgloss.Style
	Warning    lipgloss.Style
	Border     lipgloss.Style
	HelpTitle  lipgloss.Style
	TooSmall   lipgloss.Style
	SearchLine lipgloss.Style
	Added      lipgloss.Style // a line a version added
	Removed    lipgloss.Style // a line a version removed
}

// NewStyles builds the styles for a dark or light background; with noColor
// it uses only bold, faint and reverse video, which stay readable anywhere.
func NewStyles(isDark, noColor bool) Styles {
	if noColor {
		plain := lipgloss.NewStyle()
		return Styles{
			Title:      plain.Bold(true),
			Subtitle:   plain,
			Muted:      plain.Faint(true),
			Selected:   plain.Reverse(true),
			Item:       plain,
			Mark:       plain,
			Current:    plain.Bold(true),
			Highlight:  plain.Reverse(true),
			Status:     plain,
			Warning:    plain.Bold(true),
			Border:     plain,
			HelpTitle:  plain.Bold(true),
			TooSmall:   plain.Bold(true),
			SearchLine: plain,
			Added:      plain,
			Removed:    plain,
		}
	}
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FD1"), lipgloss.Color("#A694FF"))
	muted := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8A8A8A"))
	text := ld(lipgloss.Color("#1F1F1F"), lipgloss.Color("#E4E4E4"))
	mark := ld(lipgloss.Color("#0A7D55"), lipgloss.Color("#5FD7A7"))
	warn := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF8A80"))
	selBg := ld(lipgloss.Color("#E6E0FF"), lipgloss.Color("#3B2F7A"))
	hlBg := ld(lipgloss.Color("#FFE066"), lipgloss.Color("#FFD43B"))
	return Styles{
		Title:      lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtitle:   lipgloss.NewStyle().Foreground(text),
		Muted:      lipgloss.NewStyle().Foreground(muted),
		Selected:   lipgloss.NewStyle().Foreground(text).Background(selBg).Bold(true),
		Item:       lipgloss.NewStyle().Foreground(text),
		Mark:       lipgloss.NewStyle().Foreground(mark),
		Current:    lipgloss.NewStyle().Foreground(accent).Bold(true),
		Highlight:  lipgloss.NewStyle().Foreground(lipgloss.Color("#000000")).Background(hlBg),
		Status:     lipgloss.NewStyle().Foreground(mark),
		Warning:    lipgloss.NewStyle().Foreground(warn).Bold(true),
		Border:     lipgloss.NewStyle().Foreground(muted),
		HelpTitle:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		TooSmall:   lipgloss.NewStyle().Bold(true).Foreground(warn),
		SearchLine: lipgloss.NewStyle().Foreground(text),
		Added:      lipgloss.NewStyle().Foreground(mark),
		Removed:    lipgloss.NewStyle().Foreground(warn),
	}
}
