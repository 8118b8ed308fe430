package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
)

// WriteCopy writes a consistent copy of the database to w as one SQLite
// file, and nothing to disk: the pages of one read transaction, as Backup
// writes them, but into w. Before the first byte, the same transaction
// runs PRAGMA integrity_check, so the pages written are those of a
// database that passed it. For an encrypted backup, w is an age writer:
// no plaintext copy of the database ever exists on disk.
func (s *Store) WriteCopy(ctx context.Context, w io.Writer) error {
	err := s.read(ctx, func(tx *sql.Tx) error {
		problems, err := integrityFindings(ctx, tx)
		if err != nil {
			return err
		}
		if problems != "" {
			return fmt.Errorf("the database is damaged, so no copy was made: %s", problems)
		}
		return writePages(ctx, tx, w)
	})
	if err != nil {
		return fmt.Errorf("store: copy %s: %w", s.path, err)
	}
	return nil
}

// integrityFindings runs PRAGMA integrity_check: "" when it says ok, else
// its findings.
func integrityFindings(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (string, error) {
	rows, err := q.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(lines) == 1 && lines[0] == "ok" {
		return "", nil
	}
	return strings.Join(lines, "; "), nil
}
