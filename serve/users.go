package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// validName is what a person's name in the users file may be: it names
// their directory under --data, so nothing that could climb out of it.
var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// userTable maps each key (its wire form) to the person it belongs to.
type userTable struct {
	byKey  map[string]string
	people int
}

// parseUsers reads a users file: one key a line, `name key-type base64
// [comment]`; blank lines and lines starting with # are skipped. A person
// may have several lines (one per machine); a key may belong to one person
// only.
func parseUsers(data []byte) (userTable, error) {
	t := userTable{byKey: map[string]string{}}
	names := map[string]bool{}
	folded := map[string]string{} // a name's directory on a case-insensitive disk
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, rest, _ := strings.Cut(line, " ")
		if !validName.MatchString(name) {
			return userTable{}, fmt.Errorf("line %d: %q is not a name (letters, digits, '.', '_', '-'; starting with a letter or digit)", n, name)
		}
		key, _, options, _, err := gossh.ParseAuthorizedKey([]byte(strings.TrimSpace(rest)))
		if err != nil {
			return userTable{}, fmt.Errorf("line %d: %s's key: %v", n, name, err)
		}
		if len(options) > 0 {
			return userTable{}, fmt.Errorf("line %d: options such as %s mean nothing here; write the name, then the key", n, options[0])
		}
		if other, ok := folded[strings.ToLower(name)]; ok && other != name {
			return userTable{}, fmt.Errorf("line %d: %s and %s differ only in case, and would share a directory on some disks", n, other, name)
		}
		folded[strings.ToLower(name)] = name
		k := string(key.Marshal())
		if other, ok := t.byKey[k]; ok && other != name {
			return userTable{}, fmt.Errorf("line %d: this key is already %s's; one key is one person", n, other)
		}
		t.byKey[k] = name
		names[name] = true
	}
	if err := sc.Err(); err != nil {
		return userTable{}, err
	}
	t.people = len(names)
	return t, nil
}

// fileStamp tells whether a file changed since it was read.
type fileStamp struct {
	mod  time.Time
	size int64
	ino  uint64
	mode os.FileMode
}

func stampOf(fi os.FileInfo) fileStamp {
	return fileStamp{mod: fi.ModTime(), size: fi.Size(), ino: inode(fi), mode: fi.Mode()}
}

// users is the users file, read again whenever it changed: every
// authentication looks at the file's stamp first, so a key added or
// removed counts from the next connection on, with no signal to send.
type users struct {
	path string
	logf func(format string, args ...any)

	mu    sync.Mutex
	stamp fileStamp
	table userTable
	err   error // the file as it is now could not be read: everyone is refused
}

func newUsers(path string, logf func(string, ...any)) (*users, error) {
	u := &users{path: path, logf: logf}
	u.refresh()
	if u.err != nil {
		return nil, fmt.Errorf("users file %s: %w", path, u.err)
	}
	return u, nil
}

// refresh reads the file again if it changed. A file that no longer
// parses refuses everyone until it is fixed (a half-written edit must not
// let a removed key in), and says so in the log once.
func (u *users) refresh() {
	fi, err := os.Stat(u.path)
	if err != nil {
		u.fail(err)
		return
	}
	st := stampOf(fi)
	if u.err == nil && st == u.stamp && u.table.byKey != nil {
		return
	}
	// Whoever can write the file can let anyone in.
	if fi.Mode().Perm()&0o022 != 0 {
		u.fail(fmt.Errorf("others can write to it (mode %04o): chmod go-w it", fi.Mode().Perm()))
		return
	}
	data, err := os.ReadFile(u.path)
	if err != nil {
		u.fail(err)
		return
	}
	t, err := parseUsers(data)
	if err != nil {
		u.fail(err)
		return
	}
	first := u.table.byKey == nil
	u.stamp, u.table, u.err = st, t, nil
	if !first {
		u.logf("users file %s read again: %d people, %d keys", u.path, t.people, len(t.byKey))
	}
}

func (u *users) fail(err error) {
	if u.err == nil || u.err.Error() != err.Error() {
		u.logf("users file %s: %v; refusing every key until it is fixed", u.path, err)
	}
	u.err = err
	u.stamp = fileStamp{}
}

// lookup is the person a key belongs to, reading the file again first if
// it changed.
func (u *users) lookup(key gossh.PublicKey) (string, bool) {
	if key == nil {
		return "", false
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.refresh()
	if u.err != nil {
		return "", false
	}
	name, ok := u.table.byKey[string(key.Marshal())]
	return name, ok
}

// count is how many people and keys the file holds now.
func (u *users) count() (people, keys int, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.refresh()
	if u.err != nil {
		return 0, 0, u.err
	}
	return u.table.people, len(u.table.byKey), nil
}

var errNoUsers = errors.New("no users file: give one with --users FILE (lines of `name ssh-ed25519 AAAA… comment`)")
