package tui

import "charm.land/bubbles/v2/key"

// Every key a screen handles is a binding here: screens match keys only
// through these, and the footer and ? list the same bindings from the top
// layer's Keys().

// globalKeys work on the screens that are not taking text.
type globalKeys struct {
	Help       key.Binding // ? (f1 too)
	HelpInText key.Binding // f1, where ? is typed text
	Back       key.Binding
	Quit       key.Binding
	ForceQuit  key.Binding
	Search     key.Binding
	Safety     key.Binding
	Review     key.Binding // r: the review, from Home and the reader
	Share      key.Binding // x: Share, from Home and the review
	PanicTest  key.Binding // f12, only with Options.PanicTest
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

type pickerKeys struct {
	Up   key.Binding
	Down key.Binding
	Open key.Binding
}

// promptKeys end a one-line prompt: the guide's search, a file name, the
// typed confirmation.
type promptKeys struct {
	Accept key.Binding
	Cancel key.Binding
}

type formKeys struct {
	Next    key.Binding
	Prev    key.Binding
	Enter   key.Binding
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
	// Clear shows every entry again; ClearEmpty does on enter when the
	// filters leave nothing to open.
	Clear      key.Binding
	ClearEmpty key.Binding
	Compare    key.Binding
	Delete     key.Binding
}

// filterKeys choose one of a filter's values from its list.
type filterKeys struct {
	Up     key.Binding
	Down   key.Binding
	Choose key.Binding
}

// reviewSearchKeys are those of the review's search line while typing.
type reviewSearchKeys struct {
	Keep key.Binding
	Drop key.Binding
	List key.Binding
}

type entryKeys struct {
	Up     key.Binding
	Down   key.Binding
	Older  key.Binding
	Newer  key.Binding
	Diff   key.Binding
	Delete key.Binding
}

type compareKeys struct {
	Delete key.Binding
}

// shareKeys scroll Share's preview, open the list of its parts and write
// it (copy it, served).
type shareKeys struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Parts    key.Binding
	Write    key.Binding
}

// sharePartsKeys choose the parts of the report.
type sharePartsKeys struct {
	Up     key.Binding
	Down   key.Binding
	Toggle key.Binding
	Done   key.Binding
}

// replaceKeys answer whether to replace an existing file.
type replaceKeys struct {
	Yes key.Binding
	No  key.Binding
}

type metricKeys struct {
	Log key.Binding
}

// overlayKeys scroll and close the ? screen.
type overlayKeys struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Close    key.Binding
}

type safetyKeys struct {
	Up    key.Binding
	Down  key.Binding
	Close key.Binding
	Pause key.Binding
}

type adviceKeys struct {
	Scope key.Binding
	Pause key.Binding
	Close key.Binding
}

type keyMap struct {
	global       globalKeys
	home         homeKeys
	reader       readerKeys
	picker       pickerKeys
	search       promptKeys
	form         formKeys
	review       reviewKeys
	filter       filterKeys
	reviewSearch reviewSearchKeys
	entry        entryKeys
	compare      compareKeys
	share        shareKeys
	shareParts   sharePartsKeys
	naming       promptKeys
	replace      replaceKeys
	metric       metricKeys
	overlay      overlayKeys
	safety       safetyKeys
	advice       adviceKeys
	confirm      promptKeys
	startDate    promptKeys
}

