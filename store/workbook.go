package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// metaWorkbook is the meta key of the id of the workbook whose answers the
// database holds, written when a store creates the database for a
// workbook (Options.Workbook). A database without it was created before
// workbooks had ids: it holds the built-in guide's answers.
const metaWorkbook = "workbook"

// ErrOtherWorkbook: the database holds the answers of another workbook.
var ErrOtherWorkbook = errors.New("the database holds the answers of another workbook")

// WorkbookID is the id of the workbook the database was created for; ""
// for a database created before workbooks had ids.
func (s *Store) WorkbookID(ctx context.Context) (string, error) {
	var id string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = workbookID(ctx, tx)
		return err
	})
	return id, err
}

func workbookID(ctx context.Context, q querier) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", metaWorkbook).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// claim checks that the database at path may hold the answers of the
// workbook id, and on a database just created (created) records that it
// does. A database of another workbook is refused, unchanged.
func claim(ctx context.Context, db *sql.DB, path, id string, created bool) error {
	if id == "" {
		return nil
	}
	owner, err := workbookID(ctx, db)
	if err != nil {
		return err
	}
	switch {
	case owner == id:
		return nil
	case owner != "":
		return otherWorkbook(path, owner, id)
	case !created:
		return nil // of a build before ids: the caller decides
	}
	// Another process may be creating it for a workbook at the same time:
	// the first to write wins, and the others check against it.
	if _, err := db.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, metaWorkbook, id); err != nil {
		return err
	}
	if owner, err = workbookID(ctx, db); err == nil && owner != id {
		err = otherWorkbook(path, owner, id)
	}
	return err
}

func otherWorkbook(path, owner, id string) error {
	return fmt.Errorf("%s holds the answers of the workbook %q, not of %q; refusing to mix them: choose another database with --db: %w",
		path, owner, id, ErrOtherWorkbook)
}
