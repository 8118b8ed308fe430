package tui

import (
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// confirmWord is what the person types to confirm a deletion.
const confirmWord = "delete"

// confirmScreen asks for a typed confirmation before deleting for good.
type confirmScreen struct {
	*app
	overlayLayer
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
func (a *app) askDelete(what string, action func(workbook.DeleteStore) error) tea.Cmd {
	if _, ok := a.store.(workbook.DeleteStore); !ok {
		a.status = "This database cannot delete."
		return nil
	}
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 20
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	c := &confirmScreen{app: a, what: what, input: in, action: action}
	a.push(c)
	return c.input.Focus()
}

func (c *confirmScreen) Name() string { return "Delete for good" }
func (c *confirmScreen) typing() bool { return true }

func (c *confirmScreen) Keys() help.KeyMap {
	k, g := c.keys.confirm, c.keys.global
	return keyHelp{
		short: []key.Binding{k.Accept, k.Cancel, g.HelpInText},
		full:  [][]key.Binding{{k.Accept, k.Cancel}, {g.HelpInText, g.ForceQuit}},
	}
}

func (c *confirmScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k := c.keys.confirm
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Cancel):
			c.status = "Nothing deleted."
			return nil, nil
		case key.Matches(msg, k.Accept):
			if strings.TrimSpace(strings.ToLower(c.input.Value())) != confirmWord {
				c.wrong = true
				return c, nil
			}
			ds := c.store.(workbook.DeleteStore)
			what, action := c.what, c.action
			return nil, func() tea.Msg { return deletedMsg{what: what, err: action(ds)} }
		case key.Matches(msg, c.keys.global.HelpInText):
			c.openHelp(c)
			return c, nil
		}
		c.wrong = false
	case tea.PasteMsg:
		msg.Content = workbook.SanitizeLine(msg.Content)
		var cmd tea.Cmd
		c.input, cmd = c.input.Update(msg)
		return c, cmd
	}
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(msg)
	return c, cmd
}

// deleted says how a deletion went; the screens that showed what is gone
// close or read again on the same message.
func (a *app) deleted(msg deletedMsg) {
	if msg.err != nil {
		a.status = "Not deleted: " + msg.err.Error()
		return
	}
	a.status = "Deleted " + msg.what + ". It is gone from the database; backups and exports made before still hold it."
}

func (c *confirmScreen) View(width, height int) string {
	st := c.styles
	w := max(min(width-6, 90), 10)
	lines := []string{"", "  " + st.Warning.Render(ansi.Truncate("Delete "+c.what+" for good?", w, "…")), ""}
	for _, l := range strings.Split(ansi.Wrap("It is removed from the database and cannot be undone. Backups and exports made before keep it.", w, ""), "\n") {
		lines = append(lines, "  "+st.Item.Render(l))
	}
	lines = append(lines, "", "  Type "+st.Current.Render(confirmWord)+" and press enter: "+c.input.View())
	if c.wrong {
		lines = append(lines, "  "+st.Warning.Render("Type the word delete to confirm, or esc to keep it."))
	}
	lines = append(lines, "", "  "+st.Muted.Render("esc keeps it"))
	return fit(strings.Join(lines, "\n"), width, height)
}
