package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"autonomy/agefile"
	"autonomy/exchange"
	"autonomy/store"

	"filippo.io/age"
	"github.com/spf13/pflag"
)

// passphraseWork is scrypt's work factor for a passphrase (log2 N); 0 is
// age's default, about a second. Tests lower it.
var passphraseWork = 0

// errNoPrompt: no terminal to ask a passphrase on (a served command).
var errNoPrompt = errors.New("no terminal here to ask for a passphrase")

// sealing is what the --encrypt flags of export and backup ask for.
type sealing struct {
	encrypt    bool
	recipients []string
	files      []string
}

func (s *sealing) addFlags(f *pflag.FlagSet) {
	f.BoolVar(&s.encrypt, "encrypt", false, "encrypt the copy (age): to a passphrase asked on the terminal, or to --recipient keys")
	f.StringArrayVar(&s.recipients, "recipient", nil, "encrypt to this public key: age1…, or ssh-ed25519/ssh-rsa as in authorized_keys (repeatable; implies --encrypt)")
	f.StringArrayVar(&s.files, "recipients-file", nil, "encrypt to the public keys in FILE, one a line (repeatable; implies --encrypt)")
}

func (s sealing) on() bool { return s.encrypt || len(s.recipients) > 0 || len(s.files) > 0 }

// to returns a writer that encrypts into w: to the recipients given, or
// else to a passphrase asked twice on the terminal. Nothing is written to
// w before the passphrase is settled.
func (s sealing) to(w io.Writer, ask agefile.Prompter) (io.WriteCloser, error) {
	rs, err := agefile.ParseRecipients(s.recipients, s.files)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		if ask == nil {
			return nil, errNoPrompt
		}
		pass, err := agefile.NewPassphrase(ask)
		if err != nil {
			return nil, err
		}
		r, err := agefile.PassphraseRecipient(pass, passphraseWork)
		if err != nil {
			return nil, err
		}
		rs = []age.Recipient{r}
	}
	return agefile.Encrypt(w, rs...)
}

// refuseTerminal: an encrypted copy is binary; it goes to a file or a
// pipe, not to the screen.
func refuseTerminal(w io.Writer) error {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return errors.New("an encrypted copy is not for the screen: give -o FILE, or redirect it (> all.age)")
	}
	return nil
}

// opening is how import opens an age file: --identity, or a passphrase.
type opening struct {
	identity string
}

// open returns what r holds: r itself when it is not an age file (still
// seekable when r is, so that import can point at the line of a
// problem), or its decryption. A wrong passphrase or key fails here,
// before anything of the content is read or any database opened.
func (o opening) open(r io.Reader, name string, ask agefile.Prompter) (io.Reader, error) {
	var br *bufio.Reader
	if rs, at, ok := seeker(r); ok {
		head := make([]byte, 512)
		n, _ := io.ReadFull(rs, head)
		if _, err := rs.Seek(at, io.SeekStart); err != nil {
			return nil, err
		}
		if !agefile.IsEncrypted(bufio.NewReader(bytes.NewReader(head[:n]))) {
			return o.plain(rs, name)
		}
		br = bufio.NewReader(rs)
	} else if br = bufio.NewReader(r); !agefile.IsEncrypted(br) {
		return o.plain(br, name)
	}
	var ids []age.Identity
	switch {
	case o.identity != "":
		var err error
		ids, err = agefile.ReadIdentities(o.identity, func() ([]byte, error) {
			if ask == nil {
				return nil, errNoPrompt
			}
			return ask.Passphrase("Passphrase of " + o.identity + ": ")
		})
		if err != nil {
			return nil, err
		}
	case !agefile.IsPassphrase(br):
		return nil, fmt.Errorf("%s is encrypted to keys: give the one that opens it with --identity FILE", name)
	case ask == nil:
		return nil, fmt.Errorf("%s is encrypted, and its passphrase cannot be asked here: decrypt it on your side first (age -d FILE | ssh … import)", name)
	default:
		pass, err := ask.Passphrase("Passphrase of " + name + ": ")
		if err != nil {
			return nil, err
		}
		id, err := agefile.PassphraseIdentity(pass)
		if err != nil {
			return nil, err
		}
		ids = []age.Identity{id}
	}
	out, err := agefile.Decrypt(br, ids...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; nothing imported", name, err)
	}
	return out, nil
}

func (o opening) plain(r io.Reader, name string) (io.Reader, error) {
	if o.identity != "" {
		return nil, fmt.Errorf("%s is not encrypted; --identity is for age files", name)
	}
	return r, nil
}

// sealBytes encrypts an export held in memory; the plaintext never
// reaches a file.
func sealBytes(data []byte, seal sealing, ask agefile.Prompter, out string, stdout io.Writer) ([]byte, error) {
	if out == "" || out == "-" {
		if err := refuseTerminal(stdout); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	w, err := seal.to(&b, ask)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encryptedBackup streams the database's pages through age: the only
// bytes written to disk are encrypted ones. Like backup, it never
// replaces a file; without a name, the copy goes beside the database.
func encryptedBackup(ctx context.Context, st *store.Store, args []string, seal sealing, ask agefile.Prompter) (string, error) {
	to := store.DefaultBackupPath(st.Path(), time.Now()) + ".age"
	if len(args) == 1 {
		to = args[0]
	}
	if _, err := os.Lstat(to); err == nil {
		return "", fmt.Errorf("%s: %w; not overwriting it", to, store.ErrExists)
	}
	var b bytes.Buffer
	w, err := seal.to(&b, ask)
	if err != nil {
		return "", err
	}
	if err := st.WriteCopy(ctx, w); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return to, exchange.WriteFile(to, b.Bytes())
}
