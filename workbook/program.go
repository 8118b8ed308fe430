package workbook

import (
	"context"
	"time"
)

// Date is a calendar day in the person's local time zone, without a clock.
// Days of the program are counted in Dates, so the day moves on at local
// midnight.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Run is one pass through the 30-day program.
type Run struct {
	ID        string    // stable random id, kept by export and import
	Number    int       // 1, 2, ... as given when started or imported; never changes
	StartedAt time.Time // when it was created
	ClosedAt  time.Time // zero while open; set by the closing self-assessment
	Pauses    []Pause   // oldest first

	// From the current revision of the run's "challenge" entry.
	Challenge string
	StartDate Date
	Level     string // "1", "2", "3" or "" when not given
	LevelWhy  string
}

// Pause is a span in which the program stood still. The day it was paused
// on counts; the days after it up to the day before the resume do not.
type Pause struct {
	ID        string
	From      Date // the day it was paused on
	To        Date // the day it was resumed on; zero while paused
	PausedAt  time.Time
	ResumedAt time.Time
}

// ListItem is one item of a list field. Its ID stays the same across edits
// and reorders, so other items can point to it (Ref).
type ListItem struct {
	ID   string
	Text string
	Ref  string // ID of an item of the RefersTo exercise's list, or ""
}

// Answer is what a form holds: scalar fields as text by field id, list
// fields as items by field id.
type Answer struct {
	Fields map[string]string
	Lists  map[string][]ListItem
}

// Entry is one answer to an exercise within a run: one per one-time
// exercise, a new one for each report.
type Entry struct {
	ID        string
	RunID     string
	Exercise  string
	Date      Date      // the report's own date; the first save's date otherwise
	CreatedAt time.Time // first save
	Current   Revision  // the newest revision is the current answer
	Revisions int       // how many revisions it has
}

// Revision is one save of an entry. Revisions are append-only.
type Revision struct {
	ID      string
	EntryID string
	SavedAt time.Time
	// Seq numbers an entry's revisions in the order the database received
	// them (1, 2, ...); 0 when unknown (an archive). It breaks a tie of
	// SavedAt: see CurrentRevision.
	Seq    int
	Answer Answer
}

// Draft is an unsaved form, kept until it is saved or discarded. RunID is
// "" for the form that starts a run; EntryID is "" for a new entry.
type Draft struct {
	RunID    string
	Exercise string
	EntryID  string
	SavedAt  time.Time
	Answer   Answer
}

// Overview is what Home shows of the program, read in one transaction
// without reading the whole history (ProgramStore.Overview).
type Overview struct {
	Runs []Run // every run, by start date
	// Entries are entries of the current run (CurrentRun), oldest first,
	// with their current revision: not all of them, but every one Home
	// and the forms look at. Of each exercise: its latest entry (the one
	// FindEntry finds), its latest by date, and its first dated on or
	// after the first day of the current run week (WeekStart); every entry
	// of a daily exercise (one a day: the metric's points); and the
	// entries the drafts were written on.
	Entries []Entry
	// Counts are the entries of the current run of each recurring
	// exercise ("3 reports so far").
	Counts map[string]int
	Drafts []Draft         // newest first
	Read   map[string]bool // the sections read to their end
	// SafetySeen: the safety boundary was opened once.
	SafetySeen bool
}

// ProgramStore persists runs, entries, revisions and drafts. The store
// package implements it on SQLite; every method is one transaction.
type ProgramStore interface {
	// Runs lists every run by start date, with pauses and challenge fields.
	Runs(ctx context.Context) ([]Run, error)
	// StartRun creates a run and its "challenge" entry from the answer.
	StartRun(ctx context.Context, challenge Exercise, a Answer, now time.Time) (Run, error)
	// SaveAnswer appends a revision to entryID, or creates a new entry
	// when entryID is "" (date is the report's date). Saving the closing
	// exercise closes the run in the same transaction. It removes the
	// matching draft.
	SaveAnswer(ctx context.Context, runID string, ex Exercise, entryID string, a Answer, date Date, now time.Time) (Entry, error)
	// Overview reads what Home shows on the day today, in one transaction.
	Overview(ctx context.Context, today Date) (Overview, error)
	// Entries lists the run's entries with their current revision, oldest first.
	Entries(ctx context.Context, runID string) ([]Entry, error)
	// Revisions lists an entry's revisions, oldest first.
	Revisions(ctx context.Context, entryID string) ([]Revision, error)
	PauseRun(ctx context.Context, runID string, on Date, now time.Time) error
	ResumeRun(ctx context.Context, runID string, on Date, now time.Time) error

	SaveDraft(ctx context.Context, d Draft) error
	Drafts(ctx context.Context) ([]Draft, error)
	DiscardDraft(ctx context.Context, runID, exercise, entryID string) error

	// MarkRead records that a section was read to its end.
	MarkRead(ctx context.Context, sectionID string, now time.Time) error
	ReadSections(ctx context.Context) (map[string]bool, error)
}
