// Package quick is a stand-in for chroma's one-call highlighter. It splits
// nothing into tokens: the whole code block is one Text token, written as
// chroma's terminal256 formatter writes a token (the style's Text colour,
// the code, a reset). glamour lays the block out (margins, indent, wrap)
// itself, so the layout is glamour's own; only the colours of keywords,
// strings and comments are missing. See ../go.mod.
package quick

import (
	"io"
	"strings"

	"github.com/alecthomas/chroma/v2/styles"
)

// Highlight writes source to w in the Text colour of the registered style.
// Another formatter than terminal256, or a style that was not registered
// (one of chroma's own themes), gets the code without colour.
func Highlight(w io.Writer, source, lexer, formatter, style string) error {
	// chroma's lexers see LF line ends only.
	source = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(source)
	if source == "" {
		return nil
	}
	var sgr string
	if s := styles.Registry[style]; s != nil && formatter == "terminal256" {
		sgr = textSGR(s.Entries)
	}
	if sgr != "" {
		source = sgr + source + "\x1b[0m"
	}
	_, err := io.WriteString(w, source)
	return err
}
