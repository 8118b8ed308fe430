package listfield

import "charm.land/bubbles/v2/key"

// keyMap is the field's keys. Browsing: Up, Down, Edit, Add, Remove,
// MoveUp, MoveDown, Ref, Next, Prev. Editing: enter, tab and shift+tab
// commit; up and down commit and move (Save and SaveMove are for the help
// only, as is Move, one entry for K and J).
type keyMap struct {
	Up, Down, Edit, Add, Remove, MoveUp, MoveDown, Ref, Next, Prev key.Binding
	Move, Save, SaveMove                                           key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Edit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit")),
		Add:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add")),
		Remove:   key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "remove")),
		MoveUp:   key.NewBinding(key.WithKeys("K", "shift+k", "alt+up"), key.WithHelp("K", "move up")),
		MoveDown: key.NewBinding(key.WithKeys("J", "shift+j", "alt+down"), key.WithHelp("J", "move down")),
		Ref:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "link")),
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "back")),

		Move:     key.NewBinding(key.WithKeys("K", "J"), key.WithHelp("K/J", "move")),
		Save:     key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter/tab", "save")),
		SaveMove: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "save and move")),
	}
}

// withHelp returns a copy of b with other help text.
func withHelp(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}

// hint returns the help for the current mode as one muted line's parts.
func (f *Field) hint() []string {
	var parts []string
	for _, b := range f.KeyBinds() {
		h := b.Help()
		parts = append(parts, h.Key+" "+h.Desc)
	}
	return parts
}
