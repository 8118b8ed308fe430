package main

import (
	"fmt"
	"os"
	"strings"

	"autonomy/tui/plain"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

// accessibleMode reports whether accessible mode is asked for: by
// --accessible, or by ACCESSIBLE set to anything but "", 0 or false (huh's
// convention).
func accessibleMode(flag bool) bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv("ACCESSIBLE"))) {
	case "", "0", "false", "no":
		return flag
	}
	return true
}

// runAccessible runs the workbook as plain lines (package tui/plain) on
// stdin and stdout, terminal or not: through a pipe it reads the answers
// from stdin, and writes each again after its question (as a terminal
// shows what is typed). It needs no terminal, so it never opens /dev/tty.
//
// An error is said here and ends the process: fang's error path asks the
// terminal for its background colour, and accessible mode writes no
// escape sequence at all.
func runAccessible(cmd *cobra.Command, dbFlag string) {
	if err := accessible(cmd, dbFlag); err != nil {
		fmt.Fprintf(os.Stderr, "autonomy: %s\n", err)
		os.Exit(1)
	}
}

func accessible(cmd *cobra.Command, dbFlag string) error {
	wb, err := workbookOf(cmd)
	if err != nil {
		return err
	}
	st, ctx, err := openStore(cmd.Context(), dbFlag, wb, useTUI, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	width, height := 80, 24
	if isTerminal(os.Stdout) {
		if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil && w > 0 && h > 0 {
			width, height = min(w, 100), h
		}
	}
	return plain.Run(ctx, plain.Options{Workbook: wb, Store: st, In: os.Stdin, Out: os.Stdout, Width: width, Height: height,
		Echo: !isTerminal(os.Stdin)})
}
