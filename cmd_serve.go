package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"autonomy/serve"
	"autonomy/store"
	"autonomy/tui"
	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func serveCmd(dbFlag *string) *cobra.Command {
	cfg := serve.Config{}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the workbook over SSH, each person in a users file to their own database",
		Long: "Serve the workbook over SSH: each person in the users file reaches their own database\n" +
			"from any of their keys, with `ssh -p PORT HOST` (the workbook) or `ssh -p PORT HOST export`.\n" +
			"Whoever runs the server can read every database under --data: serve only people who trust you.",
		Example: "  autonomy serve --users ~/.config/autonomy/users\n" +
			"  autonomy serve --listen 0.0.0.0:23234 --data /srv/autonomy",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if *dbFlag != "" {
				return errors.New("serve keeps each person's database under --data; --db does not apply")
			}
			wb, err := workbookOf(cmd) // the built-in guide, or --workbook DIR
			if err != nil {
				return err
			}
			state := stateDir()
			if state == "" || cfg.UsersFile == "" || cfg.DataDir == "" {
				return errNoServeDirs
			}
			cfg.HostKeyFile = filepath.Join(state, "ssh_host_ed25519_key")
			cfg.DBName = wb.ID + ".db" // as locally: each workbook its own database
			cfg.Log = log.New(cmd.ErrOrStderr(), "", log.LstdFlags)
			cfg.TUI = servedTUI(wb)
			cfg.Commands = servedCommands(wb)
			return runServer(cmd.Context(), cfg, cmd.OutOrStdout())
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.Listen, "listen", serve.DefaultListen, "address to listen on (HOST:PORT)")
	f.StringVar(&cfg.UsersFile, "users", xdgDir("XDG_CONFIG_HOME", ".config", "users"), "the users file: lines of `name ssh-ed25519 AAAA… comment`, read again when it changes")
	f.StringVar(&cfg.DataDir, "data", xdgDir("XDG_DATA_HOME", filepath.Join(".local", "share"), "served"), "where each person's database lives, as DIR/NAME/autonomy.db (another workbook: DIR/NAME/ID.db)")
	f.DurationVar(&cfg.IdleTimeout, "idle-timeout", serve.DefaultIdleTimeout, "end a connection after this long without keys or output (what was typed is kept as a draft)")
	f.IntVar(&cfg.MaxSessions, "max-sessions", serve.DefaultMaxSessions, "sessions one person may have open at once")
	return c
}

// runServer serves until SIGTERM, SIGINT or SIGHUP, then drains.
func runServer(ctx context.Context, cfg serve.Config, out io.Writer) error {
	if _, err := os.Stat(cfg.UsersFile); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no users file at %s: write one line per key, `name ssh-ed25519 AAAA… comment`, or give another with --users", cfg.UsersFile)
	}
	srv, err := serve.New(cfg)
	if err != nil {
		return err
	}
	addr, err := srv.Listen()
	if err != nil {
		return err
	}
	fp, created := srv.HostKey()
	if created {
		fmt.Fprintf(out, "Made a host key: %s\n", cfg.HostKeyFile)
	}
	people, keys, _ := srv.People()
	fmt.Fprintf(out, "Host key %s (ssh shows it on a first connection)\n", fp)
	who := workbook.Count(people) + " people"
	if people == 1 {
		who = "1 person"
	}
	fmt.Fprintf(out, "Serving %s (%s in %s); data in %s\n", who, workbook.Plural(keys, "key"), cfg.UsersFile, cfg.DataDir)
	if host, port, err := net.SplitHostPort(addr.String()); err == nil {
		fmt.Fprintf(out, "Listening on %s: ssh -p %s %s\n", addr, port, host)
	}
	ctx, stop := signal.NotifyContext(ctx, append([]os.Signal{os.Interrupt, syscall.SIGTERM}, hangup...)...)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(out, "Stopping: open forms are kept as drafts…")
	start := time.Now()
	err = srv.Shutdown()
	if serr := <-served; err == nil {
		err = serr
	}
	fmt.Fprintf(out, "Stopped in %s.\n", time.Since(start).Round(time.Millisecond))
	return err
}

