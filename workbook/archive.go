package workbook

import (
	"context"
	"time"
)

// Archive is everything saved, as export writes it and import reads it:
// every run with its pauses, every entry with all its revisions. Drafts
// are not part of it.
type Archive struct {
	Runs []RunArchive // by Number
}

// RunArchive is one run and its entries.
type RunArchive struct {
	Run     Run // ID, Number, StartedAt, ClosedAt, Pauses; the challenge fields are derived
	Entries []EntryArchive
}

// EntryArchive is one entry with every revision, oldest first.
type EntryArchive struct {
	ID        string
	Exercise  string
	Date      Date
	CreatedAt time.Time
	Revisions []Revision
}

// ImportResult counts what an import added, and what it changed: the only
// changes an import makes are closing a run and resuming a pause, which
// the archive has closed or resumed and the database has open.
type ImportResult struct {
	Runs, Pauses, Entries, Revisions int // added
	Closed, Resumed                  int // runs closed, pauses resumed
}

// Importer takes an archive one record at a time, as a file is read, so
// that an archive of any size is never held whole.
type Importer interface {
	// Entry adds an entry of the run with id runID, with its revisions.
	// It may come before its run. The same entry may come again, with
	// more revisions (a file that lists it twice).
	Entry(runID string, e EntryArchive) error
	// Run adds a run with its pauses; each run comes once.
	Run(r Run) error
}

// Feed hands the archive to im: each run, then its entries.
func (a Archive) Feed(im Importer) error {
	for _, r := range a.Runs {
		if err := im.Run(r.Run); err != nil {
			return err
		}
		for _, e := range r.Entries {
			if err := im.Entry(r.Run.ID, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// ArchiveStore reads and adds whole archives, and copies the database.
type ArchiveStore interface {
	Archive(ctx context.Context) (Archive, error)
	// Import adds the runs, pauses, entries and revisions the database
	// lacks, by id, in one transaction; nothing that exists is changed
	// but closing a run and resuming a pause. An id that exists with
	// different content is an error and nothing is added.
	Import(ctx context.Context, a Archive) (ImportResult, error)
	// ImportFrom is Import of the records read hands to its Importer,
	// in the same one transaction: an error of read or of any record,
	// and nothing is added.
	ImportFrom(ctx context.Context, read func(Importer) error) (ImportResult, error)
	// Backup writes a consistent copy of the database to path.
	Backup(ctx context.Context, path string) error
}

// ReviewFilter narrows the review list; zero values mean "all".
type ReviewFilter struct {
	RunID    string
	Phase    int // 1-3, 0 for all
	Exercise string
	Query    string // full-text query as typed; "" lists everything
}

// ReviewItem is one line of the review list: an entry with its current
// revision, or for a search, the entry with the best-matching revision.
type ReviewItem struct {
	EntryID   string
	RunID     string
	RunNumber int
	Exercise  string
	Phase     int
	Date      Date
	SavedAt   time.Time // of the current (or matching) revision
	Revisions int
	// Snippet is the matching revision's text on one line, in a search
	// (not in the list), the matched words wrapped in MatchStart and
	// MatchEnd.
	Snippet string
	// Answer is the current revision's answer in the list, what the
	// review writes as the entry's summary; in a search, the matching
	// revision's, in which Exercise.SearchLine places the snippet.
	Answer Answer
}

// Marks around matched words in ReviewItem.Snippet: private-use runes
// that typed text will not contain (they are removed from it).
const (
	MatchStart = "\uE000"
	MatchEnd   = "\uE001"
)

// ReviewPage is a page of the review and what is known of the whole.
type ReviewPage struct {
	Items []ReviewItem
	// Total is the number of entries the filter and the query select; or,
	// with More, the number counted before the store stopped counting (a
	// broad search does, past a thousand or so): there are more.
	Total int
	More  bool
	// Ranked is true when a search's items come best match first; a
	// broader search's come newest first.
	Ranked bool
}

// ReviewStore lists entries for the review screen and searches them.
type ReviewStore interface {
	// Review lists entries grouped by run (the latest first), then by
	// phase (3, 2, 1, then those of the whole run), each group newest
	// first (by the current revision's save time); or for a Query, the
	// entries whose revisions match: the best first when few revisions
	// match (Ranked), else those of the most recently saved matching
	// revisions. It returns one page, from offset, of at most limit items
	// (0: only the count).
	Review(ctx context.Context, f ReviewFilter, offset, limit int) (ReviewPage, error)
}
