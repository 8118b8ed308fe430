package workbook

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// NewID returns a new random id for runs, entries, revisions and pauses:
// 16 random bytes as 32 lower-case hex digits.
func NewID() string { return randomHex(16) }

// NewItemID returns a new random id for a list item: 8 random bytes as 16
// lower-case hex digits. It is unique enough within a list, and stays with
// the item across edits and reorders.
func NewItemID() string { return randomHex(8) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand crashes the program instead)
	return hex.EncodeToString(b)
}

// ValidateAnswer checks every field of the exercise against the answer,
// also fields the person never visited, with ValidateField and
// ValidateList, and returns the problems by field id; the map is empty
// when the answer is valid. Values are checked as given: pass text through
// Normalize first (Answer.Normalized), as the store does.
//
// List items must have an id, unique within the list, and may point to
// another item (Ref) only when the field RefersTo another exercise;
// whether that item exists is for ValidateRefs to say. A non-blank value
// under an id that is not a field of the exercise (or of another kind) is
// a problem under that id.
func ValidateAnswer(ex Exercise, a Answer) map[string]error {
	errs := map[string]error{}
	known := make(map[string]Field, len(ex.Fields))
	for _, f := range ex.Fields {
		known[f.ID] = f
		if f.Kind == FieldList {
			if err := validateItems(f, a.Lists[f.ID]); err != nil {
				errs[f.ID] = err
			}
			continue
		}
		if err := ValidateField(f, a.Fields[f.ID]); err != nil {
			errs[f.ID] = err
		} else if f.RequiredIf.Holds(a) && strings.TrimSpace(a.Fields[f.ID]) == "" {
			errs[f.ID] = requiredWhen(ex, f.RequiredIf)
		}
	}
	for id, v := range a.Fields {
		if f, ok := known[id]; (!ok || f.Kind == FieldList) && strings.TrimSpace(v) != "" {
			if _, done := errs[id]; !done {
				errs[id] = errors.New("not a field of this exercise")
			}
		}
	}
	for id, items := range a.Lists {
		if f, ok := known[id]; (!ok || f.Kind != FieldList) && len(items) > 0 {
			if _, done := errs[id]; !done {
				errs[id] = errors.New("not a list of this exercise")
			}
		}
	}
	return errs
}

// requiredWhen is the error of a field required by a condition: "required
// when Status is Answered".
func requiredWhen(ex Exercise, c Condition) error {
	label, value := c.Field, c.Value
	if f, ok := ex.Field(c.Field); ok {
		label, value = f.Label, ChoiceLabel(f, c.Value)
	}
	return requiredError(fmt.Sprintf("required when %s is %s", label, value))
}

// Refusal says in one line why an answer cannot be saved, naming each
// field in the exercise's order (errs is what ValidateAnswer or Check
// returned): "Not saved: choose Your level today; Scope: one sentence,
// please." It is "" when errs is empty.
func Refusal(ex Exercise, errs map[string]error) string {
	if len(errs) == 0 {
		return ""
	}
	var parts []string
	done := map[string]bool{}
	say := func(label string, f Field, err error) {
		switch {
		case errors.Is(err, errChoose):
			parts = append(parts, "choose "+label)
		case err == ErrRequired && f.Kind == FieldList:
			parts = append(parts, "add to "+label)
		case err == ErrRequired:
			parts = append(parts, "fill in "+label)
		default:
			parts = append(parts, label+": "+err.Error())
		}
	}
	for _, f := range ex.Fields {
		if err, ok := errs[f.ID]; ok {
			say(f.Label, f, err)
			done[f.ID] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(errs)) {
		if !done[id] {
			say(id, Field{}, errs[id])
		}
	}
	return "Not saved: " + strings.Join(parts, "; ") + "."
}

// validateItems checks a list field's items: their texts with ValidateList,
// then their ids and refs.
func validateItems(f Field, items []ListItem) error {
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.Text
	}
	if err := ValidateList(f, texts); err != nil {
		return err
	}
	seen := make(map[string]int, len(items))
	for i, it := range items {
		if strings.TrimSpace(it.ID) == "" {
			return fmt.Errorf("item %d: no id", i+1)
		}
		if j, dup := seen[it.ID]; dup {
			return fmt.Errorf("item %d: same id as item %d", i+1, j+1)
		}
		seen[it.ID] = i
		if it.Ref != "" && f.RefersTo == "" {
			return fmt.Errorf("item %d: cannot point to another item", i+1)
		}
	}
	return nil
}

