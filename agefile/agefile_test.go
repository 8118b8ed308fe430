package agefile

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
	gossh "golang.org/x/crypto/ssh"
)

// fastScrypt keeps the tests quick; files made by the commands use age's
// default.
const fastScrypt = 10

func seal(t *testing.T, plain []byte, rs ...age.Recipient) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := Encrypt(&b, rs...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), plain) {
		t.Fatal("the plaintext is in the encrypted file")
	}
	return b.Bytes()
}

func open(sealed []byte, ids ...age.Identity) ([]byte, error) {
	r, err := Decrypt(bufio.NewReader(bytes.NewReader(sealed)), ids...)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func TestPassphraseRoundTripAndWrongPassphrase(t *testing.T) {
	plain := []byte(`{"format":"autonomy","runs":[]}`)
	r, err := PassphraseRecipient([]byte("correct horse"), fastScrypt)
	if err != nil {
		t.Fatal(err)
	}
	sealed := seal(t, plain, r)
	br := bufio.NewReader(bytes.NewReader(sealed))
	if !IsEncrypted(br) || !IsPassphrase(br) {
		t.Fatal("not recognised as an age file to a passphrase")
	}
	if !strings.HasPrefix(string(sealed), Header+"\n") {
		t.Fatalf("header: %q", sealed[:30])
	}
	id, _ := PassphraseIdentity([]byte("correct horse"))
	got, err := open(sealed, id)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("decrypted %q, %v", got, err)
	}
	wrong, _ := PassphraseIdentity([]byte("correct hors"))
	if _, err := open(sealed, wrong); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("a wrong passphrase: %v, want ErrWrongKey", err)
	}
	if _, err := PassphraseRecipient(nil, 0); err == nil {
		t.Fatal("an empty passphrase was taken")
	}
}

func TestPlainFilesAreNotEncrypted(t *testing.T) {
	for _, s := range []string{`{"format":"autonomy"}`, "", "age-encryption.org/v", "# Run 1"} {
		if br := bufio.NewReader(strings.NewReader(s)); IsEncrypted(br) {
			t.Errorf("%q taken for an age file", s)
		}
	}
}

func writeSSHKey(t *testing.T, key any, passphrase string) string {
	t.Helper()
	var block *pem.Block
	var err error
	if passphrase == "" {
		block, err = gossh.MarshalPrivateKey(key, "test")
	} else {
		block, err = gossh.MarshalPrivateKeyWithPassphrase(key, "test", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func authorizedLine(t *testing.T, pub any) string {
	t.Helper()
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k))) + " someone@laptop"
}

func TestRecipientRoundTrips(t *testing.T) {
	plain := []byte("answers")
	ageID, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	agePath := filepath.Join(t.TempDir(), "age.txt")
	os.WriteFile(agePath, []byte("# created: now\n"+ageID.String()+"\n"), 0o600)

	edPub, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	edPath := writeSSHKey(t, edPriv, "")
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaPath := writeSSHKey(t, rsaKey, "")
	protPub, protPriv, _ := ed25519.GenerateKey(rand.Reader)
	protPath := writeSSHKey(t, protPriv, "key pass")

	for _, c := range []struct {
		name, recipient, identity string
		ask                       func() ([]byte, error)
	}{
		{"age", ageID.Recipient().String(), agePath, nil},
		{"ssh-ed25519", authorizedLine(t, edPub), edPath, nil},
		{"ssh-rsa", authorizedLine(t, &rsaKey.PublicKey), rsaPath, nil},
		{"a protected ssh-ed25519", authorizedLine(t, protPub), protPath, func() ([]byte, error) { return []byte("key pass"), nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs, err := ParseRecipients([]string{c.recipient}, nil)
			if err != nil {
				t.Fatal(err)
			}
			sealed := seal(t, plain, rs...)
			if IsPassphrase(bufio.NewReader(bytes.NewReader(sealed))) {
				t.Fatal("a file to keys taken for one to a passphrase")
			}
			ids, err := ReadIdentities(c.identity, c.ask)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := open(sealed, ids...); err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("decrypted %q, %v", got, err)
			}
			// Someone else's key opens nothing.
			other, _ := age.GenerateX25519Identity()
			if _, err := open(sealed, other); !errors.Is(err, ErrWrongKey) {
				t.Fatalf("another key: %v", err)
			}
		})
	}
}

func TestRecipientsFileAndSeveralRecipients(t *testing.T) {
	a, _ := age.GenerateX25519Identity()
	b, _ := age.GenerateX25519Identity()
	file := filepath.Join(t.TempDir(), "recipients")
	os.WriteFile(file, []byte("# the team\n\n"+b.Recipient().String()+"\n"), 0o600)
	rs, err := ParseRecipients([]string{a.Recipient().String()}, []string{file})
	if err != nil || len(rs) != 2 {
		t.Fatalf("%d recipients, %v", len(rs), err)
	}
	sealed := seal(t, []byte("for both"), rs...)
	for _, id := range []age.Identity{a, b} {
		if got, err := open(sealed, id); err != nil || string(got) != "for both" {
			t.Fatalf("%q %v", got, err)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad")
	os.WriteFile(bad, []byte(a.Recipient().String()+"\nnot a key\n"), 0o600)
	if _, err := ParseRecipients(nil, []string{bad}); err == nil || !strings.Contains(err.Error(), bad+":2:") {
		t.Fatalf("a bad line: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, []byte("# nobody\n"), 0o600)
	if _, err := ParseRecipients(nil, []string{empty}); err == nil {
		t.Fatal("a recipients file with no key was taken")
	}
	for _, k := range []string{"age1notakey", "ssh-dss AAAA", "AGE-SECRET-KEY-1XYZ", ""} {
		if _, err := ParseRecipients([]string{k}, nil); err == nil {
			t.Errorf("%q taken as a recipient", k)
		}
	}
}

func TestArmoredFilesOpen(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	var b bytes.Buffer
	aw := armor.NewWriter(&b)
	w, _ := Encrypt(aw, id.Recipient())
	io.WriteString(w, "armored")
	w.Close()
	aw.Close()
	br := bufio.NewReader(bytes.NewReader(b.Bytes()))
	if !IsEncrypted(br) {
		t.Fatal("an armored file is not recognised")
	}
	if got, err := open(b.Bytes(), id); err != nil || string(got) != "armored" {
		t.Fatalf("%q %v", got, err)
	}
}

type answers []string

func (a *answers) Passphrase(string) ([]byte, error) {
	if len(*a) == 0 {
		return nil, errors.New("asked too often")
	}
	s := (*a)[0]
	*a = (*a)[1:]
	return []byte(s), nil
}

func TestNewPassphraseAsksTwice(t *testing.T) {
	p := &answers{"secret", "secret"}
	if got, err := NewPassphrase(p); err != nil || string(got) != "secret" {
		t.Fatalf("%q %v", got, err)
	}
	if _, err := NewPassphrase(&answers{"secret", "secreT"}); err == nil || !strings.Contains(err.Error(), "differ") {
		t.Fatalf("different passphrases: %v", err)
	}
	if _, err := NewPassphrase(&answers{""}); err == nil {
		t.Fatal("an empty passphrase was taken")
	}
}
