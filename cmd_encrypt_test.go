package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"autonomy/agefile"
	"autonomy/store"

	"filippo.io/age"
	gossh "golang.org/x/crypto/ssh"
)

// typed answers passphrase prompts, as a person at the terminal would.
type typed struct {
	answers []string
	asked   []string
}

func (p *typed) Passphrase(prompt string) ([]byte, error) {
	p.asked = append(p.asked, prompt)
	if len(p.answers) == 0 {
		return nil, errors.New("asked once too often")
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return []byte(a), nil
}

// runAsking runs the CLI in-process with passphrases typed by p.
func runAsking(t *testing.T, p agefile.Prompter, args ...string) (string, error) {
	t.Helper()
	root := rootCmdAsking(p)
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func exportJSON(t *testing.T, db string) []byte {
	t.Helper()
	out, err := run(t, nil, "--db", db, "export", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	return []byte(out)
}

func init() { passphraseWork = 10 } // quick scrypt in tests; the commands use age's default

func TestEncryptedExportToAPassphraseRoundTrips(t *testing.T) {
	dir := t.TempDir()
	db, sealed, fresh := filepath.Join(dir, "a.db"), filepath.Join(dir, "all.age"), filepath.Join(dir, "new.db")
	seed(t, db)
	want := exportJSON(t, db)

	p := &typed{answers: []string{"river stone", "river stone"}}
	// --encrypt exports everything (JSON) unless --format says otherwise.
	if out, err := runAsking(t, p, "--db", db, "export", "--encrypt", "-o", sealed); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(p.asked) != 2 {
		t.Fatalf("asked %q, want the passphrase twice", p.asked)
	}
	data, _ := os.ReadFile(sealed)
	if !bytes.HasPrefix(data, []byte(agefile.Header+"\n")) || bytes.Contains(data, []byte("A sentence, version")) {
		t.Fatalf("not an age file, or plaintext in it: %q", data[:min(len(data), 80)])
	}
	if fi, _ := os.Stat(sealed); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
	if _, err := runAsking(t, &typed{answers: []string{"river stone"}}, "--db", fresh, "import", sealed); err != nil {
		t.Fatal(err)
	}
	if got := exportJSON(t, fresh); !bytes.Equal(got, want) {
		t.Fatal("export → encrypt → import → export is not the same JSON")
	}
}

func TestEncryptedExportToKeysRoundTrips(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed(t, db)
	want := exportJSON(t, db)

	ageID, _ := age.GenerateX25519Identity()
	ageKey := filepath.Join(dir, "age-key.txt")
	os.WriteFile(ageKey, []byte(ageID.String()+"\n"), 0o600)
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, _ := gossh.MarshalPrivateKey(priv, "")
	sshKey := filepath.Join(dir, "id_ed25519")
	os.WriteFile(sshKey, pem.EncodeToMemory(block), 0o600)
	sshPub, _ := gossh.NewPublicKey(pub)
	recipients := filepath.Join(dir, "recipients")
	os.WriteFile(recipients, []byte("# me\n"+string(gossh.MarshalAuthorizedKey(sshPub))), 0o600)

	for _, c := range []struct {
		name     string
		flags    []string
		identity string
	}{
		{"age", []string{"--recipient", ageID.Recipient().String()}, ageKey},
		{"ssh-ed25519 from a recipients file", []string{"--recipients-file", recipients}, sshKey},
	} {
		t.Run(c.name, func(t *testing.T) {
			sealed, fresh := filepath.Join(t.TempDir(), "all.age"), filepath.Join(t.TempDir(), "new.db")
			never := &typed{}
			args := append([]string{"--db", db, "export", "--format", "json", "-o", sealed}, c.flags...)
			if out, err := runAsking(t, never, args...); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if _, err := runAsking(t, never, "--db", fresh, "import", "--identity", c.identity, sealed); err != nil {
				t.Fatal(err)
			}
			if len(never.asked) != 0 {
				t.Fatalf("a passphrase was asked: %q", never.asked)
			}
			if got := exportJSON(t, fresh); !bytes.Equal(got, want) {
				t.Fatal("not the same JSON after the round trip")
			}
			// Without its key, the file says what it needs.
			_, err := runAsking(t, never, "--db", fresh, "import", sealed)
			if err == nil || !strings.Contains(err.Error(), "encrypted to keys: give the one that opens it with --identity") {
				t.Fatalf("import without --identity: %v", err)
			}
		})
	}
}

// A wrong passphrase or key is one line, and the database is as it was;
// a database that did not exist is not created.
func TestWrongPassphraseChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db, sealed, other := filepath.Join(dir, "a.db"), filepath.Join(dir, "all.age"), filepath.Join(dir, "other.db")
	seed(t, db)
	if _, err := runAsking(t, &typed{answers: []string{"right", "right"}}, "--db", db, "export", "--format", "json", "--encrypt", "-o", sealed); err != nil {
		t.Fatal(err)
	}
	seed(t, other)
	before := exportJSON(t, other)
	_, err := runAsking(t, &typed{answers: []string{"wrong"}}, "--db", other, "import", sealed)
	if err == nil || !strings.Contains(err.Error(), "wrong passphrase or key") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("a wrong passphrase: %v", err)
	}
	if after := exportJSON(t, other); !bytes.Equal(before, after) {
		t.Fatal("a wrong passphrase changed the database")
	}
	fresh := filepath.Join(dir, "fresh.db")
	if _, err := runAsking(t, &typed{answers: []string{"wrong"}}, "--db", fresh, "import", sealed); err == nil {
		t.Fatal("a wrong passphrase imported")
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a wrong passphrase created %s: %v", fresh, err)
	}
	otherKey, _ := age.GenerateX25519Identity()
	keyFile := filepath.Join(dir, "key.txt")
	os.WriteFile(keyFile, []byte(otherKey.String()), 0o600)
	if _, err := runAsking(t, &typed{}, "--db", other, "import", "--identity", keyFile, sealed); err == nil || !strings.Contains(err.Error(), "wrong passphrase or key") {
		t.Fatalf("a wrong key: %v", err)
	}
	// Two different passphrases: nothing is written.
	again := filepath.Join(dir, "again.age")
	if _, err := runAsking(t, &typed{answers: []string{"one", "two"}}, "--db", db, "export", "--encrypt", "--format", "json", "-o", again); err == nil || !strings.Contains(err.Error(), "differ") {
		t.Fatalf("different passphrases: %v", err)
	}
	if _, err := os.Stat(again); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a file was written with two different passphrases")
	}
}

