package tui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"autonomy/exchange"
	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// shareScreen is Share (x on Home and in the review): a preview of the
// report of a run, which scrolls; p chooses the parts that go in (a list
// over it); w writes it to a file, asking before it replaces one.
type shareScreen struct {
	*app
	run      workbook.Run
	archive  *workbook.RunArchive
	parts    []exchange.Part
	chosen   map[exchange.Part]bool
	report   []string // the report's Markdown, one line each
	preview  []string // the report laid out for the width
	previewW int
	scroll   int
	naming   bool // the file name is being typed
	path     textinput.Model
}

type shareLoadedMsg struct {
	runID string
	run   *workbook.RunArchive
	err   error
}

// shareTargetMsg says whether a report may go to path (exchange's
// checks) and whether a file is there already.
type shareTargetMsg struct {
	share  *shareScreen
	path   string
	exists bool
	err    error
}

type shareWrittenMsg struct {
	path string
	err  error
}

// openShare opens Share on run, or says why it cannot.
func (a *app) openShare(run *workbook.Run) tea.Cmd {
	st, ok := a.store.(workbook.ArchiveStore)
	switch {
	case a.store == nil:
		a.status = "The workbook has no database open."
		return nil
	case run == nil:
		a.status = "No run yet: Share makes a report of a run; start one with the next step."
		return nil
	case !ok:
		a.status = "This database cannot make reports."
		return nil
	}
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 1024
	home, _ := os.UserHomeDir()
	in.SetValue(filepath.Join(home, fmt.Sprintf("autonomy-run-%d.md", run.Number)))
	a.push(&shareScreen{app: a, run: *run, parts: exchange.Parts(), chosen: exchange.Selection(nil, nil), path: in})
	id := run.ID
	return func() tea.Msg {
		ar, err := st.Archive(context.Background())
		if err != nil {
			return shareLoadedMsg{runID: id, err: err}
		}
		for i := range ar.Runs {
			if ar.Runs[i].Run.ID == id {
				return shareLoadedMsg{runID: id, run: &ar.Runs[i]}
			}
		}
		return shareLoadedMsg{runID: id, err: fmt.Errorf("run not found")}
	}
}

func (s *shareScreen) Name() string { return "Share" }
func (s *shareScreen) typing() bool { return s.naming }

func (s *shareScreen) Keys() help.KeyMap {
	g := s.keys.global
	if s.naming {
		k := s.keys.naming
		return keyHelp{
			short: []key.Binding{k.Accept, k.Cancel, g.HelpInText},
			full:  [][]key.Binding{{k.Accept, k.Cancel}, {g.HelpInText, g.ForceQuit}},
		}
	}
	k := s.keys.share
	return keyHelp{
		short: []key.Binding{k.Write, k.Parts, k.Down, k.PageDown, g.Back, g.Safety, g.Help, g.Quit},
		full: [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Parts, k.Write},
			{g.Back, g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (s *shareScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.naming {
			return s, s.handleNameKey(msg)
		}
		return s.handleKey(msg)
	case tea.PasteMsg:
		if s.naming {
			msg.Content = workbook.SanitizeLine(msg.Content)
			var cmd tea.Cmd
			s.path, cmd = s.path.Update(msg)
			return s, cmd
		}
	case shareLoadedMsg:
		if msg.runID != s.run.ID {
			return s, nil
		}
		if msg.err != nil {
			s.status = "Could not read the run: " + msg.err.Error()
			return nil, nil
		}
		s.archive = msg.run
		s.render()
	case shareTargetMsg:
		if msg.share != s {
			return s, nil
		}
		switch {
		case msg.err != nil:
			s.status = "Not written: " + msg.err.Error()
		case msg.exists:
			s.push(&replaceScreen{app: s.app, share: s, path: msg.path})
		default:
			return s, s.write(msg.path)
		}
	case shareWrittenMsg:
		if msg.err != nil {
			s.status = "Not written: " + msg.err.Error()
		} else {
			s.status = "Wrote " + msg.path + " (only you can read it)"
		}
	}
	return s, nil
}

// render makes the report from the chosen parts.
func (s *shareScreen) render() []byte {
	if s.archive == nil {
		return nil
	}
	s.previewW = 0 // laid out again
	var b bytes.Buffer
	if err := exchange.EncodeMarkdown(&b, s.wb, *s.archive, s.chosen); err != nil {
		s.report = []string{"Could not make the report: " + err.Error()}
		return nil
	}
	s.report = strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	return b.Bytes()
}

// layoutPreview wraps the report's lines to w cells, once per width and
// report: the preview shows every word, the rest of a long line indented.
func (s *shareScreen) layoutPreview(w int) []string {
	if s.previewW == w {
		return s.preview
	}
	s.preview, s.previewW = s.preview[:0], w
	for _, l := range s.report {
		for i, part := range strings.Split(wrapWords(workbook.SanitizeLine(l), w-2), "\n") {
			if i > 0 {
				part = "  " + part
			}
			s.preview = append(s.preview, part)
		}
	}
	return s.preview
}

// handleNameKey edits the file name: enter checks the place and writes
// (or asks first), esc goes back.
func (s *shareScreen) handleNameKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys.naming
	switch {
	case key.Matches(msg, k.Cancel):
		s.naming = false
		s.path.Blur()
		return nil
	case key.Matches(msg, k.Accept):
		s.naming = false
		s.path.Blur()
		return s.checkTarget()
	case key.Matches(msg, s.keys.global.HelpInText):
		s.openHelp(s)
		return nil
	}
	var cmd tea.Cmd
	s.path, cmd = s.path.Update(msg)
	return cmd
}

// startNaming puts the cursor in the file name.
func (s *shareScreen) startNaming() tea.Cmd {
	s.naming = true
	s.path.CursorEnd()
	return s.path.Focus()
}

func (s *shareScreen) handleKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.keys.share
	room := s.previewHeight(s.width, s.bodyHeight())
	page := max(room-1, 1)
	defer func() {
		s.scroll = max(min(s.scroll, len(s.layoutPreview(previewWidth(s.width)))-room), 0)
	}()
	switch {
	case key.Matches(msg, s.keys.global.Back):
		return nil, nil
	case key.Matches(msg, k.Up):
		s.scroll--
	case key.Matches(msg, k.Down):
		s.scroll++
	case key.Matches(msg, k.PageUp):
		s.scroll -= page
	case key.Matches(msg, k.PageDown):
		s.scroll += page
	case key.Matches(msg, k.Top):
		s.scroll = 0
	case key.Matches(msg, k.Bottom):
		s.scroll = len(s.layoutPreview(previewWidth(s.width)))
	case key.Matches(msg, k.Parts):
		s.push(&partsScreen{app: s.app, share: s})
	case key.Matches(msg, k.Write) && s.served:
		return s, s.copyReport()
	case key.Matches(msg, k.Write):
		return s, s.startNaming()
	default:
		cmd, _ := s.globalKey(s, msg)
		return s, cmd
	}
	return s, nil
}

