package exchange

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	emoji "github.com/yuin/goldmark-emoji"
	emojidef "github.com/yuin/goldmark-emoji/definition"
	"github.com/yuin/goldmark/extension"
)

// md is goldmark as glamour sets it up (GFM: linkify, tables,
// strikethrough, task lists; definition lists), with emoji, which glamour
// offers: the reader a shared report meets.
var md = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList, emoji.Emoji))

// awkward is text that looks like Markdown, or nearly: what the report
// must write so that it reads back as typed.
var awkward = []string{
	"10:00", "3.4", "-37.5%", "(-37.5%)", "v2.1", "e.g. this", "10:00:30", "12 h, down 3 h (-20%) from the baseline: better",
	"# heading", "## two", "####### seven", "#hashtag", "C# and F#", "> quote", ">quote", "- item", "-item", "+ item", "+1", "* item",
	"1. one", "1) one", "2026. A year", "123456789. x", "1234567890. x", "1.5 days", "---", "***", "___", "- - -", "* * *", "===", "=== x",
	"*emphasis*", "**strong**", "_under_", "__dunder__", "snake_case_name", "a*b*c", "a * b * c", "2*3*4", "*", "**", "_", "__init__",
	"~strike~", "~~strike~~", "a~b~c", "~", "~~~", "~~~ fence", "```", "``` go", "`code`", "``a ` b``", "a ` b", "`",
	"[link](http://x.y)", "[ref]", "[ref]: http://r", "![img](x.png)", "[ ] task", "[x] done", "a [b] c", "]", "[", "a] b [c",
	"<b>bold</b>", "<http://x.y>", "<a@b.co>", "<!-- c -->", "<?php", "<3", "a < b > c", "</div>",
	"&amp;", "&#27;", "&#x1F600;", "&copy;", "AT&T", "a & b", "&", "&;", "&#;",
	"www.example.com", "WWW.EXAMPLE.COM", "(www.example.com)", "*www.example.com*", "~www.x.com~", "http://x.com", "https://x.com/a?b=1&c=2",
	"ftp://files.example.org", "HTTP://X.COM", "mailto:a@b.co", "a@b.co", "first.last+tag@sub.example.co.uk", "@dana", "a@b", "x@y.z.",
	":smile:", ":+1:", ":-1:", ":100:", ":1234:", "a:smile:b", "::", ": definition", ":", "x: y", "12:30:45:00",
	"\\", "a\\", "\\*", "C:\\path\\to\\file", "a\\\\b", "\\n", "|", "a | b", "| a | b |", "$x$", "$5 and $10", "^sup^", "{braces}",
	"日本語: ok", "ça marche", "🚀 launch", "— dash", "«quoted»", "“smart”", "a\tb",
}

// htmlText is text as goldmark's HTML renderer writes it.
var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;")

// convert is goldmark's HTML of a document.
func convert(t *testing.T, doc string) string {
	t.Helper()
	var b bytes.Buffer
	if err := md.Convert([]byte(doc), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkRoundTrip writes the text in each place the report puts the
// person's text, after a paragraph of ours, and checks that goldmark reads
// exactly that text back: no heading, list, quote, link, emphasis, code,
// HTML, table, emoji or definition comes from it.
func checkRoundTrip(t *testing.T, s string) {
	t.Helper()
	want := htmlText.Replace(strings.ReplaceAll(strings.Trim(s, " \t"), "\t", " "))
	if want == "" {
		return
	}
	const before = "<p>Ours.</p>\n"
	for _, tc := range []struct {
		place      string
		doc        string
		wantHTML   string
		wantSuffix bool
	}{
		{"paragraph", "Ours.\n\n" + textLine(s, atLineStart) + "\n", before + "<p>" + want + "</p>\n", false},
		{"after a label", "Ours.\n\n**Label:** " + textLine(s, atInline) + "\n", before + "<p><strong>Label:</strong> " + want + "</p>\n", false},
		{"list item", "Ours.\n\n- " + textLine(s, atLineStart) + "\n- next\n", before + "<ul>\n<li>" + want + "</li>\n<li>next</li>\n</ul>\n", false},
		{"item pointing to another", "Ours.\n\n- x (blocker: " + textLine(s, atInline) + ")\n", before + "<ul>\n<li>x (blocker: " + want + ")</li>\n</ul>\n", false},
		{"table cell", "Ours.\n\n| Day | Value |\n| --- | --- |\n| d | " + textLine(s, atCell) + " |\n", "<td>" + want + "</td>\n</tr>\n</tbody>\n</table>\n", true},
		{"italics of ours", "Ours.\n\n*" + textLine(s, atInline) + "*\n", before + "<p><em>" + want + "</em></p>\n", false},
	} {
		got := convert(t, tc.doc)
		ok := got == tc.wantHTML
		if tc.wantSuffix {
			ok = strings.HasSuffix(got, tc.wantHTML) && strings.Count(got, "<td>") == 2
		}
		if !ok {
			t.Errorf("%q as a %s: the Markdown\n%s\nreads back as\n%s\nwant\n%s", s, tc.place, tc.doc, got, tc.wantHTML)
		}
	}
}

func TestMarkdownRoundTrip(t *testing.T) {
	for _, s := range awkward {
		checkRoundTrip(t, s)
	}
	// Emoji names: letters and signs always count as one; of names of
	// digits only ("10:00:30" is a time), those goldmark knows.
	for _, name := range []string{"smile", "+1", "-1", "heart_eyes", "a", "x-y", "e-mail", "1st_place_medal", "8ball"} {
		checkRoundTrip(t, ":"+name+":")
	}
	emojis := emojidef.Github()
	for n := range 100000 {
		for _, name := range []string{strconv.Itoa(n), fmt.Sprintf("%02d", n), fmt.Sprintf("%03d", n), fmt.Sprintf("%04d", n)} {
			if _, ok := emojis.Get(name); ok {
				checkRoundTrip(t, "at :"+name+": now")
			}
		}
	}
}

// TestMarkdownRoundTripRandom writes random lines of Markdown's
// punctuation, letters and spaces and checks that each reads back as
// typed.
func TestMarkdownRoundTripRandom(t *testing.T) {
	const alphabet = "*_~`[]()<>!&#:;.@/|$-+=\\ 0123456789awxhtp.:/ é日WHTPF)^{}\"'%?,"
	runes := []rune(alphabet)
	rng := rand.New(rand.NewPCG(11, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(20) {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		checkRoundTrip(t, b.String())
		if t.Failed() {
			return
		}
	}
}

// TestMarkdownReportRoundTrip: every line of the person's text in a whole
// report of awkward answers reads back as typed.
func TestMarkdownReportRoundTrip(t *testing.T) {
	inUTCZone(t)
	wb := loadWorkbook(t)
	run := hostile()
	doc := convert(t, markdown(t, wb, run, nil))
	for _, want := range []string{
		"<p># not a heading</p>", "<li>- not a list</li>", "<li>www.example.com and a@b.co and http://y.com</li>",
		"<li>~~strike~~ $x$ :smile:</li>", "<p>&amp;#27;[31m and &lt;b&gt;bold&lt;/b&gt; and `code` and *x* and a | b | c</p>",
		"<td>| 9 | &lt;b&gt; _u_</td>", "<p>1. list</p>", "<p>line\\</p>",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the report reads back without %q:\n%s", want, doc)
		}
	}
	for _, bad := range []string{"<a ", "<em>x", "<code>", "<del>", "<h1>not", "<blockquote>", "<dl>", "&#x"} {
		if strings.Contains(doc, bad) {
			t.Errorf("the report reads back with %q:\n%s", bad, doc)
		}
	}
}
