package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// hostKey loads the server's ed25519 key from keyFile, creating it on first
// start: the directory 0700, the file 0600, never overwriting a file that
// exists. created says it is new, so its fingerprint can be announced.
func hostKey(keyFile string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(keyFile)
	if errors.Is(err, os.ErrNotExist) {
		data, err = newHostKey(keyFile)
		created = err == nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("host key %s: %w", keyFile, err)
	}
	if fi, err := os.Stat(keyFile); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, false, fmt.Errorf("host key %s: mode %04o lets others read it; chmod 600 it", keyFile, fi.Mode().Perm())
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("host key %s: %w", keyFile, err)
	}
	return signer, created, nil
}

func newHostKey(keyFile string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(keyFile), 0o700); err != nil {
		return nil, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "autonomy serve host key")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	f, err := os.OpenFile(keyFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(keyFile)
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(keyFile)
		return nil, err
	}
	return data, f.Close()
}
