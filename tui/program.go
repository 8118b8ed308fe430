package tui

import (
	"context"
	"time"

	"autonomy/tui/exform"
	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
)

// Store is what the TUI persists through: the reading place and the
// program. The store package implements both on SQLite.
type Store interface {
	workbook.PlaceStore
	workbook.ProgramStore
	workbook.ReviewStore
}

// program is the person's state in the 30-day program, loaded from the
// store by a command and refreshed after every change.
type program struct {
	loaded bool
	runs   []workbook.Run
	// entries are those of the current run that Home and the forms look
	// at (workbook.Overview), not every one.
	entries []workbook.Entry
	counts  map[string]int // entries of the current run, by recurring exercise
	drafts  []workbook.Draft
	read    map[string]bool
	today   workbook.Date
	// safetySeen: the safety boundary was opened once ("!"); until then
	// Home carries a notice pointing to it.
	safetySeen bool

	metric   *metricInfo // the latest run's outcome metric, once defined
	checkIns checkInInfo
}

// latest is the current run (workbook.CurrentRun): the open one, else the
// last started; nil when there is none.
func (p *program) latest() *workbook.Run {
	return workbook.CurrentRun(p.runs)
}

// openRun is the current run when it is not closed.
func (p *program) openRun() *workbook.Run {
	if r := p.latest(); r != nil && !r.IsClosed() {
		return r
	}
	return nil
}

// forForms is what a form opens within (exform.Open).
func (p *program) forForms() exform.Program {
	return exform.Program{Runs: p.runs, Entries: p.entries, Drafts: p.drafts, Today: p.today}
}

type programLoadedMsg struct {
	p   program
	err error
}

// loadProgramCmd reads what Home shows (workbook.Overview) in one go.
func loadProgramCmd(wb *workbook.Workbook, st Store, today workbook.Date) tea.Cmd {
	return func() tea.Msg {
		o, err := st.Overview(context.Background(), today)
		if err != nil {
			return programLoadedMsg{err: err}
		}
		p := program{loaded: true, today: today, runs: o.Runs, entries: o.Entries, counts: o.Counts,
			drafts: o.Drafts, read: o.Read, safetySeen: o.SafetySeen}
		p.metric = metricFrom(wb, p.latest(), p.entries, today)
		p.checkIns = checkInsFrom(wb, p.entries)
		return programLoadedMsg{p: p}
	}
}

// dayChangedMsg arrives at local midnight: the program's day moves on.
type dayChangedMsg struct{ now time.Time }

func (m *app) midnightCmd(now time.Time) tea.Cmd {
	if m.store == nil {
		return nil
	}
	return m.tick(workbook.NextMidnight(now).Sub(now), func(t time.Time) tea.Msg {
		return dayChangedMsg{now: t}
	})
}

// draftTick asks for a draftTickMsg after the debounce delay.
func (m *app) draftTick(seq int, d time.Duration) tea.Cmd {
	return m.tick(d, func(time.Time) tea.Msg { return draftTickMsg{seq: seq} })
}

// runActionMsg reports a pause or resume.
type runActionMsg struct {
	what string
	err  error
}

func pauseCmd(st Store, runID string, today workbook.Date, now time.Time, resume bool) tea.Cmd {
	return func() tea.Msg {
		ctx := context.Background()
		if resume {
			return runActionMsg{what: "Resumed. Welcome back.", err: st.ResumeRun(ctx, runID, today, now)}
		}
		return runActionMsg{what: "Paused: the days do not count until you resume. Take the time you need.", err: st.PauseRun(ctx, runID, today, now)}
	}
}

type markedReadMsg struct{ err error }

func markReadCmd(st Store, section string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		return markedReadMsg{err: st.MarkRead(context.Background(), section, now)}
	}
}

// storeCmds start what needs the store: the opening's date, the program,
// the midnight timer.
func (a *app) storeCmds() tea.Cmd {
	if a.store == nil {
		return nil
	}
	st, now := a.store, a.now()
	opened := func() tea.Msg {
		prev, err := st.MarkOpened(context.Background(), now)
		return openedMsg{previous: prev, err: err}
	}
	return tea.Batch(opened, a.reloadCmd(), a.midnightCmd(now))
}
