package workbook

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrRequired is the error of a required field left blank. Test for it
// with errors.Is: a blank required choice says "choose one".
var ErrRequired = errors.New("required")

// errChoose is ErrRequired for a choice: nothing was chosen.
var errChoose = requiredError("choose one")

type requiredError string

func (e requiredError) Error() string        { return string(e) }
func (e requiredError) Is(target error) bool { return target == ErrRequired }

// RuneCount counts text as every limit of the workbook does, in the form,
// the store and imports alike: in Unicode code points.
func RuneCount(s string) int { return utf8.RuneCountInString(s) }

// Limit is the field's limit in code points (for a list, each item's):
// Max when it is set and within the kind's limit, else the kind's limit
// (MaxRunes; MaxTextRunes for an unknown kind). It is the one rule: the
// form, the store and imports all ask it.
func (f Field) Limit() int {
	limit := MaxRunes(f.Kind)
	if limit == 0 {
		limit = MaxTextRunes
	}
	if f.Max > 0 && f.Max < limit {
		return f.Max
	}
	return limit
}

// CheckLength refuses text over the field's Limit, with the message the
// person sees ("at most 280 characters (now 281)"). Text is refused whole,
// never cut.
func (f Field) CheckLength(s string) error {
	limit := f.Limit()
	if len(s) <= limit { // bytes >= code points: no need to count
		return nil
	}
	if n := RuneCount(s); n > limit {
		return fmt.Errorf("at most %d characters (now %d)", limit, n)
	}
	return nil
}

// ValidateField checks one value of a field and returns an error whose
// message can be shown to the person as is ("required", "choose one", "at
// most 280 characters (now 281)", "not a number", "one sentence, please",
// ...). Lengths are counted in Unicode code points against f.Limit(). A
// blank value is valid unless the field is required (a condition of
// RequiredIf is for ValidateAnswer, which sees the other fields). Numbers,
// dates and choices are checked with surrounding spaces trimmed.
//
// For a list field, value is one item: it must not be blank and holds one
// line. ValidateList checks the whole list.
func ValidateField(f Field, value string) error {
	trimmed := strings.TrimSpace(value)
	if trimmed == "" {
		switch {
		case f.Kind == FieldChoice && f.Required:
			return errChoose
		case f.Required || f.Kind == FieldList:
			return ErrRequired
		}
		return nil
	}
	if MaxRunes(f.Kind) == 0 {
		return fmt.Errorf("unknown kind of field %q", f.Kind)
	}
	if err := f.CheckLength(value); err != nil {
		return err
	}

	switch f.Kind {
	case FieldText, FieldList:
		if strings.ContainsAny(value, "\r\n") {
			return errors.New("one line, please")
		}
		if f.OneSentence && !IsOneSentence(trimmed) {
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
