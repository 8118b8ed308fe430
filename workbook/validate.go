package workbook

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrRequired is the error of a required field left blank.
var ErrRequired = errors.New("required")

// ValidateField checks one value of a field and returns an error whose
// message can be shown to the person as is ("required", "at most 280
// characters (now 281)", "not a number", "one sentence, please", ...).
// Lengths are counted in Unicode code points against f.Max (the kind's
// limit when Max is 0 or above it). A blank value is valid unless the field
// is required. Numbers, dates and choices are checked with surrounding
// spaces trimmed.
//
// For a list field, value is one item: it must not be blank and holds one
// line. ValidateList checks the whole list.
func ValidateField(f Field, value string) error {
	trimmed := strings.TrimSpace(value)
	if trimmed == "" {
		if f.Required || f.Kind == FieldList {
			return ErrRequired
		}
		return nil
	}
	limit := MaxRunes(f.Kind)
	if limit == 0 {
		return fmt.Errorf("unknown kind of field %q", f.Kind)
	}
	maxRunes := f.Max
	if maxRunes <= 0 || maxRunes > limit {
		maxRunes = limit
	}
	if n := utf8.RuneCountInString(value); n > maxRunes {
		return fmt.Errorf("at most %d characters (now %d)", maxRunes, n)
	}

	switch f.Kind {
	case FieldText, FieldList:
		if strings.ContainsAny(value, "\r\n") {
			return errors.New("one line, please")
		}
		if f.OneSentence && !isOneSentence(trimmed) {
			return errors.New("one sentence, please")
		}
	case FieldNumber:
		return validateNumber(trimmed)
	case FieldDate:
		return validateDate(trimmed)
	case FieldChoice:
		for _, o := range f.Options {
			if o.Value == trimmed {
				return nil
			}
		}
		return errors.New("not one of the choices")
	}
	return nil
}

// ValidateList checks the items of a list field: at least one when the
// field is required, at most MaxListItems, and each item as ValidateField
// does. The error names the item ("item 2: at most 280 characters (now
// 300)").
func ValidateList(f Field, items []string) error {
	if len(items) == 0 {
		if f.Required {
			return ErrRequired
		}
		return nil
	}
	if len(items) > MaxListItems {
		return fmt.Errorf("at most %d items (now %d)", MaxListItems, len(items))
	}
	for i, item := range items {
		if err := ValidateField(f, item); err != nil {
			return fmt.Errorf("item %d: %w", i+1, err)
		}
	}
	return nil
}

// validateNumber accepts decimal numbers only: digits, one sign, a point,
// an exponent ("12", "-3.5", "1e3"); not "Inf", "NaN", hexadecimal or "_".
func validateNumber(s string) error {
	for _, r := range s {
		if !strings.ContainsRune("0123456789+-.eE", r) {
			return errors.New("not a number")
		}
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return errors.New("number too large")
		}
		return errors.New("not a number")
	}
	return nil
}

// validateDate accepts a real date written YYYY-MM-DD.
func validateDate(s string) error {
	const layout = "2006-01-02"
	if len(s) != len(layout) {
		return errors.New("a date as YYYY-MM-DD, please")
	}
	for i := 0; i < len(s); i++ {
		bad := s[i] < '0' || s[i] > '9'
		if i == 4 || i == 7 {
			bad = s[i] != '-'
		}
		if bad {
			return errors.New("a date as YYYY-MM-DD, please")
		}
	}
	if _, err := time.Parse(layout, s); err != nil {
		return errors.New("not a real date")
	}
	return nil
}

// isOneSentence reports whether s (trimmed) is a single sentence: no line
// break, and no ".", "!" or "?" (possibly followed by closing quotes or
// brackets) followed by a space and more text. "I own the v1.2 release." is
// one sentence; "I own X. I also own Y." is two. Abbreviations such as
// "e.g. this" count as a sentence end.
func isOneSentence(s string) bool {
	if strings.ContainsAny(s, "\r\n") {
		return false
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		// Skip more end punctuation and closers: "?!", ".)", ".\"".
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !strings.ContainsRune(".!?…\"')]}’”»", r) {
				break
			}
			i += size
		}
		if i < len(s) {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) && strings.TrimSpace(s[i:]) != "" {
				return false
			}
		}
	}
	return true
}
