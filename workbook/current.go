package workbook

import "cmp"

// Which answer is "the" answer. One rule everywhere, the store's rule for
// an entry's current revision: the newest by save time, then by sequence.
//
//   - An entry's current revision is its newest revision by SavedAt, then
//     by Seq (the order the database received them), then, in a list of
//     revisions without Seq (an archive), the later in the list.
//   - Of several entries (the entry of a one-time exercise when an import
//     brought two, the last check-in, a day's metric value logged twice),
//     the newest is the one whose current revision was saved last, then
//     the one created last, then the greater id. EntryNewestFirst is the
//     same order in SQL.

// EntryNewestFirst orders the store's entries table newest first by
// CompareEntries' rule, on its columns: saved_at (of the current
// revision), created_at and id. A query that picks "the" entry of a
// one-time exercise writes ORDER BY EntryNewestFirst LIMIT 1.
const EntryNewestFirst = "saved_at DESC, created_at DESC, id DESC"

// RevisionNewestFirst orders the store's revisions table newest first:
// the current revision is the first.
const RevisionNewestFirst = "saved_at DESC, seq DESC"

// CompareEntries compares two entries by the rule: negative when a is
// older than b, positive when newer, 0 for the same save, creation and id.
func CompareEntries(a, b Entry) int {
	if c := a.Current.SavedAt.Compare(b.Current.SavedAt); c != 0 {
		return c
	}
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// NewestEntry returns the newest entry of the exercise among entries (in
// any order), by CompareEntries: the entry of a one-time exercise, the
// last check-in, the latest report.
func NewestEntry(entries []Entry, exercise string) (Entry, bool) {
	var best Entry
	found := false
	for _, e := range entries {
		if e.Exercise != exercise {
			continue
		}
		if !found || CompareEntries(e, best) > 0 {
			best, found = e, true
		}
	}
	return best, found
}

// CompareRevisions compares two revisions of an entry by the rule, save
// time then Seq; 0 when both are equal (the caller keeps list order).
func CompareRevisions(a, b Revision) int {
	if c := a.SavedAt.Compare(b.SavedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.Seq, b.Seq)
}

// CurrentRevision returns the current revision of revs (in any order):
// the newest by CompareRevisions, the later in the list on a tie.
func CurrentRevision(revs []Revision) (Revision, bool) {
	best := -1
	for i, r := range revs {
		if best < 0 || CompareRevisions(r, revs[best]) >= 0 {
			best = i
		}
	}
	if best < 0 {
		return Revision{}, false
	}
	return revs[best], true
}

// Current is the archived entry as an Entry: its current revision by
// CurrentRevision and its number of revisions.
func (e EntryArchive) Current() (Entry, bool) {
	rev, ok := CurrentRevision(e.Revisions)
	if !ok {
		return Entry{}, false
	}
	return Entry{ID: e.ID, Exercise: e.Exercise, Date: e.Date, CreatedAt: e.CreatedAt,
		Current: rev, Revisions: len(e.Revisions)}, true
}

// CurrentEntries are the run's archived entries that have a revision, as Entries
// with their current revisions, in the archive's order.
func (r RunArchive) CurrentEntries() []Entry {
	out := make([]Entry, 0, len(r.Entries))
	for _, ea := range r.Entries {
		if e, ok := ea.Current(); ok {
			e.RunID = r.Run.ID
			out = append(out, e)
		}
	}
	return out
}
