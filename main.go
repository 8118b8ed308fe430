// Command autonomy is a terminal workbook for the guide "Leadership, Work,
// and Autonomy: Growing in the Real World". main only wires the parts:
// flags, the database path, the store, the content and the TUI.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"autonomy/agefile"
	"autonomy/content"
	"autonomy/store"
	"autonomy/tui"
	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

var version = "0.1.0"

// errNeedsTerminal is printed as one line when the TUI cannot start.
var errNeedsTerminal = errors.New("needs a terminal to open the workbook; to print the guide instead, run: autonomy read")

func main() {
	// SQLite creates -wal, -shm and VACUUM INTO files with the process
	// umask: make everything the app writes private.
	store.SetUmask()
	root := rootCmd()
	var failed error
	sayErrorsHere(root, &failed)
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(version), fang.WithErrorHandler(printError))
	if failed != nil {
		printError(os.Stderr, fang.Styles{}, failed)
	}
	if err != nil || failed != nil {
		os.Exit(1)
	}
}

// sayErrorsHere makes each command of cmd keep its error in failed for
// main to print, and return none to fang: before it prints an error, fang
// asks the terminal for its background colour, which on a terminal that
// does not answer holds the exit 2 seconds while it reads stdin, and
// printError uses no colour. (A mistake in the flags still goes through
// fang: cobra finds it before any command runs.)
func sayErrorsHere(cmd *cobra.Command, failed *error) {
	if run := cmd.RunE; run != nil {
		cmd.RunE = func(c *cobra.Command, args []string) error {
			*failed = run(c, args)
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		sayErrorsHere(sub, failed)
	}
}

// printError writes an error as one plain line: it often names a file, and
// fang's default handler would restyle and capitalise it.
func printError(w io.Writer, _ fang.Styles, err error) {
	fmt.Fprintf(w, "autonomy: %s\n", err)
}

func rootCmd() *cobra.Command { return rootCmdAsking(agefile.Terminal{}) }

// rootCmdAsking is the CLI with passphrases asked through ask (the
// terminal; tests give their own).
func rootCmdAsking(ask agefile.Prompter) *cobra.Command {
	var dbFlag string
	var accessibleFlag bool
	root := &cobra.Command{
		Use:   "autonomy",
		Short: "A workbook for Leadership, Work, and Autonomy",
		Long: "A terminal workbook for the guide “Leadership, Work, and Autonomy: Growing in the Real World”.\n" +
			"Read the guide, work through its 30-day program, and come back to review.\n" +
			"Your answers stay in a private SQLite file (see `autonomy path`).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if accessibleMode(accessibleFlag) {
				runAccessible(cmd, dbFlag)
				return nil
			}
			wb, err := workbookOf(cmd)
			if err != nil {
				return err
			}
			if !hasTerminal() {
				return errNeedsTerminal
			}
			path, err := dbPath(dbFlag, wb.ID)
			if err != nil {
				return err
			}
			return runTUI(cmd.Context(), wb, path)
		},
	}
	root.Flags().BoolVar(&accessibleFlag, "accessible", false, "plain lines for screen readers and pipes: a numbered menu, one question at a time, no escape sequences (also ACCESSIBLE=1)")
	root.PersistentFlags().StringVar(&dbFlag, "db", "", "database file (default $AUTONOMY_DB, else $XDG_DATA_HOME/autonomy/<the workbook's id>.db: autonomy.db for the built-in guide)")
	root.PersistentFlags().String(workbookFlag, "", "a workbook directory with guide.md and exercises.json, instead of the built-in guide (default $AUTONOMY_WORKBOOK; see autonomy check)")
	root.AddCommand(readCmd(), pathCmd(&dbFlag), nextCmd(&dbFlag, nil), checkCmd(), exportCmd(&dbFlag, ask), importCmd(&dbFlag, ask), backupCmd(&dbFlag, ask), serveCmd(&dbFlag))
	return root
}

func pathCmd(dbFlag *string) *cobra.Command {
	return &cobra.Command{
		Use:   "path",
		Short: "Print the path of the database file",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			wb, err := workbookOf(cmd)
			if err != nil {
				return err
			}
			path, err := dbPath(*dbFlag, wb.ID)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), path)
			return err
		},
	}
}

