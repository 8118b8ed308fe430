//go:build !unix

package exchange

import "os"

// openNonblock: no named pipes to wait on.
const openNonblock = 0

// heldOpen: closing a file does not drop another handle's locks here.
func heldOpen(os.FileInfo) bool { return false }
