// Package bluemonday is a stand-in for the HTML sanitizer glamour imports:
// StrictPolicy().Sanitize drops every element and comment and keeps the
// text, HTML-escaped, as the real strict policy does. See go.mod.
package bluemonday

import (
	"html"
	"strings"
)

// Policy is the strict policy: no element is allowed.
type Policy struct{}

// StrictPolicy returns the policy that allows no element at all.
func StrictPolicy() *Policy { return &Policy{} }

// Sanitize removes every tag, comment and the content of script and style
// elements, and escapes what text is left.
func (p *Policy) Sanitize(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(escape(s))
			break
		}
		b.WriteString(escape(s[:i]))
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<!--"):
			end := strings.Index(s, "-->")
			if end < 0 {
				return b.String()
			}
			s = s[end+3:]
		case len(s) > 1 && (isLetter(s[1]) || s[1] == '/' || s[1] == '!' || s[1] == '?'):
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return b.String()
			}
			tag := strings.ToLower(s[1:end])
			s = s[end+1:]
			for _, raw := range []string{"script", "style"} {
				if tag == raw || strings.HasPrefix(tag, raw+" ") {
					if close := strings.Index(strings.ToLower(s), "</"+raw); close >= 0 {
						s = s[close:]
					} else {
						s = ""
					}
				}
			}
		default:
			b.WriteString("&lt;")
			s = s[1:]
		}
	}
	return b.String()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// escape writes text as HTML text: entities already there are kept as the
// text they stand for, then escaped again, as the real policy does.
func escape(s string) string { return html.EscapeString(html.UnescapeString(s)) }
