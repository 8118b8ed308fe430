// Package workbook is the domain of autonomy: the guide and its sections,
// the exercises and their fields, and the rules of the program. It knows
// nothing of terminals or SQL; the tui renders it and the store persists it.
package workbook

import (
	"context"
	"strings"
	"time"
)

// Workbook is the loaded, validated content: the guide, its exercises and
// its program.
type Workbook struct {
	// ID names the workbook (exercises.json's "id"): each workbook keeps
	// its answers in a database of its own, named by it.
	ID        string
	Title     string
	Sections  []Section
	Exercises []Exercise
	Program   Program
}

// Section is one top-level ("## ") heading of the guide with everything
// under it, subsections included.
type Section struct {
	ID       string // stable slug of the heading, e.g. "safety-boundary"
	Number   int    // 1-based position in the guide
	Title    string // heading text, word for word
	Markdown string // the section's Markdown, starting with its heading
	// Blocks are the section's headings, paragraphs, list items and code
	// blocks in order. A reading position is an index into Blocks, so it survives a
	// change of width.
	Blocks []Block
}

// Block is one heading, paragraph, list item or code block of a section,
// as plain text.
type Block struct {
	Kind BlockKind
	Text string // plain text without Markdown markers; a code block's lines as written
}

// BlockKind says what a Block is.
type BlockKind int

const (
	BlockHeading BlockKind = iota
	BlockParagraph
	BlockListItem
	BlockCode // a fenced code block (``` or ~~~), shown as written
)

// ExerciseKind says how an exercise is answered within a run.
type ExerciseKind string

const (
	KindRun       ExerciseKind = "run"       // part of starting a run (the challenge)
	KindOnce      ExerciseKind = "once"      // one entry per run
	KindRecurring ExerciseKind = "recurring" // a new entry each time (reports)
	KindClosing   ExerciseKind = "closing"   // closes a completed run
	KindLog       ExerciseKind = "log"       // a new entry any time (check-ins, reflections)
	KindDaily     ExerciseKind = "daily"     // one entry per day; the same day again is a revision (metric values)
)

// Exercise is one exercise of the program, defined as data in content/.
type Exercise struct {
	ID      string
	Title   string
	Section string // Section.ID it belongs to
	Phase   int    // the program's phase (1 for the first), 0 when outside them
	Kind    ExerciseKind
	Role    Role   // what the program needs it for ("" for none); see roles.go
	Prompt  string // short guidance shown above the form
	// Step is, for a run or closing exercise, the words of the next step
	// that asks for it ("name one real challenge" after "Start a run: ");
	// "" to use the title.
	Step   string
	Fields []Field
}

// FieldKind is the kind of value a field holds.
type FieldKind string

const (
	FieldText     FieldKind = "text"     // one line, at most MaxTextRunes
	FieldTextarea FieldKind = "textarea" // several lines, at most MaxTextareaRunes
	FieldNumber   FieldKind = "number"   // a decimal number, as text
	FieldDate     FieldKind = "date"     // YYYY-MM-DD
	FieldChoice   FieldKind = "choice"   // one of Options
	FieldList     FieldKind = "list"     // items of one line each, with stable ids
)

// Limits counted in Unicode code points, the same everywhere (form, store, import).
const (
	MaxTextRunes     = 280
	MaxTextareaRunes = 8000
	MaxListItems     = 50
)

// Field is one input of an exercise.
type Field struct {
	ID          string
	Label       string
	Help        string
	Kind        FieldKind
	Role        FieldRole // what the program reads it for ("" for none); see roles.go
	Short       string    // a word or two naming it in one-line summaries ("ownership"); "" for none
	Required    bool
	RequiredIf  Condition // required only when another field holds a value; zero for never
	Max         int       // code points; defaults to the kind's limit, never above it (see Limit)
	OneSentence bool      // text must be a single sentence
	Options     []Option  // for FieldChoice
	RefersTo    string    // for FieldList: items may point to items of this exercise's list
}

// Condition is "the field with id Field holds Value".
type Condition struct {
	Field, Value string
}

// IsZero reports whether the condition is unset.
func (c Condition) IsZero() bool { return c == Condition{} }

// Holds reports whether the answer meets the condition (a set condition;
// surrounding spaces ignored).
func (c Condition) Holds(a Answer) bool {
	return !c.IsZero() && strings.TrimSpace(a.Fields[c.Field]) == c.Value
}

// Option is one choice of a FieldChoice field.
type Option struct {
	Value string
	Label string
	Short string // the words of one-line summaries ("not reasonable"); "" to use the label
}

// Screen names a top-level screen of the app, saved with the reading place.
type Screen string

const (
	ScreenHome   Screen = "home"
	ScreenReader Screen = "reader"
	ScreenForm   Screen = "form"   // an exercise form; never saved as a place
	ScreenReview Screen = "review" // the review of saved entries
	ScreenMetric Screen = "metric" // the outcome metric's chart
)

// Place is where the person was when they quit.
type Place struct {
	Screen  Screen
	Section string // Section.ID; empty when none
	Block   int    // index into Section.Blocks of the block at the top
}

// PlaceStore persists where the person was and when they last opened the
// workbook. The store package implements it on SQLite.
type PlaceStore interface {
	LoadPlace(ctx context.Context) (Place, error)
	SavePlace(ctx context.Context, p Place) error
	// MarkOpened records now as the last opening and returns the previous
	// one (zero time on the first opening).
	MarkOpened(ctx context.Context, now time.Time) (time.Time, error)
	// SafetySeen reports whether the safety boundary was ever opened
	// ("!"); MarkSafetySeen records it.
	SafetySeen(ctx context.Context) (bool, error)
	MarkSafetySeen(ctx context.Context, now time.Time) error
}
