// Package agefile makes and opens the encrypted copies of a workbook:
// age files (filippo.io/age) to a passphrase, or to public keys (age's own
// or SSH ed25519 and RSA keys). Everything streams: no plaintext is
// written anywhere on the way in or out.
package agefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"filippo.io/age/armor"
	gossh "golang.org/x/crypto/ssh"
)

// Header is how every (binary) age file begins.
const Header = "age-encryption.org/v1"

// ErrWrongKey: the passphrase or key given does not open the file.
var ErrWrongKey = errors.New("wrong passphrase or key: it does not open this file")

// IsEncrypted reports whether r starts as an age file, binary or armored,
// without consuming anything.
func IsEncrypted(r *bufio.Reader) bool {
	for _, h := range []string{Header, armor.Header} {
		if b, _ := r.Peek(len(h)); string(b) == h {
			return true
		}
	}
	return false
}

// IsPassphrase reports whether the age file r starts with is encrypted to
// a passphrase (rather than to keys), so the right question can be asked.
func IsPassphrase(r *bufio.Reader) bool {
	b, _ := r.Peek(256)
	if bytes.HasPrefix(b, []byte(armor.Header)) {
		// Armored: the stanza is inside base64; peek at its decoding.
		dec, _ := io.ReadAll(io.LimitReader(armor.NewReader(bytes.NewReader(b)), 128))
		b = dec
	}
	return bytes.Contains(b, []byte("\n-> scrypt "))
}

// PassphraseRecipient encrypts to a passphrase. workFactor is scrypt's
// log2(N); 0 takes age's default (about a second's work).
func PassphraseRecipient(pass []byte, workFactor int) (age.Recipient, error) {
	if len(pass) == 0 {
		return nil, errors.New("an empty passphrase protects nothing")
	}
	r, err := age.NewScryptRecipient(string(pass))
	if err != nil {
		return nil, err
	}
	if workFactor > 0 {
		r.SetWorkFactor(workFactor)
	}
	return r, nil
}

// PassphraseIdentity opens a file encrypted to a passphrase.
func PassphraseIdentity(pass []byte) (age.Identity, error) {
	return age.NewScryptIdentity(string(pass))
}

// ParseRecipient reads one public key: age's (age1…), or an SSH
// ed25519 or RSA key as in authorized_keys.
func ParseRecipient(s string) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "ssh-") {
		r, err := agessh.ParseRecipient(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", short(s), err)
		}
		return r, nil
	}
	rs, err := age.ParseRecipients(strings.NewReader(s))
	if err != nil || len(rs) != 1 {
		return nil, fmt.Errorf("%s: not an age public key (age1…) or an ssh-ed25519 or ssh-rsa key", short(s))
	}
	return rs[0], nil
}

// ParseRecipients reads the keys given one by one and those in files (one
// a line; blank lines and # comments skipped).
func ParseRecipients(keys, files []string) ([]age.Recipient, error) {
	var out []age.Recipient
	for _, k := range keys {
		r, err := ParseRecipient(k)
		if err != nil {
			return nil, fmt.Errorf("--recipient %w", err)
		}
		out = append(out, r)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		n := 0
		for i, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			r, err := ParseRecipient(line)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", f, i+1, err)
			}
			out = append(out, r)
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("%s holds no key", f)
		}
	}
	return out, nil
}

// ReadIdentities reads an --identity file: age secret keys
// (AGE-SECRET-KEY-1…), or an SSH private key; a passphrase-protected SSH
// key asks for its passphrase through ask, only if the file is for it.
func ReadIdentities(path string, ask func() ([]byte, error)) ([]age.Identity, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte("PRIVATE KEY-----")) {
		id, err := agessh.ParseIdentity(data)
		var missing *gossh.PassphraseMissingError
		if errors.As(err, &missing) {
			if missing.PublicKey == nil {
				return nil, fmt.Errorf("%s: a protected SSH key whose public key is not in the file; decrypt it with ssh-keygen -p first", path)
			}
			id, err = agessh.NewEncryptedSSHIdentity(missing.PublicKey, data, ask)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return []age.Identity{id}, nil
	}
	ids, err := age.ParseIdentities(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: not an age identity file (AGE-SECRET-KEY-1…) or an SSH private key: %w", path, err)
	}
	return ids, nil
}

// Encrypt returns a writer whose plaintext reaches w encrypted; Close
// finishes the file.
func Encrypt(w io.Writer, recipients ...age.Recipient) (io.WriteCloser, error) {
	return age.Encrypt(w, recipients...)
}

// Decrypt opens an age file with the identities given. A passphrase or
// key that does not fit is ErrWrongKey, before anything of the content is
// read; content that was tampered with fails as it is read.
func Decrypt(r *bufio.Reader, ids ...age.Identity) (io.Reader, error) {
	var src io.Reader = r
	if b, _ := r.Peek(len(armor.Header)); string(b) == armor.Header {
		src = armor.NewReader(r)
	}
	out, err := age.Decrypt(src, ids...)
	var noMatch *age.NoIdentityMatchError
	if errors.As(err, &noMatch) || errors.Is(err, age.ErrIncorrectIdentity) {
		return nil, ErrWrongKey
	}
	if err != nil {
		return nil, fmt.Errorf("not a readable age file: %w", err)
	}
	return out, nil
}

func short(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}
