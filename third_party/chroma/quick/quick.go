// Package quick is a stand-in for chroma's one-call highlighter: it writes
// the code as it is. See go.mod.
package quick

import "io"

// Highlight writes source to w unchanged.
func Highlight(w io.Writer, source, lexer, formatter, style string) error {
	_, err := io.WriteString(w, source)
	return err
}
