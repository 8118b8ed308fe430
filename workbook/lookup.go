package workbook

import (
	"strconv"
	"strings"
)

// Section returns the section with the given id.
func (w *Workbook) Section(id string) (Section, bool) {
	if w == nil {
		return Section{}, false
	}
	for _, s := range w.Sections {
		if s.ID == id {
			return s, true
		}
	}
	return Section{}, false
}

// SectionByNumber returns the n-th section, counting from 1.
func (w *Workbook) SectionByNumber(n int) (Section, bool) {
	if w == nil || n < 1 || n > len(w.Sections) {
		return Section{}, false
	}
	return w.Sections[n-1], true
}

// ExercisesFor returns the exercises of a section, in definition order.
func (w *Workbook) ExercisesFor(sectionID string) []Exercise {
	if w == nil {
		return nil
	}
	var out []Exercise
	for _, ex := range w.Exercises {
		if ex.Section == sectionID {
			out = append(out, ex)
		}
	}
	return out
}

// Exercise returns the exercise with the given id.
func (w *Workbook) Exercise(id string) (Exercise, bool) {
	if w == nil {
		return Exercise{}, false
	}
	for _, ex := range w.Exercises {
		if ex.ID == id {
			return ex, true
		}
	}
	return Exercise{}, false
}

// Field returns the field of an exercise with the given id.
func (ex Exercise) Field(id string) (Field, bool) {
	for _, f := range ex.Fields {
		if f.ID == id {
			return f, true
		}
	}
	return Field{}, false
}

// FindSection finds a section from what a person typed: its number ("3"),
// its id ("safety-boundary"), or words that all appear in its title,
// ignoring case ("safety boundary", "closing"). It returns the first match
// in guide order.
func (w *Workbook) FindSection(query string) (Section, bool) {
	if w == nil {
		return Section{}, false
	}
	query = strings.TrimSpace(query)
	if query == "" {
		return Section{}, false
	}
	if n, err := strconv.Atoi(query); err == nil {
		return w.SectionByNumber(n)
	}
	if s, ok := w.Section(query); ok {
		return s, true
	}
	words := strings.Fields(strings.ToLower(query))
	for _, s := range w.Sections {
		title := strings.ToLower(s.Title)
		all := true
		for _, word := range words {
			if !strings.Contains(title, word) {
				all = false
				break
			}
		}
		if all {
			return s, true
		}
	}
	return Section{}, false
}
