//go:build !linux

package store

import (
	"errors"
	"os"
)

var errNoNameless = errors.New("no files without a name here")

func openNameless(string) (*os.File, error) { return nil, errNoNameless }

func linkNameless(*os.File, string) error { return errNoNameless }
