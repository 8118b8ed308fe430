package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"autonomy/workbook"
)

// Runs lists every run by start date (then id), with its pauses (oldest
// first) and its challenge fields, read by workbook.Run.ApplyChallenge from
// the current answer of its entry of the run-start exercise (the one
// workbook.NewestEntry picks, should there be two). A start date that is
// empty or not a date is the zero Date. Before SetExercises the store does
// not know that exercise, and runs come without their challenge fields.
func (s *Store) Runs(ctx context.Context) ([]workbook.Run, error) {
	var runs []workbook.Run
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		runs, err = s.readRuns(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: runs: %w", err)
	}
	return runs, nil
}

func (s *Store) readRuns(ctx context.Context, tx *sql.Tx) ([]workbook.Run, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, number, started_at, closed_at FROM runs ORDER BY started_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var runs []workbook.Run
	index := map[string]int{}
	for rows.Next() {
		var r workbook.Run
		var started string
		var closed *string
		if err := rows.Scan(&r.ID, &r.Number, &started, &closed); err != nil {
			return nil, err
		}
		if r.StartedAt, err = parseTime(started); err != nil {
			return nil, err
		}
		if r.ClosedAt, err = parseNullTime(closed); err != nil {
			return nil, err
		}
		index[r.ID] = len(runs)
		runs = append(runs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = tx.QueryContext(ctx, `
		SELECT id, run_id, from_date, to_date, paused_at, resumed_at
		FROM pauses ORDER BY run_id, paused_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p workbook.Pause
		var runID, from, paused string
		var to, resumed *string
		if err := rows.Scan(&p.ID, &runID, &from, &to, &paused, &resumed); err != nil {
			return nil, err
		}
		var ok bool
		if p.From, ok = parseDate(from); !ok {
			return nil, fmt.Errorf("stored date %q", from)
		}
		if p.To, err = parseNullDate(to); err != nil {
			return nil, err
		}
		if p.PausedAt, err = parseTime(paused); err != nil {
			return nil, err
		}
		if p.ResumedAt, err = parseNullTime(resumed); err != nil {
			return nil, err
		}
		if i, ok := index[runID]; ok {
			runs[i].Pauses = append(runs[i].Pauses, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	start := s.runStart.Load()
	if start == nil {
		return runs, nil
	}
	// The scalar fields of the current revision of each run's entry of
	// the run-start exercise: one index lookup a run (migration 0006).
	rows, err = tx.QueryContext(ctx, `
		SELECT r.id, v.field, v.position, v.item_id, v.ref, v.kind, v.value
		FROM runs r
		JOIN entries e ON e.id = (SELECT id FROM entries
			WHERE run_id = r.id AND exercise = ?
			ORDER BY `+workbook.EntryNewestFirst+` LIMIT 1)
		JOIN revision_values v ON v.revision_id = e.current_id AND v.kind <> 'list'
		ORDER BY r.id`, start.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	vals := map[string][]valueRow{}
	for rows.Next() {
		var runID string
		var v valueRow
		if err := rows.Scan(&runID, &v.field, &v.position, &v.itemID, &v.ref, &v.kind, &v.value); err != nil {
			return nil, err
		}
		vals[runID] = append(vals[runID], v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for runID, v := range vals {
		if i, ok := index[runID]; ok {
			runs[i].ApplyChallenge(*start, rowsAnswer(v))
		}
	}
	return runs, nil
}

// StartRun creates run number max+1 and its challenge entry, whose first
// revision is a, and removes the start-run draft. challenge must be the
// run-start exercise (workbook.RoleRunStart, kind "run"). It refuses with
// ErrRunOpen while a run is open.
func (s *Store) StartRun(ctx context.Context, challenge workbook.Exercise, a workbook.Answer, now time.Time) (workbook.Run, error) {
	run, err := s.startRun(ctx, challenge, a, now)
	if err != nil {
		return workbook.Run{}, fmt.Errorf("store: start run: %w", err)
	}
	return run, nil
}

func (s *Store) startRun(ctx context.Context, challenge workbook.Exercise, a workbook.Answer, now time.Time) (workbook.Run, error) {
	if challenge.ID == "" || challenge.Role != workbook.RoleRunStart || challenge.Kind != workbook.KindRun {
		return workbook.Run{}, fmt.Errorf("exercise %q (kind %q) does not start a run", challenge.ID, challenge.Kind)
	}
	vals, err := answerRows(challenge, a)
	if err != nil {
		return workbook.Run{}, err
	}
	stamp, err := formatTime(now)
	if err != nil {
		return workbook.Run{}, err
	}
	date, err := formatDate(dateOf(now))
	if err != nil {
		return workbook.Run{}, err
	}
	run := workbook.Run{ID: newID(), StartedAt: now.UTC()}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var open bool
		if err := tx.QueryRowContext(ctx,
			`SELECT EXISTS (SELECT 1 FROM runs WHERE closed_at IS NULL)`).Scan(&open); err != nil {
			return err
		}
		if open {
			return ErrRunOpen
		}
		if err := tx.QueryRowContext(ctx,
			`SELECT coalesce(max(number), 0) + 1 FROM runs`).Scan(&run.Number); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO runs (id, number, started_at) VALUES (?, ?, ?)`,
			run.ID, run.Number, stamp); err != nil {
			return err
		}
		entryID := newID()
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO entries (id, run_id, exercise, date, created_at, phase) VALUES (?, ?, ?, ?, ?, ?)`,
			entryID, run.ID, challenge.ID, date, stamp, s.phase(challenge)); err != nil {
			return err
		}
		if err := insertRevision(ctx, tx, newID(), entryID, 1, stamp, vals); err != nil {
			return err
		}
		return deleteDrafts(ctx, tx, "", challenge.ID, "")
	})
	if err != nil {
		return workbook.Run{}, err
	}
	run.ApplyChallenge(challenge, rowsAnswer(vals))
	return run, nil
}

func runExists(ctx context.Context, tx *sql.Tx, runID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM runs WHERE id = ?`, runID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("run %q: %w", runID, ErrNotFound)
	}
	return nil
}

// PauseRun opens a pause of the run from the day on (the day of now when
// on is zero). It refuses with ErrPaused when the run is paused already,
// ErrRunClosed when it is closed.
func (s *Store) PauseRun(ctx context.Context, runID string, on workbook.Date, now time.Time) error {
	err := s.pauseRun(ctx, runID, on, now)
	if err != nil {
		return fmt.Errorf("store: pause run: %w", err)
	}
	return nil
}

func (s *Store) pauseRun(ctx context.Context, runID string, on workbook.Date, now time.Time) error {
	stamp, err := formatTime(now)
	if err != nil {
		return err
	}
	if on == (workbook.Date{}) {
		on = dateOf(now)
	}
	from, err := formatDate(on)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var closed *string
		err := tx.QueryRowContext(ctx, `SELECT closed_at FROM runs WHERE id = ?`, runID).Scan(&closed)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("run %q: %w", runID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if closed != nil {
			return ErrRunClosed
		}
		var paused bool
		if err := tx.QueryRowContext(ctx,
			`SELECT EXISTS (SELECT 1 FROM pauses WHERE run_id = ? AND to_date IS NULL)`,
			runID).Scan(&paused); err != nil {
			return err
		}
		if paused {
			return ErrPaused
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO pauses (id, run_id, from_date, paused_at) VALUES (?, ?, ?, ?)`,
			newID(), runID, from, stamp)
		return err
	})
}

// ResumeRun closes the run's open pause on the day on (the day of now when
// on is zero). It refuses with ErrNotPaused when the run is not paused. It
// takes on as given, even when before the day the pause began: resuming
// must always be possible. The time it records is now, but never before
// the pause's own (a clock set back), which an import of the export would
// refuse.
func (s *Store) ResumeRun(ctx context.Context, runID string, on workbook.Date, now time.Time) error {
	err := s.resumeRun(ctx, runID, on, now)
	if err != nil {
		return fmt.Errorf("store: resume run: %w", err)
	}
	return nil
}

func (s *Store) resumeRun(ctx context.Context, runID string, on workbook.Date, now time.Time) error {
	stamp, err := formatTime(now)
	if err != nil {
		return err
	}
	if on == (workbook.Date{}) {
		on = dateOf(now)
	}
	to, err := formatDate(on)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := runExists(ctx, tx, runID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`UPDATE pauses SET to_date = ?, resumed_at = max(?, paused_at) WHERE run_id = ? AND to_date IS NULL`,
			to, stamp, runID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNotPaused
		}
		return nil
	})
}
