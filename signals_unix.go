//go:build unix

package main

import (
	"os"
	"syscall"
)

// hangup is the signal a closed terminal sends.
var hangup = []os.Signal{syscall.SIGHUP}
