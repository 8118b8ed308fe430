package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"autonomy/agefile"
	"autonomy/exchange"
	"autonomy/workbook"

	"github.com/spf13/cobra"
)

func exportCmd(dbFlag *string, ask agefile.Prompter) *cobra.Command {
	var format, out string
	var run int
	var all bool
	var include, exclude []string
	var seal sealing
	c := &cobra.Command{
		Use:   "export",
		Short: "Write a run as a Markdown report to share, or everything as JSON",
		Example: "  autonomy export -o report.md\n" +
			"  autonomy export --run 1 --exclude feedback,reports\n" +
			"  autonomy export --format json -o backup.json\n" +
			"  autonomy export --encrypt -o all.age",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// An encrypted copy is one to keep or to move: everything,
			// unless a report is asked for.
			if seal.on() && !cmd.Flags().Changed("format") {
				format = "json"
			}
			if format != "md" && format != "json" {
				return fmt.Errorf("--format %q: want md or json", format)
			}
			sel, err := selection(include, exclude)
			if err != nil {
				return err
			}
			wb, err := workbookOf(cmd)
			if err != nil {
				return err
			}
			st, ctx, err := openStore(cmd.Context(), *dbFlag, wb, useRead, waitNotice(cmd))
			if err != nil {
				return err
			}
			defer st.Close()
			a, err := st.Archive(ctx)
			if err != nil {
				return err
			}
			if run > 0 || (format == "md" && !all) {
				a, err = pickRun(a, run)
				if err != nil {
					return err
				}
			}
			var b bytes.Buffer
			if format == "json" {
				err = exchange.EncodeJSON(&b, wb, a)
			} else {
				for i, r := range a.Runs {
					if i > 0 {
						b.WriteString("\n---\n\n")
					}
					if err = exchange.EncodeMarkdown(&b, wb, r, sel); err != nil {
						break
					}
				}
			}
			if err != nil {
				return err
			}
			data := b.Bytes()
			if seal.on() {
				if data, err = sealBytes(data, seal, ask, out, cmd.OutOrStdout()); err != nil {
					return err
				}
			}
			if out == "" || out == "-" {
				_, err = cmd.OutOrStdout().Write(data)
				return err
			}
			if err := exchange.WriteFile(out, data); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Wrote %s\n", out)
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "md", "md (a report of one run) or json (everything, for import; the default with --encrypt)")
	c.Flags().StringVarP(&out, "output", "o", "", "write to FILE (atomically, mode 0600) instead of stdout")
	c.Flags().IntVar(&run, "run", 0, "the run to export (default: the current one, open or last started; json: every run)")
	c.Flags().BoolVar(&all, "all", false, "every run (the default for json)")
	c.Flags().StringSliceVar(&include, "include", nil, "only these parts of the report: "+partNames())
	c.Flags().StringSliceVar(&exclude, "exclude", nil, "leave these parts out of the report")
	seal.addFlags(c.Flags())
	return c
}

func partNames() string {
	var names []string
	for _, p := range exchange.Parts() {
		names = append(names, p.Name())
	}
	return strings.Join(names, ",")
}

func selection(include, exclude []string) (map[exchange.Part]bool, error) {
	parse := func(names []string) ([]exchange.Part, error) {
		var out []exchange.Part
		for _, n := range names {
			p, err := exchange.ParsePart(n)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		return out, nil
	}
	in, err := parse(include)
	if err != nil {
		return nil, err
	}
	ex, err := parse(exclude)
	if err != nil {
		return nil, err
	}
	return exchange.Selection(in, ex), nil
}

// pickRun keeps one run of the archive: number n, or the current one
// (workbook.CurrentRun) for 0.
func pickRun(a workbook.Archive, n int) (workbook.Archive, error) {
	if len(a.Runs) == 0 {
		return a, errors.New("no run yet: start one in the workbook first")
	}
	if n == 0 {
		runs := make([]workbook.Run, len(a.Runs))
		for i, r := range a.Runs {
			runs[i] = r.Run
		}
		n = workbook.CurrentRun(runs).Number
	}
	for _, r := range a.Runs {
		if r.Run.Number == n {
			return workbook.Archive{Runs: []workbook.RunArchive{r}}, nil
		}
	}
	return a, fmt.Errorf("no run %d (there are %d)", n, len(a.Runs))
}

func importCmd(dbFlag *string, ask agefile.Prompter) *cobra.Command {
	var how opening
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Add what a JSON export (encrypted or not) holds and this database lacks; nothing is overwritten",
		Long: "Add what a JSON export holds and this database lacks; nothing is overwritten.\n" +
			"FILE may be an age file (autonomy export --encrypt): its passphrase is asked, or --identity opens it.\n" +
			"FILE - reads stdin.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			wb, err := workbookOf(cmd)
			if err != nil {
				return err
			}
			name := args[0]
			var f *os.File // nil for stdin
			if name == "-" {
				name = "stdin"
			} else {
				if f, err = exchange.OpenFile(name); err != nil {
					return err
				}
				defer f.Close()
			}
			prog := newProgress(cmd.ErrOrStderr(), name, f)
			var in io.Reader = cmd.InOrStdin()
			if f != nil {
				in = prog.file(f)
			}
			defer prog.done()
			// An encrypted file is opened first: a wrong passphrase or
			// key stops here, before any database is opened.
			r, err := how.open(in, name, ask)
			if err != nil {
				return err
			}
			// A database is made only for a file that imports: where
			// there is none yet, the whole file is checked first, a pass
			// that writes nothing, so that a bad file leaves no empty
			// database behind. (A database is never removed, not even
			// one this command just made: another process may have
			// opened it already.)
			if r, err = checkBeforeCreating(*dbFlag, r, wb, prog); err != nil {
				return fmt.Errorf("nothing imported from %s: %w", name, err)
			}
			st, ctx, err := openStore(cmd.Context(), *dbFlag, wb, useWrite, waitNotice(cmd))
			if err != nil {
				return err
			}
			defer st.Close()
			// The file is read as a stream, each record checked and
			// written as it comes, in one transaction: a problem anywhere
			// in it, and nothing is added.
			res, err := st.ImportFrom(ctx, func(im workbook.Importer) error {
				return exchange.ReadJSON(r, wb, prog.importer(im))
			})
			prog.done()
			if err != nil {
				return fmt.Errorf("nothing imported from %s: %w", name, err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), importSummary(res, name))
			return nil
		},
	}
	c.Flags().StringVar(&how.identity, "identity", "", "open an age file with this key: an age identity file (AGE-SECRET-KEY-1…) or an SSH private key")
	return c
}

