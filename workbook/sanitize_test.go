package workbook_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"autonomy/workbook"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"a\r\nb", "a\nb"},
		{"a\rb", "a\nb"},
		{"a\r\r\nb", "a\n\nb"},
		{"a\n\rb", "a\n\nb"},
		{"trailing\r", "trailing\n"},
		{"nul\x00here", "nulhere"},
		{"\r\x00\n", "\n"},
		{"bad \xff\xfe bytes", "bad \uFFFD bytes"},
		{"cut \xe2\x82", "cut \uFFFD"},
		{"a\xffb\xfec", "a\uFFFDb\uFFFDc"},
		{"keeps \x1b[31mred\x1b[0m and \ttabs", "keeps \x1b[31mred\x1b[0m and \ttabs"},
		{"keeps \u202e and \u009b", "keeps \u202e and \u009b"},
		{"é 🙂 \uFFFD", "é 🙂 \uFFFD"},
	}
	for _, tt := range tests {
		got := workbook.Normalize(tt.in)
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := workbook.Normalize(got); again != got {
			t.Errorf("Normalize is not idempotent on %q: %q", got, again)
		}
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Ship the Q3 report.", "Ship the Q3 report."},
		{"newlines and tabs stay", "a\n\tb\n", "a\n\tb\n"},
		{"unicode stays", "Café 🙂 日本語 \uFFFD", "Café 🙂 日本語 \uFFFD"},
		{"OSC 52 clipboard with BEL", "x\x1b]52;c;aGk=\x07y", "xy"},
		{"OSC 52 clipboard with ST", "x\x1b]52;c;aGk=\x1b\\y", "xy"},
		{"OSC 0 title", "\x1b]0;evil title\x07after", "after"},
		{"OSC 2 title", "before\x1b]2;evil\x1b\\", "before"},
		{"OSC 8 hyperlink keeps its text", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"OSC unterminated drops the rest", "keep\x1b]52;c;aGk=and everything after", "keep"},
		{"OSC ended by another escape", "a\x1b]0;t\x1b[31mb", "ab"},
		{"OSC cancelled by CAN", "a\x1b]0;t\x18b", "ab"},
		{"CSI colour", "\x1b[31mred\x1b[0m", "red"},
		{"CSI clear and home", "\x1b[2J\x1b[Hx", "x"},
		{"CSI cursor", "a\x1b[10;20Hb\x1b[?25lc\x1b[1Ad", "abcd"},
		{"CSI unterminated", "a\x1b[12;", "a"},
		{"CSI cut by a rune", "a\x1b[12é", "aé"},
		{"8-bit CSI", "\u009b31mred", "red"},
		{"8-bit OSC", "a\u009d0;title\u009cb", "ab"},
		{"8-bit OSC with BEL", "a\u009d0;title\ab", "ab"},
		{"8-bit DCS", "a\u0090q#0;2;0;0;0\u009cb", "ab"},
		{"DCS", "a\x1bPq#0;2\x1b\\b", "ab"},
		{"DCS not ended by BEL", "a\x1bPq\x07b\x1b\\c", "ac"},
		{"SOS PM APC", "a\x1bXs\x1b\\b\x1b^p\x1b\\c\x1b_a\x1b\\d", "abcd"},
		{"8-bit SOS PM APC", "a\u0098s\u009cb\u009ep\u009cc\u009fa\u009cd", "abcd"},
		{"DCS unterminated", "a\x1bP1$r and the rest", "a"},
		{"other C1 dropped alone", "a\u0085b\u0080c\u009cd", "abcd"},
		{"ESC and one char", "a\x1b7b\x1b8c\x1bcd\x1b=e", "abcde"},
		{"ESC with intermediates", "a\x1b(Bb\x1b#8c", "abc"},
		{"ESC at the end", "a\x1b", "a"},
		{"ESC before a newline", "a\x1b\nb", "a\nb"},
		{"ESC ESC", "a\x1b\x1b[31mb", "ab"},
		{"CR becomes a newline", "safe\roverwritten", "safe\noverwritten"},
		{"CRLF", "a\r\nb", "a\nb"},
		{"BEL", "ding\a", "ding"},
		{"NUL", "a\x00b", "ab"},
		{"DEL", "a\x7fb", "ab"},
		{"backspace", "abc\b\b\bxyz", "abcxyz"},
		{"other C0", "a\x01\x02\x0b\x0c\x0e\x1f\x1cb", "ab"},
		{"RLO", "file\u202etxt.exe", "filetxt.exe"},
		{"every bidi control", "a\u061cb\u200ec\u200fd\u202ae\u202bf\u202cg\u202dh\u202ei\u2066j\u2067k\u2068l\u2069m", "abcdefghijklm"},
		{"ZWJ stays", "👩\u200d💻", "👩\u200d💻"},
		{"invalid UTF-8", "a\xff\xfeb", "a\uFFFDb"},
		{"invalid byte 0x9b is not CSI", "a\x9b31mb", "a\uFFFD31mb"},
		{"HTML entity is plain text", "&#27;[31m", "&#27;[31m"},
		{"brackets are plain text", "[31m and ]52;", "[31m and ]52;"},
	}
	for _, tt := range tests {
		if got := workbook.Sanitize(tt.in); got != tt.want {
			t.Errorf("%s: Sanitize(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestSanitizeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"one line", "one line"},
		{"two\nlines", "two lines"},
		{"tab\there", "tab here"},
		{"cr\r\nlf", "cr lf"},
		{"\x1b[31mred\x1b[0m\n", "red "},
		{"é\u202e\n", "é "},
	}
	for _, tt := range tests {
		if got := workbook.SanitizeLine(tt.in); got != tt.want {
			t.Errorf("SanitizeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// unsafeRune returns the first rune of s that Sanitize must not let
// through, or -1 when s is safe to show. Line says whether newline and tab
// are unsafe too.
func unsafeRune(s string, line bool) rune {
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			if line {
				return r
			}
		case r < 0x20, r >= 0x7F && r <= 0x9F,
			r == 0x061C, r == 0x200E, r == 0x200F,
			r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return r
		}
	}
	return -1
}

func checkSanitized(t *testing.T, in string) {
	t.Helper()
	out := workbook.Sanitize(in)
	if !utf8.ValidString(out) {
		t.Fatalf("Sanitize(%q) = %q: not valid UTF-8", in, out)
	}
	if r := unsafeRune(out, false); r != -1 {
		t.Fatalf("Sanitize(%q) = %q keeps %U", in, out, r)
	}
	if again := workbook.Sanitize(out); again != out {
		t.Fatalf("Sanitize is not idempotent: %q -> %q -> %q", in, out, again)
	}
	line := workbook.SanitizeLine(in)
	if !utf8.ValidString(line) || unsafeRune(line, true) != -1 {
		t.Fatalf("SanitizeLine(%q) = %q", in, line)
	}
	norm := workbook.Normalize(in)
	if !utf8.ValidString(norm) || strings.ContainsAny(norm, "\x00\r") {
		t.Fatalf("Normalize(%q) = %q", in, norm)
	}
}

// TestSanitizeRandom checks the property on random byte strings made of
// the characters that matter most: escapes, controls, brackets, C1 and
// bidi runes, broken UTF-8 and plain letters.
func TestSanitizeRandom(t *testing.T) {
	pieces := []string{
		"\x1b", "[", "]", "P", "X", "^", "_", "\\", "\x07", "\x18", "\r", "\n", "\t",
		"\x00", "\x7f", "\x01", "0", ";", "m", "H", "a", "é", "🙂", "\u009b", "\u009c",
		"\u009d", "\u0090", "\u0085", "\u202e", "\u2066", "\u200f", "\xc2", "\x9b", "\xff",
		"\xe2\x80", " ", "(", "#",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(24) {
			if rng.IntN(4) == 0 {
				b.WriteByte(byte(rng.IntN(256)))
			} else {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
		}
		checkSanitized(t, b.String())
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "plain", "\x1b]52;c;aGk=\x07", "\x1b]0;title\x07", "\x1b]2;title\x1b\\",
		"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1b[2J\x1b[H", "\u009b31m",
		"a\rb", "\a", "\x00", "\x7f", "\u202e", "\xff\xfe", "&#27;[31m", "\x1bP", "\u009d",
		"\x1b", "\x1b\x1b[", "\xc2\x9b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSanitized(t, s)
	})
}
