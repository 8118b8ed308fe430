package upstream

import (
	"testing"

	"github.com/microcosm-cc/bluemonday"
	standin "standin/bluemonday"
)

// FuzzStrictPolicy holds the stand-in's StrictPolicy against the real one:
// the same text out of any input, byte for byte. The seeds are the shapes
// raw HTML takes in Markdown, good and broken; testdata/fuzz keeps what
// fuzzing found.
func FuzzStrictPolicy(f *testing.F) {
	for _, s := range []string{
		"", " \n\t", "plain text", "a < b > c", "AT&T &amp; &lt;b&gt; &#60;i&#62; &#x3C; &copy; &nosuch; &amp",
		"<b>bold</b> and <i>it</i>", "<B>UPPER</B> <DiV>mixed</dIv>", "<div><p>nested <span>deep <em>er</em></span></p></div>",
		"<b>unclosed", "</b>stray end", "<b", "a<", "</", "<>", "</>", "< b>", "<1>", "<-->", "x</y",
		`<a href="x>y">quoted gt</a>`, "<a title='>' b=\"<\">t</a>", "<a href=x>y>z</a>", `<img src="x" onerror="alert(1)">`,
		"<br/>line<br />", "<hr>", "<input value=\"a&amp;b\">",
		"<!-- comment -->after", "<!-- unclosed comment", "<!---->", "<!--->x", "<!-- a -- b -->c", "<!--x--!>y",
		"<!DOCTYPE html>doc", "<!doctype>", "<?xml version=\"1.0\"?>xml", "<![CDATA[ <b>cdata</b> ]]>after", "<!x>",
		"<script>alert(1)</script>after", "<SCRIPT>alert(1)</SCRIPT>after", "<script>unclosed", "<script/>x</script>y",
		"<script><!--<script></script>x</script>y", "<script>a</scripty>b</script>c", "<script src=x></script>",
		"<style>p{color:red}</style>after", "<style>a</STYLE >b", "<title>t</title>x", "</title>a<title>b</title>c",
		"<iframe>i</iframe>x", "<noscript>n</noscript>x", "<object>o</object>x", "<textarea>&amp;<b></textarea>x",
		"<xmp><b>x</b></xmp>y", "<plaintext><b>x", "<noembed>a</noembed><noframes>b</noframes>c",
		"<title>a<title>b</title>c</title>d", "<frameset>a</frameset><frame>b</frame><nostyle>c</nostyle>d", "<b\x00>nul\x00</b>", "a\r\nb\rc", "&#13;&#0;&#x80;&#xD800;&#1114112;",
		"<p>caf\u00e9 \u2014 \u65e5\u672c</p>", "\xff\xfe<b>\xc3</b>", "<\u00e9>x</\u00e9>", "<a\tb\nc=d>x</a>",
		"<math><![CDATA[x]]></math>", "<svg><script>s</script></svg>t",
	} {
		f.Add(s)
	}
	strict, ours := bluemonday.StrictPolicy(), standin.StrictPolicy()
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ours.Sanitize(s), strict.Sanitize(s); got != want {
			t.Errorf("Sanitize(%q)\n stand-in %q\n real     %q", s, got, want)
		}
	})
}
