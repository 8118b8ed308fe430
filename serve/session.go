package serve

import (
	"context"
	"fmt"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
	"charm.land/wish/v2/bubbletea"
)

// goodbye is what an open session reads when the server stops under it.
const goodbye = "autonomy: the server is stopping; what you were typing is kept as a draft. Connect again soon."

// runTUI runs the workbook for one terminal session, until the person
// quits, the connection drops or idles out, or the server drains; then
// App.End keeps the draft, whichever it was.
func (s *Server) runTUI(sess *session) {
	sess.what = "workbook"
	pty, winch, _ := sess.Pty()
	app, err := s.cfg.TUI(Session{
		Person:  sess.person,
		DBPath:  s.DBPath(sess.person),
		Width:   pty.Window.Width,
		Height:  pty.Window.Height,
		Environ: append(sess.Environ(), "TERM="+pty.Term),
	})
	if err != nil {
		s.refuse(sess, "workbook: could not start", err.Error())
		return
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	stop := context.AfterFunc(s.drainCtx, cancel)
	defer stop()
	// The client's signals are not the server's: Bubble Tea must not trap
	// this process's SIGINT or SIGTERM for one session. Panics are ours to
	// catch, as locally: Bubble Tea's handler would print the panic's
	// value, which may hold answer text, to the server's stderr.
	opts := append([]tea.ProgramOption{
		tea.WithContext(ctx), tea.WithFPS(120), tea.WithoutSignalHandler(), tea.WithoutCatchPanics(),
	}, bubbletea.MakeOptions(sess)...)
	p := tea.NewProgram(app.Model, opts...)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case w, ok := <-winch:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	final, crash, stack := runProgram(p, app.Model)
	cancel()
	endErr := app.End(final)
	if crash != nil {
		sess.what = "workbook: stopped by a bug"
		s.cfg.Log.Printf("session of %s stopped by a panic of type %T (value not logged: it may hold answer text)\n%s", sess.person, crash, stack)
		fmt.Fprintln(sess.Stderr(), "autonomy: this session stopped on a bug; what could be kept is kept.")
	}
	if s.drainCtx.Err() != nil {
		fmt.Fprintln(sess, "\n"+goodbye)
	}
	if endErr != nil {
		s.refuse(sess, "workbook: "+sess.what, endErr.Error())
		return
	}
	code := 0
	if crash != nil {
		code = 1
	}
	_ = sess.Exit(code)
}

// runProgram runs the program and catches a panic in Update or View: the
// terminal is restored and the model comes back as it last was, so its
// draft can be kept.
func runProgram(p *tea.Program, m tea.Model) (final tea.Model, crash any, stack []byte) {
	defer func() {
		if r := recover(); r != nil {
			stack = debug.Stack() // where it panicked, while unwinding
			p.Kill()
			final, crash = m, r
		}
	}()
	final, _ = p.Run()
	if final == nil {
		final = m
	}
	return final, nil, nil
}

// runCommand runs an allow-listed command with the client's stdin and
// stdout; anything else is refused with one line.
func (s *Server) runCommand(sess *session, args []string) {
	cmd, ok := s.cfg.Commands[args[0]]
	if !ok {
		s.refuse(sess, "refused: not a command here", "not a command here; the commands are: "+s.commandList()+" (or none, with ssh -t, for the workbook)")
		return
	}
	sess.what = "command " + args[0]
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				s.cfg.Log.Printf("command %s of %s stopped by a panic of type %T (value not logged)\n%s", args[0], sess.person, r, debug.Stack())
				err = fmt.Errorf("%s stopped on a bug", args[0])
			}
		}()
		return cmd(sess.Context(), Call{
			Person: sess.person, DBPath: s.DBPath(sess.person), Args: args[1:],
			Stdin: sess, Stdout: sess, Stderr: sess.Stderr(),
		})
	}()
	if err != nil {
		s.refuse(sess, sess.what+": failed", err.Error())
		return
	}
	_ = sess.Exit(0)
}
