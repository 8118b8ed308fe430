package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"autonomy/workbook"

	"github.com/spf13/cobra"
)

// workbookFlag names the persistent flag that chooses a workbook directory.
const workbookFlag = "workbook"

// workbookOf loads the workbook a command works on: the directory of
// --workbook, else of $AUTONOMY_WORKBOOK, else the built-in guide. A
// command run on its own (serve runs some) has no --workbook flag.
func workbookOf(cmd *cobra.Command) (*workbook.Workbook, error) {
	dir := os.Getenv("AUTONOMY_WORKBOOK")
	if f := cmd.Flags().Lookup(workbookFlag); f != nil && f.Changed {
		dir = f.Value.String()
	}
	if dir == "" {
		return loadWorkbook()
	}
	return loadWorkbookDir(dir)
}

// loadWorkbookDir loads and validates the workbook in dir. Its error names
// each problem's file by its path ("guide/exercises.json:41: ...").
func loadWorkbookDir(dir string) (*workbook.Workbook, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("workbook %s: %w", dir, errors.Unwrap(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("workbook %s: not a directory (a workbook is a directory with %s and %s)", dir, workbook.GuideFile, workbook.ExercisesFile)
	}
	wb, err := workbook.Load(os.DirFS(dir))
	var le *workbook.LoadError
	if errors.As(err, &le) {
		return nil, &workbookError{dir: dir, problems: le.Problems}
	}
	return wb, err
}

// workbookError is a workbook directory's problems, each naming its file
// by its path.
type workbookError struct {
	dir      string
	problems []workbook.Problem
}

func (e *workbookError) Error() string {
	lines := e.lines()
	if len(lines) == 1 {
		return lines[0]
	}
	return fmt.Sprintf("the workbook %s has %d problems:\n%s", e.dir, len(lines), strings.Join(lines, "\n"))
}

// lines are the problems, one a line: "dir/exercises.json:41: ...".
func (e *workbookError) lines() []string {
	out := make([]string, len(e.problems))
	for i, p := range e.problems {
		p.File = filepath.Join(e.dir, p.File)
		out[i] = p.String()
	}
	return out
}

// checkCmd validates a workbook directory and says what it found, or
// every problem with its file and line (and exits 1).
func checkCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check [DIR]",
		Short: "Check a workbook directory (guide.md and exercises.json) and say what it holds",
		Long: "Check a workbook directory (guide.md and exercises.json, documented in content/README.md):\n" +
			"print its sections, exercises and program, or every problem with its file and line.\n" +
			"Without DIR, the workbook of --workbook or $AUTONOMY_WORKBOOK, else the built-in guide.",
		Example: "  autonomy check examples/design-doc\n  autonomy --workbook examples/design-doc",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var wb *workbook.Workbook
			var err error
			where := "the built-in guide"
			if len(args) == 1 {
				where = args[0]
				wb, err = loadWorkbookDir(args[0])
			} else {
				wb, err = workbookOf(cmd)
			}
			if err != nil {
				return err
			}
			return describe(cmd.OutOrStdout(), where, wb)
		},
	}
}

// describe writes what a workbook holds: its title and id, its program,
// its sections and its exercises, as `autonomy check` prints them.
func describe(w io.Writer, where string, wb *workbook.Workbook) error {
	clean := workbook.SanitizeLine
	var b strings.Builder
	fmt.Fprintf(&b, "%s: “%s” (id %s)\n", where, clean(wb.Title), wb.ID)
	fmt.Fprintf(&b, "Program: %d days in %s:", wb.Program.Days(), workbook.Plural(len(wb.Program.Phases), "phase"))
	for i, p := range wb.Program.PhaseList() {
		first, last := wb.Program.PhaseDays(p)
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(&b, "%s %d %s (days %d-%d)", sep, p, clean(wb.Program.PhaseTitle(p)), first, last)
	}
	fmt.Fprintf(&b, "\n%s:\n", workbook.Plural(len(wb.Sections), "section"))
	for _, s := range wb.Sections {
		fmt.Fprintf(&b, "  %d  %s  (%s)\n", s.Number, clean(s.Title), s.ID)
	}
	fmt.Fprintf(&b, "%s:\n", workbook.Plural(len(wb.Exercises), "exercise"))
	for _, ex := range wb.Exercises {
		kind := string(ex.Kind)
		if ex.Phase > 0 {
			kind += fmt.Sprintf(", phase %d", ex.Phase)
		}
		if ex.Role != "" {
			kind += ", role " + string(ex.Role)
		}
		fmt.Fprintf(&b, "  %-18s %s (%s; %s) in section %d\n", ex.ID, clean(ex.Title), kind,
			workbook.Plural(len(ex.Fields), "field"), sectionNumber(wb, ex.Section))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sectionNumber(wb *workbook.Workbook, id string) int {
	s, _ := wb.Section(id)
	return s.Number
}
