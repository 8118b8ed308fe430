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

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// shareModel is the Share screen (x from the review): which parts of a
// run go into the report, a preview of it, and writing it to a file.
type shareModel struct {
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

func (rv *reviewModel) openShare(m *app) tea.Cmd {
	run := m.prog.latest()
	if rv.cursor < len(rv.items) {
		for i := range m.prog.runs {
			if m.prog.runs[i].ID == rv.items[rv.cursor].RunID {
				run = &m.prog.runs[i]
			}
		}
	}
	if run == nil {
		m.status = "No run yet: start one from Home."
		return nil
	}
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 1024
	home, _ := os.UserHomeDir()
	in.SetValue(filepath.Join(home, fmt.Sprintf("autonomy-run-%d.md", run.Number)))
	sm := &shareModel{run: *run, parts: exchange.Parts(), chosen: exchange.Selection(nil, nil), path: in}
	rv.share = sm
	st, ok := m.store.(workbook.ArchiveStore)
	if !ok {
		m.status = "This database cannot make reports."
		rv.share = nil
		return nil
	}
	id := run.ID
	return func() tea.Msg {
		a, err := st.Archive(context.Background())
		if err != nil {
			return shareLoadedMsg{runID: id, err: err}
		}
		for i := range a.Runs {
			if a.Runs[i].Run.ID == id {
				return shareLoadedMsg{runID: id, run: &a.Runs[i]}
			}
		}
		return shareLoadedMsg{runID: id, err: fmt.Errorf("run not found")}
	}
}

func (s *shareModel) loaded(m *app, msg shareLoadedMsg) {
	if msg.runID != s.run.ID {
		return
	}
	if msg.err != nil {
		m.status = "Could not read the run: " + msg.err.Error()
		m.review.share = nil
		return
	}
	s.archive = msg.run
	s.render(m)
}

// render makes the report from the chosen parts.
func (s *shareModel) render(m *app) []byte {
	if s.archive == nil {
		return nil
	}
	var b bytes.Buffer
	if err := exchange.EncodeMarkdown(&b, m.wb, *s.archive, s.chosen); err != nil {
		s.preview = []string{"Could not make the report: " + err.Error()}
		return nil
	}
	s.preview = strings.Split(b.String(), "\n")
	return b.Bytes()
}

func (s *shareModel) typing() bool { return s.naming }

func (s *shareModel) handleKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	if s.naming {
		switch msg.String() {
		case "esc":
			s.naming = false
			s.path.Blur()
			return nil
		case "enter":
			s.naming = false
			s.path.Blur()
			return s.write(m)
		}
		var cmd tea.Cmd
		s.path, cmd = s.path.Update(msg)
		return cmd
	}
	k := m.keys.share
	switch {
	case key.Matches(msg, m.keys.global.Back):
		m.review.share = nil
	case key.Matches(msg, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, k.Down):
		s.cursor = min(s.cursor+1, len(s.parts)-1)
	case key.Matches(msg, k.Toggle):
		p := s.parts[s.cursor]
		s.chosen[p] = !s.chosen[p]
		s.render(m)
	case key.Matches(msg, k.Write):
		s.naming = true
		s.path.CursorEnd()
		return s.path.Focus()
	}
	return nil
}

// write saves the report atomically, mode 0600, where the person said.
func (s *shareModel) write(m *app) tea.Cmd {
	data := s.render(m)
	if data == nil {
		m.status = "Nothing to write yet."
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

func (s *shareModel) help(m *app) helpKeys {
	k, g := m.keys.share, m.keys.global
	if s.naming {
		sk := m.keys.search
		return helpKeys{short: []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write")), sk.Cancel}, full: [][]key.Binding{{sk.Cancel}}}
	}
	return helpKeys{short: []key.Binding{k.Up, k.Down, k.Toggle, k.Write, g.Back}, full: [][]key.Binding{{k.Up, k.Down, k.Toggle, k.Write, g.Back}}}
}

func (s *shareModel) view(m *app) string {
	st := m.styles
	w := m.width - 4
	lines := []string{"", "  " + st.Title.Render(fmt.Sprintf("Share a report of run %d", s.run.Number)),
		"  " + st.Muted.Render(ansi.Truncate("Choose what goes in; nothing leaves until you write the file.", w, "…")), ""}
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
	} else {
		lines = append(lines, "  "+st.Muted.Render(ansi.Truncate("w writes it to "+s.path.Value(), w, "…")))
	}
	lines = append(lines, "", "  "+st.Muted.Render("Preview"))
	room := m.bodyHeight() - len(lines)
	// The preview is the Markdown as it will be written: shown as plain
	// text, never rendered.
	for _, l := range s.preview {
		if room <= 0 {
			break
		}
		lines = append(lines, "  "+ansi.Truncate(workbook.SanitizeLine(l), w, "…"))
		room--
	}
	return fit(strings.Join(lines, "\n"), m.width, m.bodyHeight())
}
