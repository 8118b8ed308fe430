package tui

import "charm.land/bubbles/v2/key"

// globalKeys work on every screen (outside text fields).
type globalKeys struct {
	Help      key.Binding
	Back      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
	Search    key.Binding
	Safety    key.Binding
}

type homeKeys struct {
	Up     key.Binding
	Down   key.Binding
	Top    key.Binding
	Bottom key.Binding
	Open   key.Binding
}

type readerKeys struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	PrevSec  key.Binding
	NextSec  key.Binding
	Focus    key.Binding
	Contents key.Binding
	Open     key.Binding
	NextHit  key.Binding
	PrevHit  key.Binding
	Exercise key.Binding
}

type formKeys struct {
	Next    key.Binding
	Prev    key.Binding
	Save    key.Binding
	Editor  key.Binding
	Leave   key.Binding
	Discard key.Binding
}

type reviewKeys struct {
	Search   key.Binding
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Open     key.Binding
	Run      key.Binding
	Phase    key.Binding
	Exercise key.Binding
	Compare  key.Binding
	Share    key.Binding
	Delete   key.Binding
}

type entryKeys struct {
	Up     key.Binding
	Down   key.Binding
	Older  key.Binding
	Newer  key.Binding
	Diff   key.Binding
	Delete key.Binding
}

type shareKeys struct {
	Up     key.Binding
	Down   key.Binding
	Toggle key.Binding
	Write  key.Binding
}

type pickerKeys struct {
	Up   key.Binding
	Down key.Binding
	Open key.Binding
}

type searchKeys struct {
	Accept key.Binding
	Cancel key.Binding
}

type keyMap struct {
	global globalKeys
	home   homeKeys
	reader readerKeys
	search searchKeys
	form   formKeys
	picker pickerKeys
	review reviewKeys
	entry  entryKeys
	share  shareKeys
	open   key.Binding // r: the review, from Home and the reader
}

func newKeyMap() keyMap {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	return keyMap{
		global: globalKeys{
			Help:      b([]string{"?"}, "?", "help"),
			Back:      b([]string{"esc"}, "esc", "back"),
			Quit:      b([]string{"q"}, "q", "quit"),
			ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
			Search:    b([]string{"/"}, "/", "search the guide"),
			Safety:    b([]string{"!"}, "!", "safety boundary"),
		},
		home: homeKeys{
			Up:     b([]string{"up", "k"}, "↑/k", "up"),
			Down:   b([]string{"down", "j"}, "↓/j", "down"),
			Top:    b([]string{"g", "home"}, "g", "first"),
			Bottom: b([]string{"G", "end"}, "G", "last"),
			Open:   b([]string{"enter"}, "enter", "open"),
		},
		reader: readerKeys{
			Up:       b([]string{"up", "k"}, "↑/k", "scroll up"),
			Down:     b([]string{"down", "j"}, "↓/j", "scroll down"),
			PageUp:   b([]string{"pgup", "b"}, "pgup/b", "page up"),
			PageDown: b([]string{"pgdown", "space", "f"}, "pgdn/space", "page down"),
			Top:      b([]string{"g", "home"}, "g", "top"),
			Bottom:   b([]string{"G", "end"}, "G", "bottom"),
			PrevSec:  b([]string{"left", "h"}, "←/h", "previous section"),
			NextSec:  b([]string{"right", "l"}, "→/l", "next section"),
			Focus:    b([]string{"tab", "shift+tab"}, "tab", "contents/text focus"),
			Contents: b([]string{"t"}, "t", "show/hide contents"),
			Open:     b([]string{"enter"}, "enter", "open section"),
			NextHit:  b([]string{"n"}, "n", "next match"),
			PrevHit:  b([]string{"N"}, "N", "previous match"),
			Exercise: b([]string{"e"}, "e", "this section's exercise"),
		},
		form: formKeys{
			Next:    b([]string{"tab"}, "tab", "next field"),
			Prev:    b([]string{"shift+tab"}, "shift+tab", "previous field"),
			Save:    b([]string{"ctrl+s"}, "ctrl+s", "save"),
			Editor:  b([]string{"ctrl+e"}, "ctrl+e", "$EDITOR"),
			Leave:   b([]string{"esc"}, "esc", "leave, keep draft"),
			Discard: b([]string{"ctrl+d"}, "ctrl+d", "discard draft"),
		},
		open: b([]string{"r"}, "r", "review your entries"),
		review: reviewKeys{
			Search:   b([]string{"/"}, "/", "search entries"),
			Up:       b([]string{"up", "k"}, "↑/k", "up"),
			Down:     b([]string{"down", "j"}, "↓/j", "down"),
			PageUp:   b([]string{"pgup", "b"}, "pgup", "page up"),
			PageDown: b([]string{"pgdown", "space", "f"}, "pgdn", "page down"),
			Top:      b([]string{"g", "home"}, "g", "first"),
			Bottom:   b([]string{"G", "end"}, "G", "last"),
			Open:     b([]string{"enter"}, "enter", "open the entry"),
			Run:      b([]string{"u"}, "u", "filter by run"),
			Phase:    b([]string{"p"}, "p", "filter by phase"),
			Exercise: b([]string{"e"}, "e", "filter by exercise"),
			Compare:  b([]string{"c"}, "c", "day 1 against now"),
			Share:    b([]string{"x"}, "x", "share a report"),
			Delete:   b([]string{"D"}, "D", "delete the entry"),
		},
		entry: entryKeys{
			Up:     b([]string{"up", "k"}, "↑/k", "scroll up"),
			Down:   b([]string{"down", "j"}, "↓/j", "scroll down"),
			Older:  b([]string{"[", "left", "h"}, "[/←", "older version"),
			Newer:  b([]string{"]", "right", "l"}, "]/→", "newer version"),
			Diff:   b([]string{"d"}, "d", "what changed"),
			Delete: b([]string{"D"}, "D", "delete this version"),
		},
		share: shareKeys{
			Up:     b([]string{"up", "k"}, "↑/k", "up"),
			Down:   b([]string{"down", "j"}, "↓/j", "down"),
			Toggle: b([]string{"space", "enter"}, "space", "include/leave out"),
			Write:  b([]string{"w"}, "w", "write to file"),
		},
		picker: pickerKeys{
			Up:   b([]string{"up", "k"}, "↑/k", "up"),
			Down: b([]string{"down", "j"}, "↓/j", "down"),
			Open: b([]string{"enter"}, "enter", "open the form"),
		},
		search: searchKeys{
			Accept: b([]string{"enter"}, "enter", "go to first match"),
			Cancel: b([]string{"esc"}, "esc", "cancel"),
		},
	}
}

// helpKeys adapts a short list and full groups to bubbles' help.KeyMap.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
