// Package bluemonday is a stand-in for the HTML sanitizer glamour imports.
// StrictPolicy().Sanitize runs the loop of the real strict policy over the
// same tokenizer (golang.org/x/net/html): every element, comment and
// doctype goes, text stays HTML-escaped, and the content of script, style
// and the elements bluemonday skips goes too, quirks included. See go.mod.
package bluemonday

import (
	"strings"

	"golang.org/x/net/html"
)

// Policy is the strict policy: no element is allowed.
type Policy struct{}

// StrictPolicy returns the policy that allows no element at all.
func StrictPolicy() *Policy { return &Policy{} }

// skipContent are the elements whose text bluemonday drops by default,
// but for script and style: the real loop never gets to look them up, and
// drops their text because they are the element most recently started.
var skipContent = map[string]bool{
	"frame": true, "frameset": true, "iframe": true, "noembed": true, "noframes": true,
	"noscript": true, "nostyle": true, "object": true, "title": true,
}

// Sanitize returns the text of s, HTML-escaped, without any markup.
func (p *Policy) Sanitize(s string) string {
	if strings.TrimSpace(s) == "" {
		return s
	}
	var (
		b strings.Builder
		// skipping counts the skipped elements open, as bluemonday
		// does: an end tag without its start takes it below zero.
		skipping int
		skip     bool
		// recent is the element most recently started, until its end
		// tag; while it is script or style, text is dropped.
		recent string
	)
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			recent = string(name)
			if skipContent[recent] {
				skip = true
				skipping++
			}
		case html.EndTagToken:
			raw, _ := z.TagName()
			name := string(raw)
			if name == recent {
				recent = ""
			}
			if skipContent[name] {
				skipping--
				if skipping == 0 {
					skip = false
				}
			}
		case html.TextToken:
			if !skip && recent != "script" && recent != "style" {
				b.WriteString(html.EscapeString(string(z.Text())))
			}
		}
	}
}
