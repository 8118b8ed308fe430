package workbook

import (
	"strings"
	"unicode/utf8"
)

// Normalize is how every text a person typed, pasted or imported is stored,
// the same in forms, the store and imports: invalid UTF-8 becomes U+FFFD
// (one per run of invalid bytes, as strings.ToValidUTF8 does), NUL is
// removed, and CRLF and lone CR become LF. Nothing else changes: escape
// sequences are kept as typed and stripped on display by Sanitize.
// Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	if utf8.ValidString(s) && !strings.ContainsAny(s, "\x00\r") {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// Sanitize makes a person's text safe to show on a terminal. After
// Normalize it removes:
//
//   - escape sequences: CSI (ESC [ or U+009B, parameters, a final byte
//     0x40-0x7E), OSC (ESC ] or U+009D, up to BEL or ST), DCS, SOS, PM and
//     APC strings (ESC P, X, ^, _ or U+0090, U+0098, U+009E, U+009F, up to
//     ST, that is ESC \ or U+009C), and other ESC sequences (ESC, any
//     intermediates 0x20-0x2F, one final character 0x30-0x7E). A string
//     left unterminated is dropped to the end of the text; an ESC inside
//     one ends it and starts a new sequence;
//   - every other C0 control but newline and tab, DEL, and every C1
//     control (U+0080-U+009F);
//   - the bidirectional controls U+061C, U+200E, U+200F, U+202A-U+202E and
//     U+2066-U+2069, which can make text read in another order.
//
// Everything else is kept as is: "&#27;[31m" is plain text and stays.
// The result is valid UTF-8.
func Sanitize(s string) string {
	if isPlain(s) {
		return s
	}
	s = Normalize(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		next := i + size
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == 0x1B: // ESC
			next = skipEscape(s, next)
		case r == 0x9B: // CSI
			next = skipCSI(s, next)
		case r == 0x9D: // OSC
			next = skipString(s, next, true)
		case r == 0x90 || r == 0x98 || r == 0x9E || r == 0x9F: // DCS, SOS, PM, APC
			next = skipString(s, next, false)
		case isControl(r) || isBidiControl(r):
			// dropped
		default:
			b.WriteString(s[i:next])
		}
		i = next
	}
	return b.String()
}

// SanitizeLine is Sanitize for places that hold one line (titles, lists,
// Home): newlines and tabs become spaces too.
func SanitizeLine(s string) string {
	s = Sanitize(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// isPlain reports whether s is printable ASCII, newlines and tabs only:
// nothing for Sanitize to do.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\n' && c != '\t') || c >= 0x7F {
			return false
		}
	}
	return true
}

// isControl reports whether r is a C0 control, DEL or a C1 control.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7F && r <= 0x9F)
}

// isBidiControl reports whether r is a bidirectional formatting control:
// ALM, LRM, RLM, the embeddings and overrides LRE-RLO, and the isolates
// LRI-PDI.
func isBidiControl(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F ||
		(r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// skipEscape returns where the sequence started by an ESC ends; i is just
// after the ESC. An ESC before anything but a printable ASCII character is
// dropped alone, so what follows it is sanitized on its own.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch c := s[i]; {
	case c == '[':
		return skipCSI(s, i+1)
	case c == ']':
		return skipString(s, i+1, true)
	case c == 'P' || c == 'X' || c == '^' || c == '_':
		return skipString(s, i+1, false)
	case c >= 0x20 && c <= 0x2F: // intermediates, then a final character
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2F {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7E {
			i++
		}
		return i
	case c >= 0x30 && c <= 0x7E:
		return i + 1
	}
	return i
}

// skipCSI returns where a control sequence ends; i is just after its
// introducer. Parameter and intermediate bytes (0x20-0x3F) run to a final
// byte (0x40-0x7E). Any other character ends the sequence without being
// part of it.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3F {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7E {
		i++
	}
	return i
}

// skipString returns where a control string (OSC, DCS, SOS, PM, APC) ends;
// i is just after its introducer. It ends after ST (ESC \ or U+009C), after
// BEL when bel is set (OSC), at CAN or SUB (which cancel it), or at an ESC
// that is not ST, which starts the next sequence. Unterminated, it runs to
// the end of s.
func skipString(s string, i int, bel bool) int {
	for i < len(s) {
		switch c := s[i]; {
		case c == 0x07 && bel:
			return i + 1
		case c == 0x18 || c == 0x1A: // CAN, SUB
			return i + 1
		case c == 0x1B:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0x9C: // U+009C ST
			return i + 2
		}
		i++
	}
	return i
}
