package workbook

import "context"

// DeleteStore removes what the person asks to remove, for good: the text
// is gone from the database file and its write-ahead log afterwards, not
// only hidden. Deleting is rare and always confirmed by the person first.
type DeleteStore interface {
	// DeleteRevision removes one version of an entry; the newest one left
	// becomes the current answer, and an entry left without any version
	// is removed too.
	DeleteRevision(ctx context.Context, revisionID string) error
	// DeleteEntry removes an entry with every version and its draft.
	DeleteEntry(ctx context.Context, entryID string) error
	// DeleteRun removes a run with its pauses, entries, versions and
	// drafts.
	DeleteRun(ctx context.Context, runID string) error
}
