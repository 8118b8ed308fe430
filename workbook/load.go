package workbook

import (
	"errors"
	"io/fs"
	"strings"
	"unicode"
)

// The files Load reads from its file system.
const (
	GuideFile     = "guide.md"
	ExercisesFile = "exercises.json"
)

// Load reads guide.md and exercises.json from fsys (content.FS in the
// app), then parses and validates them with Parse.
func Load(fsys fs.FS) (*Workbook, error) {
	guide, err := fs.ReadFile(fsys, GuideFile)
	if err != nil {
		return nil, unreadable(GuideFile, err)
	}
	exercises, err := fs.ReadFile(fsys, ExercisesFile)
	if err != nil {
		return nil, unreadable(ExercisesFile, err)
	}
	return Parse(guide, exercises)
}

// unreadable is the LoadError of a file Load cannot read.
func unreadable(name string, err error) error {
	msg := "cannot read it"
	if errors.Is(err, fs.ErrNotExist) {
		msg = "missing (a workbook is a directory with guide.md and exercises.json)"
	} else if pe, ok := err.(*fs.PathError); ok {
		msg = "cannot read it: " + pe.Err.Error()
	}
	return &LoadError{Problems: []Problem{{File: name, Msg: msg}}}
}

// Parse builds a Workbook from the bytes of guide.md and exercises.json and
// validates both (content/README.md lists the rules). Its error is a
// *LoadError: every problem, each naming the file, the line and the
// exercise and field. Parse never panics, whatever the input.
func Parse(guideMD, exercisesJSON []byte) (*Workbook, error) {
	title, sections, err := parseGuide(guideMD)
	if err != nil {
		return nil, err
	}
	p, err := parseExercises(exercisesJSON, sections)
	if err != nil {
		return nil, err
	}
	return &Workbook{ID: p.id, Title: title, Sections: sections, Exercises: p.exercises, Program: p.program}, nil
}

// Slug is the id of a heading: lower case, every run of characters other
// than letters and digits replaced by a single "-", with no "-" at either
// end. Slug("A practical model: three autonomy levels") is
// "a-practical-model-three-autonomy-levels".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	return b.String()
}

// MaxRunes is the limit of a field kind in code points: the default and
// the largest allowed Field.Max (for a list, the limit of each item). It is
// 0 for an unknown kind.
func MaxRunes(k FieldKind) int {
	switch k {
	case FieldText, FieldNumber, FieldChoice, FieldList:
		return MaxTextRunes
	case FieldTextarea:
		return MaxTextareaRunes
	case FieldDate:
		return len("2006-01-02")
	}
	return 0
}
