package tui

import (
	"context"
	"fmt"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// filterKind is which of the review's filters a list chooses.
type filterKind int

const (
	filterRun filterKind = iota
	filterPhase
	filterExercise
)

// filterScreen is the list of one filter's values (u, p, e in the
// review), each with the number of entries it would show beside the
// other filters and the search: enter shows them.
type filterScreen struct {
	*app
	rv      *reviewScreen
	kind    filterKind
	options []filterOption
	cursor  int
	counted bool
}

// filterOption is one value: the review's filter with it chosen.
type filterOption struct {
	label  string
	filter workbook.ReviewFilter
	count  workbook.ReviewPage // its count, no items
}

type filterCountsMsg struct {
	list   *filterScreen
	counts []workbook.ReviewPage
	err    error
}

// pickFilter opens the list of a filter's values over the review, the
// value in use under the cursor, and counts each value's entries.
func (rv *reviewScreen) pickFilter(kind filterKind) tea.Cmd {
	f := rv.filter
	with := func(set func(*workbook.ReviewFilter)) workbook.ReviewFilter {
		g := f
		set(&g)
		return g
	}
	var opts []filterOption
	switch kind {
	case filterRun:
		opts = append(opts, filterOption{label: "All runs", filter: with(func(g *workbook.ReviewFilter) { g.RunID = "" })})
		for i := len(rv.prog.runs) - 1; i >= 0; i-- {
			r := rv.prog.runs[i]
			label := fmt.Sprintf("Run %d, from %s", r.Number, r.Start())
			opts = append(opts, filterOption{label: label, filter: with(func(g *workbook.ReviewFilter) { g.RunID = r.ID })})
		}
	case filterPhase:
		opts = append(opts, filterOption{label: "All phases", filter: with(func(g *workbook.ReviewFilter) { g.Phase = 0 })})
		prog := rv.wb.Program
		for _, p := range prog.PhaseList() {
			first, last := prog.PhaseDays(p)
			label := fmt.Sprintf("%s, days %d–%d", prog.PhaseTitle(p), first, last)
			opts = append(opts, filterOption{label: label, filter: with(func(g *workbook.ReviewFilter) { g.Phase = int(p) })})
		}
	case filterExercise:
		opts = append(opts, filterOption{label: "All exercises", filter: with(func(g *workbook.ReviewFilter) { g.Exercise = "" })})
		for _, ex := range rv.wb.Exercises {
			opts = append(opts, filterOption{label: ex.Title, filter: with(func(g *workbook.ReviewFilter) { g.Exercise = ex.ID })})
		}
	}
	fs := &filterScreen{app: rv.app, rv: rv, kind: kind, options: opts}
	for i, o := range opts {
		if o.filter == f {
			fs.cursor = i
		}
	}
	rv.push(fs)
	st := rv.store
	return func() tea.Msg {
		counts := make([]workbook.ReviewPage, len(opts))
		for i, o := range opts {
			n, err := st.Review(context.Background(), o.filter, 0, 0)
			if err != nil {
				return filterCountsMsg{list: fs, err: err}
			}
			counts[i] = n
		}
		return filterCountsMsg{list: fs, counts: counts}
	}
}

func (fs *filterScreen) Name() string {
	return [...]string{"Filter by run", "Filter by phase", "Filter by exercise"}[fs.kind]
}

func (fs *filterScreen) Keys() help.KeyMap {
	k, g := fs.keys.filter, fs.keys.global
	return keyHelp{
		short: []key.Binding{k.Down, k.Choose, g.Back, g.Safety, g.Help},
		full:  [][]key.Binding{{k.Up, k.Down, k.Choose}, {g.Back, g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (fs *filterScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case filterCountsMsg:
		if msg.list != fs {
			return fs, nil
		}
		if msg.err != nil {
			fs.status = "Could not count your entries: " + msg.err.Error()
			return fs, nil
		}
		for i, n := range msg.counts {
			fs.options[i].count = n
		}
		fs.counted = true
	case tea.KeyPressMsg:
		k := fs.keys.filter
		switch {
		case key.Matches(msg, fs.keys.global.Back):
			return nil, nil
		case key.Matches(msg, k.Up):
			fs.cursor = max(fs.cursor-1, 0)
		case key.Matches(msg, k.Down):
			fs.cursor = min(fs.cursor+1, len(fs.options)-1)
		case key.Matches(msg, k.Choose):
			return nil, fs.rv.setFilter(fs.options[fs.cursor].filter)
		default:
			cmd, _ := fs.globalKey(fs, msg)
			return fs, cmd
		}
	}
	return fs, nil
}

func (fs *filterScreen) View(width, height int) string {
	st := fs.styles
	w := width - 4
	sub := "Entries of each"
	if fs.rv.filter.Query != "" || fs.rv.filtered() {
		sub += ", with the other filters and the search as they are"
	}
	lines := []string{"", "  " + st.Title.Render(ansi.Truncate(fs.Name(), w, "…")),
		"  " + st.Muted.Render(ansi.Truncate(sub+":", w, "…")), ""}
	head := len(lines)
	for i, o := range fs.options {
		count := "…"
		if fs.counted {
			count = workbook.Count(o.count.Total)
			if o.count.More {
				count += "+"
			}
		}
		lines = append(lines, st.listRow(o.label, count, i == fs.cursor, fs.counted && o.count.Total == 0, w))
	}
	return fit(strings.Join(keepInView(lines, head+fs.cursor, height), "\n"), width, height)
}