func readCmd() *cobra.Command {
	var list bool
	var width int
	c := &cobra.Command{
		Use:     "read [SECTION]",
		Short:   "Print the guide, or one section (by number or title words), to stdout",
		Example: "  autonomy read --list\n  autonomy read 6\n  autonomy read safety boundary | less",
		RunE: func(cmd *cobra.Command, args []string) error {
			wb, err := workbookOf(cmd)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if list {
				for _, s := range wb.Sections {
					fmt.Fprintf(out, "%d  %s\n", s.Number, s.Title)
				}
				return nil
			}
			sections := wb.Sections
			title := wb.Title
			if len(args) > 0 {
				q := strings.Join(args, " ")
				s, ok := wb.FindSection(q)
				if !ok {
					return fmt.Errorf("no section matches %q; see: autonomy read --list", q)
				}
				sections, title = []workbook.Section{s}, ""
			}
			isTTY := isTerminal(os.Stdout)
			if width <= 0 {
				width = 80
				if isTTY {
					if w, _, err := term.GetSize(os.Stdout.Fd()); err == nil && w > 0 {
						width = min(w, 100)
					}
				}
			}
			style := tui.PrintStylePlain
			if isTTY && os.Getenv("NO_COLOR") == "" {
				style = tui.PrintStyleDark
				if theme, _ := tui.ParseTheme(os.Getenv("AUTONOMY_THEME")); theme == tui.ThemeLight {
					style = tui.PrintStyleLight
				}
			}
			return tui.PrintGuide(out, title, sections, width, style)
		},
	}
	c.Flags().BoolVar(&list, "list", false, "list the sections with their numbers")
	c.Flags().IntVar(&width, "width", 0, "wrap at N columns (default: the terminal's width up to 100, else 80)")
	return c
}

// loadWorkbook loads the built-in guide.
func loadWorkbook() (*workbook.Workbook, error) {
	wb, err := workbook.Load(content.FS)
	if err != nil {
		return nil, fmt.Errorf("the built-in content is broken: %w", err)
	}
	return wb, nil
}

func isTerminal(f *os.File) bool { return term.IsTerminal(f.Fd()) }

// hasTerminal is true when the TUI can draw to stdout and read keys from
// stdin or, failing that, from the controlling terminal.
func hasTerminal() bool {
	if !isTerminal(os.Stdout) {
		return false
	}
	if isTerminal(os.Stdin) {
		return true
	}
	in, out, err := tea.OpenTTY()
	if err != nil {
		return false
	}
	in.Close()
	out.Close()
	return true
}

func runTUI(ctx context.Context, wb *workbook.Workbook, path string) error {
	state, err := prepareStateDir()
	if err != nil {
		return err
	}
	// The database opens in a command, so the first frame does not wait
	// for it; a refusal ends the program with the store's message.
	theme, err := tui.ParseTheme(os.Getenv("AUTONOMY_THEME"))
	if err != nil {
		return err
	}
	m := tui.New(tui.Options{
		Workbook:  wb,
		NoColor:   os.Getenv("NO_COLOR") != "",
		Theme:     theme,
		StateDir:  state,
		PanicTest: os.Getenv("AUTONOMY_PANIC_TEST"),
		Open:      openForTUI(wb, path),
	})
	// Bubble Tea traps SIGINT and SIGTERM but not SIGHUP (a closed
	// terminal): ending the program through its context restores the
	// terminal and hands back the model, whose draft is saved below.
	ctx, stop := signal.NotifyContext(ctx, hangup...)
	defer stop()
	// 120 frames a second: the first frame and each key show up to 8 ms
	// sooner than at the default 60. Panics are ours to catch: Bubble
	// Tea's handler would print the panic's value, which may hold answer
	// text.
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithFPS(120), tea.WithoutCatchPanics())
	final, crash, runErr := runProgram(p, m)
	fm, ok := final.(*tui.Model)
	if !ok {
		return runErr
	}
	if crash == nil {
		crash = fm.Crash()
	}
	if crash != nil {
		return crashed(fm, crash, state)
	}
	if fm.Err() != nil {
		return fm.Err()
	}
	if st, ok := fm.Store().(*store.Store); ok && st != nil {
		defer st.Close()
		// Whatever ended the program (q, ctrl+c, SIGTERM, SIGHUP), keep
		// the open form as a draft and the reading place.
		if err := saveOnExit(st, fm); err != nil && runErr == nil {
			runErr = err
		}
	}
	if runErr != nil && !errors.Is(runErr, tea.ErrInterrupted) && !errors.Is(runErr, tea.ErrProgramKilled) {
		return runErr
	}
	return nil
}

