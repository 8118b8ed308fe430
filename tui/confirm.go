package tui

import (
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// confirmWord is what the person types to confirm a deletion.
const confirmWord = "delete"

// confirmModel asks for a typed confirmation before deleting for good.
type confirmModel struct {
	what   string // "version 2 of 3 of “Scope”"
	input  textinput.Model
	action func(workbook.DeleteStore) error
	wrong  bool
}

type deletedMsg struct {
	what string
	err  error
}

// askDelete opens the confirmation for deleting what, which action does.
func (m *app) askDelete(what string, action func(workbook.DeleteStore) error) tea.Cmd {
	if _, ok := m.store.(workbook.DeleteStore); !ok {
		m.status = "This database cannot delete."
		return nil
	}
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 20
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	m.confirm = &confirmModel{what: what, input: in, action: action}
	return m.confirm.input.Focus()
}

func (m *app) handleConfirmKey(msg tea.KeyPressMsg) tea.Cmd {
	c := m.confirm
	switch msg.String() {
	case "esc":
		m.confirm = nil
		m.status = "Nothing deleted."
		return nil
	case "enter":
		if strings.TrimSpace(strings.ToLower(c.input.Value())) != confirmWord {
			c.wrong = true
			return nil
		}
		m.confirm = nil
		ds := m.store.(workbook.DeleteStore)
		what, action := c.what, c.action
		return func() tea.Msg { return deletedMsg{what: what, err: action(ds)} }
	}
	c.wrong = false
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(msg)
	return cmd
}

// deleted follows a deletion: back to the list, everything read again.
func (m *app) deleted(msg deletedMsg) tea.Cmd {
	if msg.err != nil {
		m.status = "Not deleted: " + msg.err.Error()
		return nil
	}
	m.status = "Deleted " + msg.what + ". It is gone from the database; backups and exports made before still hold it."
	var cmds []tea.Cmd
	if m.review != nil {
		m.review.entry, m.review.compare = nil, nil
		cmds = append(cmds, m.review.load(m, 0))
	}
	return tea.Batch(append(cmds, m.reloadCmd())...)
}

func (m *app) confirmView() string {
	st := m.styles
	c := m.confirm
	w := max(min(m.width-6, 90), 10)
	lines := []string{"", "  " + st.Warning.Render(ansi.Truncate("Delete "+c.what+" for good?", w, "…")), ""}
	for _, l := range strings.Split(ansi.Wrap("It is removed from the database and cannot be undone. Backups and exports made before keep it.", w, ""), "\n") {
		lines = append(lines, "  "+st.Item.Render(l))
	}
	lines = append(lines, "", "  Type "+st.Current.Render(confirmWord)+" and press enter: "+c.input.View())
	if c.wrong {
		lines = append(lines, "  "+st.Warning.Render("Type the word delete to confirm, or esc to keep it."))
	}
	lines = append(lines, "", "  "+st.Muted.Render("esc keeps it"))
	return fit(strings.Join(lines, "\n"), m.width, m.bodyHeight())
}
