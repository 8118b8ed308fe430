package tui

import (
	"fmt"
	"slices"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The stack, in short, for whoever adds a screen:
//
//   - a screen is a type holding *app (the shared context) with Update,
//     View(width, height), Keys() and Name();
//   - it opens another on top with app.push from its Update, at once: the
//     keys typed after the one that opened it go to the new layer;
//   - it closes by returning nil from Update, or gives its place to
//     another by returning that one (a saved form gives its place to the
//     advice);
//   - it matches keys only through the bindings of keys.go, and Keys()
//     lists them (disabled with when() where they do nothing now): the
//     footer, ? and the tests that walk every layer read them;
//   - messages other than keys, pastes and the mouse reach every layer:
//     each takes those of its own commands and ignores the rest;
//   - optional: typing() (it takes text: ? is typed, f1 opens the help),
//     wantsMouse() (the wheel), place() (a place to come back to), an
//     overlayLayer (it leaves the screen under it as it was), footer().

// screen is one layer of the stack: a whole screen (Home, the reader, the
// review, a form) or an overlay over one (?, !, a confirmation). The layer
// on top gets the keys, the pastes and the mouse, draws the screen and
// names the keys of the footer and of ?; every layer gets the other
// messages (a load that comes back, a new size).
type screen interface {
	// Update handles a message and returns what takes the layer's place:
	// itself, another layer, or nil to close it. A layer opens another on
	// top of itself with app.push.
	Update(tea.Msg) (screen, tea.Cmd)
	// View draws the layer in width × height cells; the footer is apart.
	View(width, height int) string
	// Keys are the keys the layer handles now, for the footer and ?.
	Keys() help.KeyMap
	// Name names the layer in its ? screen: "Keys — Share".
	Name() string
}

// typist is a layer that may be taking text: while typing() is true its
// letters are text, not keys (? is typed, f1 opens help).
type typist interface{ typing() bool }

// wheeler is a layer that scrolls with the mouse wheel: the terminal
// reports the mouse only while such a layer is on top, so elsewhere text
// can be selected.
type wheeler interface{ wantsMouse() bool }

// placer is a layer that is a place to come back to ("reader", "home").
type placer interface{ place() workbook.Screen }

// top is the layer on top of the stack.
func (a *app) top() screen {
	if len(a.stack) == 0 {
		return nil
	}
	return a.stack[len(a.stack)-1]
}

// push opens s on top of the stack.
func (a *app) push(s screen) { a.stack = append(a.stack, s) }

// index is where s is in the stack, or -1.
func (a *app) index(s screen) int {
	for i, l := range a.stack {
		if l == s {
			return i
		}
	}
	return -1
}

func (a *app) onStack(s screen) bool { return a.index(s) >= 0 }

// closeAbove closes every layer above s.
func (a *app) closeAbove(s screen) {
	if i := a.index(s); i >= 0 {
		a.stack = a.stack[:i+1]
	}
}

// updateLayer gives msg to layer s and puts what it returns in its place.
// Layers s opened meanwhile stay above it.
func (a *app) updateLayer(s screen, msg tea.Msg) tea.Cmd {
	next, cmd := s.Update(msg)
	if i := a.index(s); i >= 0 {
		if next == nil {
			a.stack = slices.Delete(a.stack, i, i+1)
		} else {
			a.stack[i] = next
		}
	}
	return cmd
}

// toTop gives msg to the layer on top.
func (a *app) toTop(msg tea.Msg) tea.Cmd {
	if t := a.top(); t != nil {
		return a.updateLayer(t, msg)
	}
	return nil
}

// broadcast gives msg to every layer, bottom first; one closed by another
// on the way is skipped.
func (a *app) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, l := range slices.Clone(a.stack) {
		if a.onStack(l) {
			cmds = append(cmds, a.updateLayer(l, msg))
		}
	}
	return tea.Batch(cmds...)
}

// typingNow reports whether the layer on top is taking text.
func typingNow(s screen) bool {
	t, ok := s.(typist)
	return ok && t.typing()
}

// place is the screen to come back to: the highest layer that is one.
func (a *app) placeScreen() workbook.Screen {
	for i := len(a.stack) - 1; i >= 0; i-- {
		if p, ok := a.stack[i].(placer); ok {
			return p.place()
		}
	}
	return workbook.ScreenHome
}

// overlay is a layer drawn over a screen that it leaves as it was: ?, !,
// a confirmation, the search prompt.
type overlay interface{ isOverlay() }

// overlayLayer marks a layer as an overlay.
type overlayLayer struct{}

func (overlayLayer) isOverlay() {}

func isOverlay(s screen) bool {
	_, ok := s.(overlay)
	return ok
}

// fit cuts or pads s to exactly h lines, each at most w cells wide.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// footerer is a layer that draws the footer itself (the search prompt).
type footerer interface{ footer(width int) string }

// footerLine is the status when there is one, else the top layer's keys.
func (m *Model) footerLine(t screen) string {
	if f, ok := t.(footerer); ok {
		return ansi.Truncate(f.footer(m.width), m.width, "…")
	}
	if m.status != "" {
		return ansi.Truncate(m.styles.Warning.Render(m.status), m.width, "…")
	}
	return m.footer.line(m.help, t.Keys().ShortHelp(), m.width, m.isDark, m.keys.kept)
}

func (m *Model) tooSmallView() string {
	msg := "Terminal too small"
	hint := fmt.Sprintf("needs %d×%d", minWidth, minHeight)
	lines := []string{m.styles.TooSmall.Render(ansi.Truncate(msg, m.width, "")), m.styles.Muted.Render(ansi.Truncate(hint, m.width, ""))}
	return strings.Join(lines[:min(len(lines), m.height)], "\n")
}
