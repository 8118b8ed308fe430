package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one schema step: migrations/NNNN_name.sql brings the
// database from user_version version-1 to version.
type migration struct {
	version int
	name    string
	sql     string
}

// embeddedMigrations are the migrations built into this binary, in order.
var embeddedMigrations = sync.OnceValues(func() ([]migration, error) {
	return loadMigrations(migrationFS, "migrations")
})

func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, errors.New("store: no migrations")
	}
	migs := make([]migration, 0, len(names))
	for i, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || len(num) != 4 || err != nil || v != i+1 {
			return nil, fmt.Errorf("store: migration %s: want a name %04d_*.sql", base, i+1)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		migs = append(migs, migration{version: v, name: base, sql: string(b)})
	}
	return migs, nil
}

// migrate brings the database to the last of migs. It checks the file
// again on the real connection, backs it up first when it holds answers
// and is not new, and runs each migration in its own transaction that also
// sets user_version and application_id.
func migrate(ctx context.Context, db *sql.DB, dbPath string, migs []migration) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return wrapOpen(dbPath, err)
	}
	defer conn.Close()
	st, err := readState(ctx, conn)
	if err != nil {
		return wrapOpen(dbPath, err)
	}
	if err := classify(dbPath, st, len(migs)); err != nil {
		return err
	}
	if st.version == len(migs) {
		return nil
	}
	if st.version > 0 {
		has, err := holdsAnswers(ctx, conn)
		if err != nil {
			return fmt.Errorf("store: %s: %w", dbPath, err)
		}
		if has {
			if _, err := backup(ctx, conn, dbPath, st.version); err != nil {
				return err
			}
		}
	}
	for _, m := range migs[st.version:] {
		if err := apply(ctx, conn, dbPath, m, len(migs)); err != nil {
			var r *refusal
			if errors.As(err, &r) {
				return err
			}
			return fmt.Errorf("store: %s: migration %s: %w", dbPath, m.name, err)
		}
	}
	return nil
}

func wrapOpen(dbPath string, err error) error {
	if isNotADB(err) {
		return notDatabase(dbPath, err)
	}
	return fmt.Errorf("store: open %s: %w", dbPath, err)
}

// apply runs m in one write transaction, unless another process did first.
func apply(ctx context.Context, conn *sql.Conn, dbPath string, m migration, known int) error {
	return inTx(ctx, conn, nil, func(tx *sql.Tx) error {
		st, err := readState(ctx, tx)
		if err != nil {
			return err
		}
		if err := classify(dbPath, st, known); err != nil {
			return err
		}
		if st.version >= m.version {
			return nil
		}
		if st.version != m.version-1 {
			return fmt.Errorf("database at schema %d, want %d", st.version, m.version-1)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID))
		return err
	})
}

// userTables are the tables whose rows are the person's data. Add a table
// here when a migration creates one. Pauses and revisions need no entry:
// they exist only with a run or an entry.
var userTables = []string{"place", "meta", "runs", "entries", "drafts", "read_sections"}

// holdsAnswers reports whether the database holds any of the person's
// data, which a migration must not lose: a row in any of userTables.
func holdsAnswers(ctx context.Context, q querier) (bool, error) {
	for _, t := range userTables {
		var n int
		err := q.QueryRowContext(ctx,
			"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", t).Scan(&n)
		if err != nil {
			return false, err
		}
		if n == 0 {
			continue
		}
		var has bool
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM "`+t+`")`).Scan(&has); err != nil {
			return false, err
		}
		if has {
			return true, nil
		}
	}
	return false, nil
}

// backup copies the database, as Backup does, to
// PATH.bak-vVERSION-YYYYMMDD-HHMMSS (UTC) next to it, with -2, -3, ...
// when that name is taken, and returns the name. The copy is mode 0600.
func backup(ctx context.Context, conn *sql.Conn, dbPath string, version int) (string, error) {
	base := fmt.Sprintf("%s.bak-v%d-%s", dbPath, version, time.Now().UTC().Format("20060102-150405"))
	name := func(i int) string {
		if i == 0 {
			return base
		}
		return fmt.Sprintf("%s-%d", base, i+1)
	}
	var path string
	err := inTx(ctx, conn, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
		var err error
		path, err = writeCopy(ctx, tx, filepath.Dir(dbPath), name, 1000)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: back up %s to %s: %w", dbPath, base, err)
	}
	return path, nil
}