func newKeyMap() keyMap {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	return keyMap{
		global: globalKeys{
			Help:       b([]string{"?", "f1"}, "?", "help"),
			HelpInText: b([]string{"f1"}, "f1", "help"),
			Back:       b([]string{"esc"}, "esc", "back"),
			Quit:       b([]string{"q"}, "q", "quit"),
			ForceQuit:  b([]string{"ctrl+c"}, "ctrl+c", "quit"),
			Search:     b([]string{"/"}, "/", "search the guide"),
			Safety:     b([]string{"!"}, "!", "safety boundary"),
			Review:     b([]string{"r"}, "r", "review your entries"),
			Share:      b([]string{"x"}, "x", "share a report"),
			PanicTest:  b([]string{"f12"}, "f12", "test a crash"),
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
			Exercise: b([]string{"e"}, "e", "an exercise of this section"),
		},
		picker: pickerKeys{
			Up:   b([]string{"up", "k"}, "↑/k", "up"),
			Down: b([]string{"down", "j"}, "↓/j", "down"),
			Open: b([]string{"enter"}, "enter", "open the form"),
		},
		search: promptKeys{
			Accept: b([]string{"enter"}, "enter", "go to first match"),
			Cancel: b([]string{"esc"}, "esc", "cancel"),
		},
		form: formKeys{
			Next:    b([]string{"tab"}, "tab", "next field"),
			Prev:    b([]string{"shift+tab"}, "shift+tab", "previous field"),
			Enter:   b([]string{"enter"}, "enter", "next field (saves on the last)"),
			Save:    b([]string{"ctrl+s"}, "ctrl+s", "save"),
			Editor:  b([]string{"ctrl+e"}, "ctrl+e", "$EDITOR"),
			Leave:   b([]string{"esc"}, "esc", "leave, keep draft"),
			Discard: b([]string{"ctrl+d"}, "ctrl+d", "discard draft"),
		},
		review: reviewKeys{
			Search:     b([]string{"/"}, "/", "search entries"),
			Up:         b([]string{"up", "k"}, "↑/k", "up"),
			Down:       b([]string{"down", "j"}, "↓/j", "down"),
			PageUp:     b([]string{"pgup", "b"}, "pgup", "page up"),
			PageDown:   b([]string{"pgdown", "space", "f"}, "pgdn", "page down"),
			Top:        b([]string{"g", "home"}, "g", "first"),
			Bottom:     b([]string{"G", "end"}, "G", "last"),
			Open:       b([]string{"enter"}, "enter", "open the entry"),
			Run:        b([]string{"u"}, "u", "filter by run"),
			Phase:      b([]string{"p"}, "p", "filter by phase"),
			Exercise:   b([]string{"e"}, "e", "filter by exercise"),
			Clear:      b([]string{"a"}, "a", "all entries (clear the filters)"),
			ClearEmpty: b([]string{"enter"}, "enter", "clear the filters"),
			Compare:    b([]string{"c"}, "c", "day 1 against now"),
			Delete:     b([]string{"D"}, "D", "delete the entry"),
		},
		filter: filterKeys{
			Up:     b([]string{"up", "k"}, "↑/k", "up"),
			Down:   b([]string{"down", "j"}, "↓/j", "down"),
			Choose: b([]string{"enter"}, "enter", "show these"),
		},
		reviewSearch: reviewSearchKeys{
			Keep: b([]string{"enter"}, "enter", "keep the search"),
			Drop: b([]string{"esc"}, "esc", "drop the search"),
			List: b([]string{"up", "down"}, "↑/↓", "to the list"),
		},
		entry: entryKeys{
			Up:     b([]string{"up", "k"}, "↑/k", "scroll up"),
			Down:   b([]string{"down", "j"}, "↓/j", "scroll down"),
			Older:  b([]string{"[", "left", "h"}, "[/←", "older version"),
			Newer:  b([]string{"]", "right", "l"}, "]/→", "newer version"),
			Diff:   b([]string{"d"}, "d", "what changed"),
			Delete: b([]string{"D"}, "D", "delete this version"),
		},
		compare: compareKeys{
			Delete: b([]string{"D"}, "D", "delete the run"),
		},
		share: shareKeys{
			Up:       b([]string{"up", "k"}, "↑/k", "scroll up"),
			Down:     b([]string{"down", "j"}, "↓/j", "scroll down"),
			PageUp:   b([]string{"pgup", "b"}, "pgup", "page up"),
			PageDown: b([]string{"pgdown", "space", "f"}, "pgdn", "page down"),
			Top:      b([]string{"g", "home"}, "g", "top"),
			Bottom:   b([]string{"G", "end"}, "G", "bottom"),
			Parts:    b([]string{"p"}, "p", "choose what goes in"),
			Write:    b([]string{"w"}, "w", "write to file"),
		},
		shareParts: sharePartsKeys{
			Up:     b([]string{"up", "k"}, "↑/k", "up"),
			Down:   b([]string{"down", "j"}, "↓/j", "down"),
			Toggle: b([]string{"space", "x"}, "space", "put in/leave out"),
			Done:   b([]string{"enter", "esc"}, "enter", "back to the preview"),
		},
		replace: replaceKeys{
			Yes: b([]string{"y"}, "y", "replace it"),
			No:  b([]string{"n", "esc"}, "n/esc", "keep it, choose another name"),
		},
		naming: promptKeys{
			Accept: b([]string{"enter"}, "enter", "write"),
			Cancel: b([]string{"esc"}, "esc", "cancel"),
		},
		metric: metricKeys{
			Log: b([]string{"l", "enter"}, "l", "log a value"),
		},
		overlay: overlayKeys{
			Up:       b([]string{"up", "k"}, "↑/k", "scroll up"),
			Down:     b([]string{"down", "j"}, "↓/j", "scroll down"),
			PageUp:   b([]string{"pgup", "b"}, "pgup", "page up"),
			PageDown: b([]string{"pgdown", "space", "f"}, "pgdn", "page down"),
			Close:    b([]string{"esc", "?", "f1"}, "esc", "close"),
		},
		safety: safetyKeys{
			Up:    b([]string{"up", "k"}, "↑/k", "scroll up"),
			Down:  b([]string{"down", "j"}, "↓/j", "scroll down"),
			Close: b([]string{"esc", "!"}, "esc", "close"),
			Pause: b([]string{"p"}, "p", "pause your run"),
		},
		advice: adviceKeys{
			Scope: b([]string{"s"}, "s", "open your scope sentence"),
			Pause: b([]string{"p"}, "p", "pause your run"),
			Close: b([]string{"esc"}, "esc", "close"),
		},
		confirm: promptKeys{
			Accept: b([]string{"enter"}, "enter", "delete (after typing the word)"),
			Cancel: b([]string{"esc"}, "esc", "keep it"),
		},
		startDate: promptKeys{
			Accept: b([]string{"enter", "y"}, "enter/y", "start on that day"),
			Cancel: b([]string{"esc", "n"}, "esc/n", "change the date"),
		},
	}
}

// when returns b, disabled unless on: a key that does nothing here is
// neither matched nor shown.
func when(on bool, b key.Binding) key.Binding {
	if !on {
		b.SetEnabled(false)
	}
	return b
}

// kept says whether the footer keeps a binding however narrow it is: the
// way to the help and to the safety boundary.
func (k *keyMap) kept(b key.Binding) bool {
	switch b.Help().Key {
	case k.global.Help.Help().Key, k.global.HelpInText.Help().Key, k.global.Safety.Help().Key:
		return true
	}
	return false
}