// ValidateRefs checks that every item's Ref is "" or one of the known item
// ids (ItemIDs of the current answer to the RefersTo exercise). The error
// names the first item that points to an item that is gone.
func ValidateRefs(items []ListItem, known map[string]bool) error {
	for i, it := range items {
		if it.Ref != "" && !known[it.Ref] {
			return fmt.Errorf("item %d: points to an item that no longer exists", i+1)
		}
	}
	return nil
}

// ItemIDs returns the ids of the items of every list of the answer: what
// the items of a list that RefersTo its exercise may point to.
func ItemIDs(a Answer) map[string]bool {
	ids := map[string]bool{}
	for _, items := range a.Lists {
		for _, it := range items {
			if it.ID != "" {
				ids[it.ID] = true
			}
		}
	}
	return ids
}

// AnswerText is the answer's text, for search and previews: every
// non-blank field value and list item text, one per line, in the
// exercise's field order, then values under ids the exercise does not have
// (by id). Choices give their stored value.
func AnswerText(ex Exercise, a Answer) string {
	var lines []string
	done := map[string]bool{}
	for _, f := range ex.Fields {
		done[f.ID] = true
		lines = appendText(lines, a, f.ID)
	}
	for _, id := range a.ids() {
		if !done[id] {
			lines = appendText(lines, a, id)
		}
	}
	return strings.Join(lines, "\n")
}

// Text is the answer's text without its exercise: every non-blank field
// value and list item text, one per line, by field id.
func (a Answer) Text() string {
	var lines []string
	for _, id := range a.ids() {
		lines = appendText(lines, a, id)
	}
	return strings.Join(lines, "\n")
}

// ids returns the ids of the answer's fields and lists, sorted.
func (a Answer) ids() []string {
	set := map[string]bool{}
	for id := range a.Fields {
		set[id] = true
	}
	for id := range a.Lists {
		set[id] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func appendText(lines []string, a Answer, id string) []string {
	if v := a.Fields[id]; strings.TrimSpace(v) != "" {
		lines = append(lines, v)
	}
	for _, it := range a.Lists[id] {
		if strings.TrimSpace(it.Text) != "" {
			lines = append(lines, it.Text)
		}
	}
	return lines
}

// Equal reports whether two answers hold the same: a missing field equals
// an empty one, a missing list an empty one; items are compared in order,
// ids and refs included.
func (a Answer) Equal(b Answer) bool {
	for _, id := range append(a.ids(), b.ids()...) {
		if a.Fields[id] != b.Fields[id] || !slices.Equal(a.Lists[id], b.Lists[id]) {
			return false
		}
	}
	return true
}

// Clone returns a deep copy of the answer; nil maps stay nil.
func (a Answer) Clone() Answer {
	var c Answer
	if a.Fields != nil {
		c.Fields = maps.Clone(a.Fields)
	}
	if a.Lists != nil {
		c.Lists = make(map[string][]ListItem, len(a.Lists))
		for id, items := range a.Lists {
			c.Lists[id] = slices.Clone(items)
		}
	}
	return c
}

// Normalized returns a copy of the answer with Normalize applied to every
// value and to every item's text, id and ref: what is stored.
func (a Answer) Normalized() Answer {
	c := a.Clone()
	for id, v := range c.Fields {
		c.Fields[id] = Normalize(v)
	}
	for _, items := range c.Lists {
		for i := range items {
			items[i].ID = Normalize(items[i].ID)
			items[i].Text = Normalize(items[i].Text)
			items[i].Ref = Normalize(items[i].Ref)
		}
	}
	return c
}

// IsEmpty reports whether the answer holds nothing: every value blank and
// no list item.
func (a Answer) IsEmpty() bool {
	for _, v := range a.Fields {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	for _, items := range a.Lists {
		if len(items) > 0 {
			return false
		}
	}
	return true
}
