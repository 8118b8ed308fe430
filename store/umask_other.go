//go:build !unix

package store

// SetUmask does nothing on systems without a umask.
func SetUmask() {}
