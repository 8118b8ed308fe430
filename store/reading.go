package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"autonomy/workbook"
)

// MarkRead records that a section was read to its end. The first time
// counts; marking it again changes nothing.
func (s *Store) MarkRead(ctx context.Context, sectionID string, now time.Time) error {
	err := func() error {
		if sectionID == "" {
			return errors.New("no section given")
		}
		stamp, err := formatTime(now)
		if err != nil {
			return err
		}
		return s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO read_sections (section, read_at) VALUES (?, ?)
				ON CONFLICT (section) DO NOTHING`, sectionID, stamp)
			return err
		})
	}()
	if err != nil {
		return fmt.Errorf("store: mark %s read: %w", sectionID, err)
	}
	return nil
}

// ReadSections is the set of sections read to their end.
func (s *Store) ReadSections(ctx context.Context) (map[string]bool, error) {
	var read map[string]bool
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		read, err = readSections(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: read sections: %w", err)
	}
	return read, nil
}

func readSections(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT section FROM read_sections`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	read := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		read[id] = true
	}
	return read, rows.Err()
}

// LoadPlace returns where the person was, or the zero Place when nothing
// was saved.
func (s *Store) LoadPlace(ctx context.Context) (workbook.Place, error) {
	var p workbook.Place
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx,
			"SELECT screen, section, block FROM place WHERE id = 1",
		).Scan(&p.Screen, &p.Section, &p.Block)
		if errors.Is(err, sql.ErrNoRows) {
			p = workbook.Place{}
			return nil
		}
		return err
	})
	if err != nil {
		return workbook.Place{}, fmt.Errorf("store: load place: %w", err)
	}
	return p, nil
}

// SavePlace records where the person is.
func (s *Store) SavePlace(ctx context.Context, p workbook.Place) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO place (id, screen, section, block) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET
				screen = excluded.screen,
				section = excluded.section,
				block = excluded.block`,
			string(p.Screen), p.Section, p.Block)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: save place: %w", err)
	}
	return nil
}