// target is the file name typed, with ~/ for the home directory.
func (s *shareScreen) target() string {
	path := strings.TrimSpace(s.path.Value())
	if strings.HasPrefix(path, "~/") {
		home, _ := os.UserHomeDir()
		path = filepath.Join(home, path[2:])
	}
	return path
}

// checkTarget asks exchange whether the report may go where the person
// said (never over a database, its log, a directory…) and whether a file
// is there already, which the person is asked about before it is
// replaced.
func (s *shareScreen) checkTarget() tea.Cmd {
	if s.archive == nil {
		s.status = "Nothing to write yet."
		return nil
	}
	path := s.target()
	if path == "" {
		s.status = "Not written: type a file name."
		return nil
	}
	return func() tea.Msg {
		if err := exchange.CheckTarget(path); err != nil {
			return shareTargetMsg{share: s, path: path, err: err}
		}
		_, err := os.Lstat(path)
		return shareTargetMsg{share: s, path: path, exists: err == nil}
	}
}

// write saves the report atomically, mode 0600, at path; exchange
// refuses what CheckTarget refuses.
func (s *shareScreen) write(path string) tea.Cmd {
	data := s.render()
	if data == nil {
		s.status = "Nothing to write yet."
		return nil
	}
	return func() tea.Msg {
		return shareWrittenMsg{path: path, err: exchange.WriteFile(path, data)}
	}
}

// included says which parts go in: "all 14 parts", "13 of 14 (not
// Stress and safety flags)".
func (s *shareScreen) included() string {
	var out []string
	for _, p := range s.parts {
		if !s.chosen[p] {
			out = append(out, string(p))
		}
	}
	switch n := len(s.parts) - len(out); {
	case len(out) == 0:
		return fmt.Sprintf("all %d parts", n)
	case n == 0:
		return "no part"
	default:
		return fmt.Sprintf("%d of %d (not %s)", n, len(s.parts), strings.Join(out, ", "))
	}
}

// previewWidth is the preview's width on a screen width cells wide: a
// margin and a rule on the left.
func previewWidth(width int) int { return max(width-8, 8) }

// head is what Share shows above its preview; a short screen leaves out
// the blank lines and the reminder.
func (s *shareScreen) head(width, height int) []string {
	st := s.styles
	w := width - 4
	leaves, where := "Nothing leaves until you write the file.", ""
	switch {
	case s.naming:
		where = "  Write to: " + s.path.View()
	case s.served:
		leaves = "Nothing leaves until you copy it."
		where = "  " + st.Muted.Render(ansi.Truncate("c copies it to your clipboard; nothing is written on the server", w, "…"))
	default:
		where = "  " + st.Muted.Render(ansi.Truncate("w writes it to "+s.path.Value(), w, "…"))
	}
	title := "  " + st.Title.Render(ansi.Truncate(fmt.Sprintf("Share a report of run %d", s.run.Number), w, "…"))
	parts := "  " + st.Muted.Render(ansi.Truncate("p parts: "+s.included(), w, "…"))
	if height < 16 {
		return []string{title, parts, where}
	}
	return []string{"", title, "  " + st.Muted.Render(ansi.Truncate(leaves, w, "…")), parts, where, ""}
}