// openForTUI opens the store for the TUI, in its first command.
func openForTUI(wb *workbook.Workbook, path string) func() (tui.Store, workbook.Place, error) {
	return func() (tui.Store, workbook.Place, error) {
		st, _, err := openStore(context.Background(), path, wb, useTUI, nil)
		if err != nil {
			return nil, workbook.Place{}, err
		}
		place, err := st.LoadPlace(context.Background())
		if err != nil {
			st.Close()
			return nil, workbook.Place{}, err
		}
		return st, place, nil
	}
}

// saveOnExit writes what the model still holds: the form as a draft, and
// where the person was.
func saveOnExit(st *store.Store, m *tui.Model) error {
	ctx := context.Background()
	if d, ok := m.PendingDraft(); ok {
		if err := st.SaveDraft(ctx, d); err != nil {
			return fmt.Errorf("could not keep your draft: %w", err)
		}
	}
	return st.SavePlace(ctx, m.Place())
}

// stateDir is $XDG_STATE_HOME/autonomy (~/.local/state/autonomy when
// unset): the $EDITOR files live there while they are open. It is "" when
// neither is an absolute path: then there is no state dir, rather than
// one under the current directory.
func stateDir() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := homeDir()
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "autonomy")
}

// prepareStateDir makes the state dir (0700) and removes $EDITOR files a
// crash left there: they hold answer text.
func prepareStateDir() (string, error) {
	state := stateDir()
	if state == "" {
		return "", nil
	}
	if err := os.MkdirAll(state, 0o700); err != nil {
		return "", err
	}
	tui.ClearEditorLeftovers(state)
	return state, nil
}

// newModel builds the TUI on a store opened by openStore, where the person
// left off.
func newModel(ctx context.Context, st *store.Store, wb *workbook.Workbook) (*tui.Model, error) {
	place, err := st.LoadPlace(ctx)
	if err != nil {
		return nil, err
	}
	state, err := prepareStateDir()
	if err != nil {
		return nil, err
	}
	return tui.New(tui.Options{
		Workbook: wb,
		Store:    st,
		Place:    place,
		NoColor:  os.Getenv("NO_COLOR") != "",
		StateDir: state,
	}), nil
}

// runProgram runs the program and catches a panic in Update or View: the
// terminal is restored, and the model (a pointer, as current as it was)
// comes back so its draft can be kept.
func runProgram(p *tea.Program, m *tui.Model) (final tea.Model, crash *tui.Crash, err error) {
	defer func() {
		if r := recover(); r != nil {
			c := tui.NewCrash(r)
			p.Kill()
			final, crash, err = m, &c, nil
		}
	}()
	final, err = p.Run()
	return final, nil, err
}

// crashed keeps the draft, writes the panic's type and stack (never its
// value) to a log in the state dir, and says so in one line.
func crashed(m *tui.Model, c *tui.Crash, state string) error {
	kept := "nothing was open"
	if st, ok := m.Store().(*store.Store); ok && st != nil {
		defer st.Close()
		if err := saveOnExit(st, m); err != nil {
			kept = "the draft could not be kept: " + err.Error()
		} else if _, open := m.PendingDraft(); open {
			kept = "your draft is kept"
		}
	}
	log := "no log (no state directory)"
	if state != "" {
		logFile := filepath.Join(state, "crash-"+time.Now().UTC().Format("20060102-150405")+".log")
		body := fmt.Sprintf("autonomy %s crashed: a panic of type %s\n\n%s", version, c.Type, c.Stack)
		if err := os.WriteFile(logFile, []byte(body), 0o600); err == nil {
			log = "details (no answer text) in " + logFile
		}
	}
	return fmt.Errorf("stopped by a bug; %s; %s", kept, log)
}
