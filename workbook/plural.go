package workbook

import (
	"strconv"
	"strings"
)

// Plural counts in words: "1 entry", "2 entries", "3 days", "2 matches",
// "10,000 entries".
func Plural(n int, word string) string {
	switch {
	case n == 1:
		return "1 " + word
	case strings.HasSuffix(word, "ch"):
		return Count(n) + " " + word + "es"
	case strings.HasSuffix(word, "y") && !strings.ContainsAny(word[max(len(word)-2, 0):len(word)-1], "aeiou"):
		return Count(n) + " " + strings.TrimSuffix(word, "y") + "ies"
	}
	return Count(n) + " " + word + "s"
}

// Count writes n with its thousands grouped: "950", "10,000", "-1,234".
func Count(n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}
