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

// ImportResult counts what an import added.
type ImportResult struct {
	Runs, Pauses, Entries, Revisions int
}

// ArchiveStore reads and adds whole archives, and copies the database.
type ArchiveStore interface {
	Archive(ctx context.Context) (Archive, error)
	// Import adds the runs, pauses, entries and revisions the database
	// lacks, by id, in one transaction; nothing that exists is changed.
	// An id that exists with different content is an error and nothing
	// is added.
	Import(ctx context.Context, a Archive) (ImportResult, error)
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
	// Snippet is text of the entry, one line; for a search the matched
	// words are wrapped in MatchStart and MatchEnd.
	Snippet string
}

// Marks around matched words in ReviewItem.Snippet: private-use runes
// that typed text will not contain (they are removed from it).
const (
	MatchStart = "\uE000"
	MatchEnd   = "\uE001"
)

// ReviewStore lists entries for the review screen and searches them.
type ReviewStore interface {
	// Review lists entries newest first (by the current revision's save
	// time), or for a Query, the entries whose revisions match, best
	// first. It returns one page and the total count.
	Review(ctx context.Context, f ReviewFilter, offset, limit int) ([]ReviewItem, int, error)
	// PrepareSearch readies what a search reads, so that the first search
	// does not wait for it: the review asks for it when it opens.
	PrepareSearch(ctx context.Context) error
}
