package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"autonomy/workbook"
)

var _ workbook.DeleteStore = (*Store)(nil)

// Deleting, for good (migration 0004). Each delete is one write
// transaction that inserts the row of the table deleting, which lets the
// append-only triggers allow the DELETEs of revisions, their values and
// their documents, and removes it before it commits. Every pooled
// connection runs with PRAGMA secure_delete=ON, so SQLite overwrites the
// deleted rows with zeros, and revision_text has FTS5's secure-delete, so
// the index keeps no word of a deleted document. The -wal still holds the
// pages as they were before: the delete flags the database, and the store
// empties the -wal with a truncating checkpoint, retried until no reader
// of another process keeps it from finishing (wal.go).

// metaDeletions is the meta key counting the delete transactions.
const metaDeletions = "deletions"

// DeleteRevision removes one revision of an entry, its values and its
// search document. The newest revision left (by save time, then seq)
// becomes current; when none is left, the entry is removed as DeleteEntry
// does. An unknown id is an error matching ErrNotFound.
func (s *Store) DeleteRevision(ctx context.Context, revisionID string) error {
	err := s.deleteTx(ctx, func(tx *sql.Tx) error {
		var entryID string
		err := tx.QueryRowContext(ctx, `SELECT entry_id FROM revisions WHERE id = ?`, revisionID).Scan(&entryID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("revision %q: %w", revisionID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		var current, saved string
		err = tx.QueryRowContext(ctx, `
			SELECT id, saved_at FROM revisions WHERE entry_id = ? AND id <> ?
			ORDER BY `+workbook.RevisionNewestFirst+` LIMIT 1`, entryID, revisionID).Scan(&current, &saved)
		if errors.Is(err, sql.ErrNoRows) {
			return deleteEntry(ctx, tx, entryID)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE entries SET current_id = ?, saved_at = ? WHERE id = ?`, current, saved, entryID); err != nil {
			return err
		}
		return deleteRevision(ctx, tx, revisionID)
	})
	if err != nil {
		return fmt.Errorf("store: delete revision: %w", err)
	}
	return nil
}

// DeleteEntry removes an entry, every revision of it and its draft. An
// unknown id is an error matching ErrNotFound.
func (s *Store) DeleteEntry(ctx context.Context, entryID string) error {
	err := s.deleteTx(ctx, func(tx *sql.Tx) error {
		return deleteEntry(ctx, tx, entryID)
	})
	if err != nil {
		return fmt.Errorf("store: delete entry: %w", err)
	}
	return nil
}

// DeleteRun removes a run, its pauses, its entries with their revisions,
// and its drafts. An unknown id is an error matching ErrNotFound.
func (s *Store) DeleteRun(ctx context.Context, runID string) error {
	err := s.deleteTx(ctx, func(tx *sql.Tx) error {
		if err := runExists(ctx, tx, runID); err != nil {
			return err
		}
		ids, err := queryStrings(ctx, tx, `SELECT id FROM entries WHERE run_id = ?`, runID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := deleteEntry(ctx, tx, id); err != nil {
				return err
			}
		}
		for _, q := range []string{
			`DELETE FROM drafts WHERE run_id = ?`,
			`DELETE FROM pauses WHERE run_id = ?`,
			`DELETE FROM runs WHERE id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, runID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: delete run: %w", err)
	}
	return nil
}

// deleteTx runs fn in one write transaction that may delete revisions,
// counts it in meta.deletions, flags the -wal as holding deleted text, and
// then empties the -wal (wal.go).
func (s *Store) deleteTx(ctx context.Context, fn func(*sql.Tx) error) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deleting (id) VALUES (1)`); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO meta (key, value) VALUES (?1, '1')
			ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`,
			metaDeletions); err != nil {
			return err
		}
		if err := flagDelete(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM deleting`)
		return err
	})
	if err != nil {
		return err
	}
	// The delete has committed: the checkpoint is the store's to finish.
	if !s.tryTruncate(ctx) {
		s.truncate.start(s)
	}
	return nil
}

// deleteEntry removes an entry, its revisions and its drafts.
func deleteEntry(ctx context.Context, tx *sql.Tx, entryID string) error {
	var runID, exercise string
	err := tx.QueryRowContext(ctx, `SELECT run_id, exercise FROM entries WHERE id = ?`, entryID).Scan(&runID, &exercise)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("entry %q: %w", entryID, ErrNotFound)
	}
	if err != nil {
		return err
	}
	// entries.current_id refers to a revision, and revisions to the
	// entry: let go of the current revision first.
	if _, err := tx.ExecContext(ctx,
		`UPDATE entries SET current_id = NULL, saved_at = NULL WHERE id = ?`, entryID); err != nil {
		return err
	}
	revs, err := queryStrings(ctx, tx, `SELECT id FROM revisions WHERE entry_id = ?`, entryID)
	if err != nil {
		return err
	}
	for _, id := range revs {
		if err := deleteRevision(ctx, tx, id); err != nil {
			return err
		}
	}
	if err := deleteDrafts(ctx, tx, runID, exercise, entryID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM entries WHERE id = ?`, entryID)
	return err
}

// deleteRevision removes a revision that is no entry's current one: its
// document from the index and revision_docs, its values and itself.
func deleteRevision(ctx context.Context, tx *sql.Tx, revisionID string) error {
	// FTS5's external-content delete needs the very text indexed.
	for _, q := range []string{
		`INSERT INTO revision_text (revision_text, rowid, text)
			SELECT 'delete', doc, text FROM revision_docs WHERE revision_id = ?`,
		`DELETE FROM revision_docs WHERE revision_id = ?`,
		`DELETE FROM revision_values WHERE revision_id = ?`,
		`DELETE FROM revisions WHERE id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, revisionID); err != nil {
			return err
		}
	}
	return nil
}

// queryStrings returns the one text column of the rows of query.
func queryStrings(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
