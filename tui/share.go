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

// shareScreen is Share (x on Home and in the review): which parts of a
// run go into the report, a preview of it, and writing it to a file.
type shareScreen struct {
	*app
	run     workbook.Run
	archive *workbook.RunArchive
	parts   []exchange.Part
	chosen  map[exchange.Part]bool
	cursor  int
	preview []string // the report's Markdown, one line each
	naming  bool     // the file name is being typed
	path    textinput.Model
}

type shareLoadedMsg struct {
	runID string
	run   *workbook.RunArchive
	err   error
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
		short: []key.Binding{k.Down, k.Toggle, k.Write, g.Back, g.Safety, g.Help, g.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, k.Toggle, k.Write}, {g.Back, g.Safety, g.Help, g.Quit, g.ForceQuit}},
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
	var b bytes.Buffer
	if err := exchange.EncodeMarkdown(&b, s.wb, *s.archive, s.chosen); err != nil {
		s.preview = []string{"Could not make the report: " + err.Error()}
		return nil
	}
	s.preview = strings.Split(b.String(), "\n")
	return b.Bytes()
}

// handleNameKey edits the file name: enter writes, esc goes back.
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
		return s.write()
	case key.Matches(msg, s.keys.global.HelpInText):
		s.openHelp(s)
		return nil
	}
	var cmd tea.Cmd
	s.path, cmd = s.path.Update(msg)
	return cmd
}

func (s *shareScreen) handleKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.keys.share
	switch {
	case key.Matches(msg, s.keys.global.Back):
		return nil, nil
	case key.Matches(msg, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, k.Down):
		s.cursor = min(s.cursor+1, len(s.parts)-1)
	case key.Matches(msg, k.Toggle):
		p := s.parts[s.cursor]
		s.chosen[p] = !s.chosen[p]
		s.render()
	case key.Matches(msg, k.Write) && s.served:
		return s, s.copyReport()
	case key.Matches(msg, k.Write):
		s.naming = true
		s.path.CursorEnd()
		return s, s.path.Focus()
	default:
		cmd, _ := s.globalKey(s, msg)
		return s, cmd
	}
	return s, nil
}

// write saves the report atomically, mode 0600, where the person said.
func (s *shareScreen) write() tea.Cmd {
	data := s.render()
	if data == nil {
		s.status = "Nothing to write yet."
		return nil
	}
	path := strings.TrimSpace(s.path.Value())
	if strings.HasPrefix(path, "~/") {
		home, _ := os.UserHomeDir()
		path = filepath.Join(home, path[2:])
	}
	return func() tea.Msg {
		return shareWrittenMsg{path: path, err: exchange.WriteFile(path, data)}
	}
}

func (s *shareScreen) View(width, height int) string {
	st := s.styles
	w := width - 4
	leaves := "Choose what goes in; nothing leaves until you write the file."
	if s.served {
		leaves = "Choose what goes in; nothing leaves until you copy it."
	}
	lines := []string{"", "  " + st.Title.Render(fmt.Sprintf("Share a report of run %d", s.run.Number)),
		"  " + st.Muted.Render(ansi.Truncate(leaves, w, "…")), ""}
	for i, p := range s.parts {
		box := "[ ]"
		if s.chosen[p] {
			box = "[x]"
		}
		row := box + " " + string(p)
		if i == s.cursor {
			lines = append(lines, "▸ "+st.Selected.Render(row))
		} else {
			lines = append(lines, "  "+st.Item.Render(row))
		}
	}
	lines = append(lines, "")
	if s.naming {
		lines = append(lines, "  Write to: "+s.path.View())
	} else if s.served {
		lines = append(lines, "  "+st.Muted.Render(ansi.Truncate("c copies it to your clipboard; nothing is written on the server", w, "…")))
	} else {
		lines = append(lines, "  "+st.Muted.Render(ansi.Truncate("w writes it to "+s.path.Value(), w, "…")))
	}
	lines = append(lines, "", "  "+st.Muted.Render("Preview"))
	room := height - len(lines)
	// The preview is the Markdown as it will be written: shown as plain
	// text, never rendered.
	for _, l := range s.preview {
		if room <= 0 {
			break
		}
		lines = append(lines, "  "+ansi.Truncate(workbook.SanitizeLine(l), w, "…"))
		room--
	}
	return fit(strings.Join(lines, "\n"), width, height)
}
