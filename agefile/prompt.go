package agefile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/signal"

	"github.com/charmbracelet/x/term"
)

// Prompter asks for a passphrase without showing it.
type Prompter interface {
	Passphrase(prompt string) ([]byte, error)
}

// ErrNoTerminal: a passphrase is asked on a terminal, and there is none.
var ErrNoTerminal = errors.New("a passphrase is asked on the terminal, and there is none here; use --recipient (or --identity) instead")

// NewPassphrase asks for a new passphrase, twice.
func NewPassphrase(p Prompter) ([]byte, error) {
	first, err := p.Passphrase("Passphrase for the encrypted copy: ")
	if err != nil {
		return nil, err
	}
	if len(first) == 0 {
		return nil, errors.New("no passphrase given; nothing was written")
	}
	again, err := p.Passphrase("The same passphrase again: ")
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(first, again) {
		return nil, errors.New("the two passphrases differ; nothing was written")
	}
	return first, nil
}

// Terminal asks on the controlling terminal (/dev/tty), with echo off, so
// that it works while stdin and stdout are files or pipes. Never from an
// argument or the environment, where other users and logs can see it.
type Terminal struct{}

// Passphrase asks once.
func (Terminal) Passphrase(prompt string) ([]byte, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, ErrNoTerminal
	}
	defer tty.Close()
	fd := tty.Fd()
	if !term.IsTerminal(fd) {
		return nil, ErrNoTerminal
	}
	// ctrl+c while echo is off would leave the terminal silent: give it
	// back as it was, then stop as an interrupt does.
	state, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	defer signal.Stop(stop)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-stop:
			term.Restore(fd, state)
			fmt.Fprintln(tty)
			os.Exit(130)
		case <-done:
		}
	}()
	fmt.Fprint(tty, prompt)
	pass, err := term.ReadPassword(fd)
	fmt.Fprintln(tty)
	if err != nil {
		return nil, err
	}
	return pass, nil
}
