package tui

import (
	"strings"

	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// checkedField is one of huh's one-line fields (an input, a select) that
// shows why its value cannot be saved right under it: huh would list the
// reasons of a whole group at its foot, away from the fields they are
// about. A field checks itself when it is left; once it showed a reason it
// checks again at every key, so the reason goes as soon as it is fixed. A
// value over the field's limit says so at once.
type checkedField struct {
	huh.Field
	check func(string) error // the workbook's verdict on a value (CheckField)
	limit int
	style lipgloss.Style
	width int
	err   error
}

func newCheckedField(f huh.Field, check func(string) error, limit int, style lipgloss.Style) *checkedField {
	return &checkedField{Field: f, check: check, limit: limit, style: style}
}

func (c *checkedField) value() string {
	s, _ := c.Field.GetValue().(string)
	return s
}

// recheck sets the reason shown from the value now.
func (c *checkedField) recheck() error {
	c.err = c.check(c.value())
	return c.err
}

// Update keeps the wrapper in the group (huh puts back what Update
// returns) and checks again after a key when a reason is shown or the
// value is over its limit.
func (c *checkedField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	m, cmd := c.Field.Update(msg)
	if f, ok := m.(huh.Field); ok {
		c.Field = f
	}
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		if c.err != nil || workbook.RuneCount(c.value()) > c.limit {
			c.recheck()
		}
	}
	return c, cmd
}

// Blur checks the value the field is left with.
func (c *checkedField) Blur() tea.Cmd {
	cmd := c.Field.Blur()
	c.recheck()
	return cmd
}

func (c *checkedField) Error() error { return c.err }

func (c *checkedField) WithWidth(w int) huh.Field {
	c.width = w
	c.Field.WithWidth(w)
	return c
}

// View is the field and, under it, the reason its value is refused.
func (c *checkedField) View() string {
	v := c.Field.View()
	if c.err == nil {
		return v
	}
	msg := "✗ " + workbook.SanitizeLine(c.err.Error())
	var b strings.Builder
	b.WriteString(v)
	// Indented as the field's own lines are, past its focus bar.
	for _, l := range strings.Split(wrapWords(msg, max(c.width-2, 10)), "\n") {
		b.WriteString("\n  " + c.style.Render(l))
	}
	return b.String()
}