// servedTUI builds the workbook for one SSH session: the person's
// database, the client's colours, and nothing that acts on the server's
// files or programs.
func servedTUI(wb *workbook.Workbook) func(serve.Session) (serve.App, error) {
	return func(s serve.Session) (serve.App, error) {
		theme, err := tui.ParseTheme(s.Getenv("AUTONOMY_THEME"))
		if err != nil {
			return serve.App{}, err
		}
		m := tui.New(tui.Options{
			Workbook: wb,
			NoColor:  s.Getenv("NO_COLOR") != "",
			Theme:    theme,
			Served:   true,
			Open:     openForTUI(wb, s.DBPath),
		})
		return serve.App{Model: m, End: endSession}, nil
	}
}

// endSession is what runTUI does once the program ends, for a session:
// the open form becomes a draft, the place is saved, the store closes.
func endSession(final tea.Model) error {
	m, ok := final.(*tui.Model)
	if !ok {
		return nil
	}
	if m.Err() != nil {
		return m.Err()
	}
	st, ok := m.Store().(*store.Store)
	if !ok || st == nil {
		return nil
	}
	defer st.Close()
	return saveOnExit(st, m)
}

// servedCommands are what a client may run without a terminal: the local
// commands themselves, on the person's database, with the client's stdin
// and stdout, and none of their flags that would touch the server's files
// (-o, --identity, --recipients-file) or ask on its terminal.
func servedCommands(wb *workbook.Workbook) map[string]serve.Command {
	return map[string]serve.Command{
		"export": func(ctx context.Context, c serve.Call) error {
			if err := servedExportFlags(c.Args); err != nil {
				return err
			}
			if _, err := os.Stat(c.DBPath); errors.Is(err, os.ErrNotExist) {
				return errors.New("no workbook here yet: open it once (ssh -t …), or import a file (ssh … import < all.json)")
			}
			db := c.DBPath
			return runServed(ctx, exportCmd(&db, nil), c.Args, c)
		},
		"import": func(ctx context.Context, c serve.Call) error {
			if len(c.Args) > 0 {
				return errors.New("import takes no arguments here: it reads the file from stdin (ssh … import < all.json)")
			}
			db := c.DBPath
			return runServed(ctx, importCmd(&db, nil), []string{"-"}, c)
		},
		// The person's next step on one line (--format json too), as
		// `autonomy next` says it locally: for their prompt or cron.
		"next": func(ctx context.Context, c serve.Call) error {
			db := c.DBPath
			return runServed(ctx, nextCmd(&db, wb), c.Args, c)
		},
	}
}

// servedExportFlags lets through the flags of export that only choose what
// is written to stdout.
func servedExportFlags(args []string) error {
	fs := pflag.NewFlagSet("export", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("format", "", "")
	fs.Int("run", 0, "")
	fs.Bool("all", false, "")
	fs.StringSlice("include", nil, "")
	fs.StringSlice("exclude", nil, "")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("export here takes --format md|json, --run N, --all, --include and --exclude, and writes to stdout (%v)", err)
	}
	return nil
}

// runServed runs a local command for an SSH client.
func runServed(ctx context.Context, cmd *cobra.Command, args []string, c serve.Call) error {
	cmd.SetArgs(args)
	cmd.SetIn(c.Stdin)
	cmd.SetOut(c.Stdout)
	cmd.SetErr(c.Stderr)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.ExecuteContext(ctx)
}

// errNoServeDirs: without an absolute XDG directory or home, the server
// would keep its key and people's data under the current directory.
var errNoServeDirs = errors.New("cannot find where to keep the host key and the data: set HOME (or the XDG_* directories), or give --users and --data")

// xdgDir is $ENV/autonomy/name, or ~/fallback/autonomy/name; "" without
// an absolute directory to start from.
func xdgDir(env, fallback, name string) string {
	dir := os.Getenv(env)
	if dir == "" || !filepath.IsAbs(dir) {
		home := homeDir()
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, fallback)
	}
	return filepath.Join(dir, "autonomy", name)
}