// checkBeforeCreating checks the whole of r (exchange.CheckOnly) when the
// database db (as --db gives it) does not exist yet, and returns what the
// import then reads: r itself, where it was, when it seeks (a file that is
// not encrypted); else what the check read, kept in memory (stdin, or a
// decrypted file: memory as large as the file, only when there is no
// database). With a database, it returns r and reads nothing. The check
// costs a read of the file, about a third of an import (BENCHMARKS.md).
func checkBeforeCreating(db string, r io.Reader, wb *workbook.Workbook, prog *progress) (io.Reader, error) {
	path, err := dbPath(db, wb.ID)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return r, nil // it exists, or the store's open will say what is wrong
	}
	prog.checking(true)
	defer prog.checking(false)
	check := func(r io.Reader) error { return exchange.ReadJSON(r, wb, prog.importer(exchange.CheckOnly{})) }
	if rs, start, ok := seeker(r); ok {
		if err := check(rs); err != nil {
			return nil, err
		}
		_, err = rs.Seek(start, io.SeekStart)
		return rs, err
	}
	var kept bytes.Buffer
	if err := check(io.TeeReader(r, &kept)); err != nil {
		return nil, err
	}
	return prog.reread(kept.Bytes()), nil
}

// importSummary says what an import added and changed.
func importSummary(res workbook.ImportResult, name string) string {
	var changed []string
	if res.Closed > 0 {
		changed = append(changed, "closed "+workbook.Plural(res.Closed, "run"))
	}
	if res.Resumed > 0 {
		changed = append(changed, "resumed "+workbook.Plural(res.Resumed, "pause"))
	}
	change := strings.Join(changed, " and ")
	if res.Runs+res.Pauses+res.Entries+res.Revisions == 0 {
		if change == "" {
			return fmt.Sprintf("Nothing new: everything in %s is already here.", name)
		}
		return fmt.Sprintf("Nothing to add, but %s as %s has it.", change, name)
	}
	added := fmt.Sprintf("Imported %s, %s, %s, %s", workbook.Plural(res.Runs, "run"), workbook.Plural(res.Pauses, "pause"),
		workbook.Plural(res.Entries, "entry"), workbook.Plural(res.Revisions, "revision"))
	if change == "" {
		return added + "."
	}
	return fmt.Sprintf("%s; %s as %s has it.", added, change, name)
}

func backupCmd(dbFlag *string, ask agefile.Prompter) *cobra.Command {
	var seal sealing
	c := &cobra.Command{
		Use:   "backup [FILE]",
		Short: "Write a consistent copy of the database (safe while the workbook is open), encrypted with --encrypt",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			wb, err := workbookOf(cmd)
			if err != nil {
				return err
			}
			st, ctx, err := openStore(cmd.Context(), *dbFlag, wb, useRead, waitNotice(cmd))
			if err != nil {
				return err
			}
			defer st.Close()
			var to string
			if seal.on() {
				to, err = encryptedBackup(ctx, st, args, seal, ask)
			} else if len(args) == 1 {
				// Never over a database's files, a pipe or a device.
				if to, err = args[0], exchange.CheckTarget(args[0]); err == nil {
					err = st.Backup(ctx, to)
				}
			} else if to, err = st.BackupBeside(ctx, time.Now()); errors.Is(err, fs.ErrPermission) {
				err = fmt.Errorf("%w; give the copy another place: autonomy backup FILE", err)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), to)
			return nil
		},
	}
	seal.addFlags(c.Flags())
	return c
}

// seeker returns r as a ReadSeeker and where it is, when it truly seeks:
// stdin is an *os.File whether it is a file or a pipe, and a pipe's Seek
// fails ("illegal seek").
func seeker(r io.Reader) (io.ReadSeeker, int64, bool) {
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		return nil, 0, false
	}
	at, err := rs.Seek(0, io.SeekCurrent)
	return rs, at, err == nil
}
