package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"autonomy/store"
	"autonomy/workbook"

	"github.com/spf13/cobra"
)

// nextCmd prints where the run stands and the next step, the words of
// Home, on one line: for a shell prompt, cron or notify-send. It reads
// the database without writing it or waiting for a writer. serve runs it
// for a client too, on the workbook it serves (wb; nil for the command's
// own: --workbook, $AUTONOMY_WORKBOOK or the built-in guide).
func nextCmd(dbFlag *string, wb *workbook.Workbook) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "next",
		Short: "Print where your run stands and the next step, on one line (for a prompt or cron)",
		Example: "  autonomy next\n" +
			"  autonomy next --format json | jq -r .next.title\n" +
			"  notify-send autonomy \"$(autonomy next)\"",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "line" && format != "json" {
				return fmt.Errorf("unknown --format %q (want line or json)", format)
			}
			wb := wb
			if wb == nil {
				var err error
				if wb, err = workbookOf(cmd); err != nil {
					return err
				}
			}
			path, err := dbPath(*dbFlag, wb.ID)
			if err != nil {
				return err
			}
			wh, err := whereOn(cmd.Context(), path, wb, workbook.SystemClock.Today())
			if err != nil {
				return err
			}
			return printWhere(cmd.OutOrStdout(), wb, wh, format)
		},
	}
	c.Flags().StringVar(&format, "format", "line", "line (one line of text) or json (for scripts)")
	return c
}

// whereOn reads where the person stands on today from the database at
// path, read-only and without waiting: a prompt must never hang behind
// another process. A missing or empty database is no run yet.
func whereOn(ctx context.Context, path string, wb *workbook.Workbook, today workbook.Date) (workbook.Where, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || (err == nil && fi.Mode().IsRegular() && fi.Size() == 0) {
		return wb.Where(workbook.Overview{}, today), nil
	}
	st, err := store.OpenWith(path, store.Options{ReadOnly: true, Wait: -1, Workbook: wb.ID})
	if errors.Is(err, store.ErrNeedsMigration) {
		return workbook.Where{}, fmt.Errorf("%s is of an earlier version: open the workbook once to upgrade it", path)
	}
	if err != nil {
		return workbook.Where{}, err
	}
	defer st.Close()
	if err := checkOwner(ctx, st, wb); err != nil {
		return workbook.Where{}, err
	}
	if err := st.SetExercises(ctx, wb.Exercises); err != nil {
		return workbook.Where{}, err
	}
	o, err := st.Overview(ctx, today)
	if err != nil {
		return workbook.Where{}, err
	}
	return wb.Where(o, today), nil
}

// nextJSON is what `autonomy next --format json` prints.
type nextJSON struct {
	Line   string `json:"line"`
	Status string `json:"status"` // none, active, paused, not-started, complete or closed
	Run    int    `json:"run,omitempty"`
	Day    int    `json:"day,omitempty"`
	Days   int    `json:"days"`
	Phase  string `json:"phase,omitempty"`
	Next   step   `json:"next"`
}

type step struct {
	Kind     string `json:"kind"` // workbook.StepKind's names: start-run, resume, close, exercise, report, read, check-in, done
	Title    string `json:"title"`
	Exercise string `json:"exercise,omitempty"`
	Section  string `json:"section,omitempty"`
	Or       *step  `json:"or,omitempty"`
}

func stepOf(s workbook.Step) step {
	out := step{Kind: s.Kind.String(), Title: workbook.SanitizeLine(s.What()), Exercise: s.Exercise, Section: s.Section}
	if s.Alt != nil {
		alt := stepOf(*s.Alt)
		out.Or = &alt
	}
	return out
}

// printWhere writes wh as one line, or as JSON.
func printWhere(w io.Writer, wb *workbook.Workbook, wh workbook.Where, format string) error {
	if format == "line" {
		_, err := fmt.Fprintln(w, wb.Line(wh))
		return err
	}
	out := nextJSON{Line: wb.Line(wh), Status: "none", Days: wb.Program.Days(), Next: stepOf(wh.Step)}
	if wh.Run != nil {
		out.Status = strings.ReplaceAll(wh.State.Status.String(), " ", "-")
		out.Run, out.Day, out.Phase = wh.Run.Number, wh.State.Day, wb.Program.PhaseTitle(wh.State.Phase)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
