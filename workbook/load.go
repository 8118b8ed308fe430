package workbook

import (
	"fmt"
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
		return nil, fmt.Errorf("%s: %w", GuideFile, err)
	}
	exercises, err := fs.ReadFile(fsys, ExercisesFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ExercisesFile, err)
	}
	return Parse(guide, exercises)
}

// Parse builds a Workbook from the bytes of guide.md and exercises.json and
// validates both (content/README.md lists the rules). Errors name the file
// and the line or the exercise and field. Parse never panics, whatever the
// input.
func Parse(guideMD, exercisesJSON []byte) (*Workbook, error) {
	title, sections, err := parseGuide(guideMD)
	if err != nil {
		return nil, err
	}
	exercises, err := parseExercises(exercisesJSON, sections)
	if err != nil {
		return nil, err
	}
	return &Workbook{Title: title, Sections: sections, Exercises: exercises}, nil
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