// An encrypted backup is the database: decrypted, it opens and passes
// integrity_check; the file on disk holds no plaintext.
func TestEncryptedBackupOpensAfterDecryption(t *testing.T) {
	dir := t.TempDir()
	db, sealed := filepath.Join(dir, "a.db"), filepath.Join(dir, "backup.db.age")
	seed(t, db)
	want := exportJSON(t, db)
	out, err := runAsking(t, &typed{answers: []string{"pw", "pw"}}, "--db", db, "backup", "--encrypt", sealed)
	if err != nil || strings.TrimSpace(out) != sealed {
		t.Fatalf("backup: %q %v", out, err)
	}
	data, _ := os.ReadFile(sealed)
	if bytes.Contains(data, []byte("SQLite format 3")) || bytes.Contains(data, []byte("A sentence, version")) {
		t.Fatal("plaintext in the encrypted backup")
	}
	if _, err := runAsking(t, &typed{answers: []string{"pw", "pw"}}, "--db", db, "backup", "--encrypt", sealed); err == nil || !strings.Contains(err.Error(), "not overwriting") {
		t.Fatalf("a second backup to the same file: %v", err)
	}
	id, _ := agefile.PassphraseIdentity([]byte("pw"))
	r, err := agefile.Decrypt(bufio.NewReader(bytes.NewReader(data)), id)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(t.TempDir(), "restored.db")
	if err := os.WriteFile(restored, plain, 0o600); err != nil {
		t.Fatal(err)
	}
	sdb, err := sql.Open("sqlite", "file:"+restored+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := sdb.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	sdb.Close()
	st, err := store.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if got := exportJSON(t, restored); !bytes.Equal(got, want) {
		t.Fatal("the decrypted backup does not hold the same workbook")
	}
	// Without a name, it goes beside the database, .age at the end.
	out, err = runAsking(t, &typed{answers: []string{"pw", "pw"}}, "--db", db, "backup", "--encrypt")
	if err != nil || !strings.HasSuffix(strings.TrimSpace(out), ".db.age") {
		t.Fatalf("backup --encrypt: %q %v", out, err)
	}
}

// An encrypted copy is not sent to a terminal; without one, a passphrase
// cannot be asked, and the line says what to do instead.
func TestPassphraseNeedsATerminal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	seed(t, db)
	root := rootCmdAsking(nil)
	root.SetArgs([]string{"--db", db, "export", "--encrypt", "-o", filepath.Join(dir, "x.age")})
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	if err := root.Execute(); !errors.Is(err, errNoPrompt) {
		t.Fatalf("no prompter: %v", err)
	}
}

// A plain file stays seekable through the check for encryption, at the
// place it was: import points at the line of a problem by seeking back.
func TestOpeningKeepsAPlainFileSeekable(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "plain")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString(`xx{"format":"autonomy/2"}`)
	f.Seek(2, io.SeekStart)
	r, err := opening{}.open(f, "plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	if r != io.Reader(f) {
		t.Fatalf("a plain file came back as a %T", r)
	}
	if at, _ := f.Seek(0, io.SeekCurrent); at != 2 {
		t.Fatalf("the file is at %d, want 2", at)
	}
	if _, err := (opening{identity: "key"}).open(f, "plain", nil); err == nil {
		t.Fatal("--identity on a plain file was taken")
	}
}