// previewHeight is the preview's room in a body of height lines, under
// the head and the preview's own line.
func (s *shareScreen) previewHeight(width, height int) int {
	return max(height-len(s.head(width, height))-1, 1)
}

func (s *shareScreen) View(width, height int) string {
	st := s.styles
	w := width - 4
	lines := s.head(width, height)
	preview := s.layoutPreview(previewWidth(width))
	room := s.previewHeight(width, height)
	start := max(min(s.scroll, len(preview)-room), 0)
	end := min(start+room, len(preview))
	label := "Preview"
	if s.archive == nil {
		label += " · loading…"
	} else if len(preview) > room {
		label += fmt.Sprintf(" · lines %d–%d of %d · j/k scroll", start+1, end, len(preview))
	}
	lines = append(lines, "  "+st.Muted.Render(ansi.Truncate(label, w, "…")))
	// The preview is the Markdown as it will be written: shown as plain
	// text, never rendered.
	for _, l := range preview[start:end] {
		lines = append(lines, "  "+st.Muted.Render("│")+" "+ansi.Truncate(l, w, "…"))
	}
	return fit(strings.Join(lines, "\n"), width, height)
}

// partsScreen is the list of the report's parts, over Share: space puts a
// part in or leaves it out, and the preview follows.
type partsScreen struct {
	*app
	share  *shareScreen
	cursor int
}

func (p *partsScreen) Name() string { return "Parts of the report" }

func (p *partsScreen) Keys() help.KeyMap {
	k, g := p.keys.shareParts, p.keys.global
	return keyHelp{
		short: []key.Binding{k.Down, k.Toggle, k.Done, g.Safety, g.Help},
		full:  [][]key.Binding{{k.Up, k.Down, k.Toggle, k.Done}, {g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (p *partsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	k, s := p.keys.shareParts, p.share
	switch {
	case key.Matches(km, k.Done):
		return nil, nil
	case key.Matches(km, k.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(km, k.Down):
		p.cursor = min(p.cursor+1, len(s.parts)-1)
	case key.Matches(km, k.Toggle):
		part := s.parts[p.cursor]
		s.chosen[part] = !s.chosen[part]
		s.render()
	default:
		cmd, _ := p.globalKey(p, km)
		return p, cmd
	}
	return p, nil
}

func (p *partsScreen) View(width, height int) string {
	st, s := p.styles, p.share
	w := width - 4
	lines := []string{"", "  " + st.Title.Render(ansi.Truncate(p.Name(), w, "…")),
		"  " + st.Muted.Render(ansi.Truncate("In it: "+s.included(), w, "…")), ""}
	head := len(lines)
	for i, part := range s.parts {
		box := "[ ]"
		if s.chosen[part] {
			box = "[x]"
		}
		lines = append(lines, st.listRow(box+" "+string(part), "", i == p.cursor, false, w))
	}
	return fit(strings.Join(keepInView(lines, head+p.cursor, height), "\n"), width, height)
}

// replaceScreen asks before a report replaces a file that is there.
type replaceScreen struct {
	*app
	overlayLayer
	share *shareScreen
	path  string
}

func (r *replaceScreen) Name() string { return "Replace the file?" }

func (r *replaceScreen) Keys() help.KeyMap {
	k, g := r.keys.replace, r.keys.global
	return keyHelp{
		short: []key.Binding{k.Yes, k.No, g.Help},
		full:  [][]key.Binding{{k.Yes, k.No}, {g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (r *replaceScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return r, nil
	}
	k := r.keys.replace
	switch {
	case key.Matches(km, k.Yes):
		return nil, r.share.write(r.path)
	case key.Matches(km, k.No):
		r.status = "Nothing written: " + r.path + " is as it was."
		return nil, r.share.startNaming()
	}
	cmd, _ := r.globalKey(r, km)
	return r, cmd
}

func (r *replaceScreen) View(width, height int) string {
	st := r.styles
	w := max(min(width-6, 90), 10)
	lines := []string{""}
	for _, l := range strings.Split(ansi.Wrap("There is a file at "+workbook.SanitizeLine(r.path)+" already. Replace it with this report?", w, ""), "\n") {
		lines = append(lines, "  "+st.Warning.Render(l))
	}
	lines = append(lines, "")
	for _, l := range strings.Split(ansi.Wrap("What it holds now is lost if you do.", w, ""), "\n") {
		lines = append(lines, "  "+st.Item.Render(l))
	}
	lines = append(lines, "", "  "+st.Item.Render(ansi.Truncate("y replaces it · n keeps it and lets you change the name", w, "…")))
	return fit(strings.Join(lines, "\n"), width, height)
}
