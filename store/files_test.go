package store

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// fileCalls are the calls that open, create, copy, rename or delete a
// file by name (or copy a file's bytes), by import path and name. Only
// SQLite may do that to the database and its -wal and -shm: a copy of a
// live WAL database, a rename or a deletion of its -wal or -shm, loses
// commits or corrupts it. exchange.WriteFile, which renames a new file
// over its path, is one of them too.
var fileCalls = map[string][]string{
	"os":                    {"Remove", "RemoveAll", "Rename", "OpenFile", "Create", "CreateTemp", "WriteFile", "Truncate", "Link", "Symlink"},
	"io":                    {"Copy", "CopyN", "CopyBuffer"},
	"io/ioutil":             {"WriteFile", "TempFile"},
	"autonomy/exchange":     {"WriteFile"},
	"golang.org/x/sys/unix": {"Open", "Openat", "Creat", "Link", "Linkat", "Rename", "Renameat", "Unlink", "Unlinkat"},
}

// allowedFileCalls are the exceptions to the rule of
// TestStoreNeverTouchesDatabaseFilesItself, as "FILE: CALL" with the call
// as go/types prints it, and why each is allowed. A call that is not here
// fails the test; so does an exception that no longer matches a call.
var allowedFileCalls = map[string]string{
	// A backup is written to a new file without a name (O_TMPFILE) and
	// linked to its name when complete, which never replaces a file;
	// where there are no such files, to a hidden temporary file, linked
	// and removed, and removed by the next backup if one was killed.
	"store/unnamed_linux.go: unix.Open(dir, unix.O_TMPFILE | unix.O_RDWR | unix.O_CLOEXEC, 0o600)":                                               "a new backup, without a name",
	"store/unnamed_linux.go: unix.Linkat(unix.AT_FDCWD, fmt.Sprintf(\"/proc/self/fd/%d\", f.Fd()), unix.AT_FDCWD, name, unix.AT_SYMLINK_FOLLOW)": "names a complete backup",
	"store/unnamed.go: os.CreateTemp(dir, tempPrefix + \"*\")":                                                                                   "a backup's temporary file",
	"store/unnamed.go: os.Link(u.temp, name)":                                                                                                    "names a complete backup",
	"store/unnamed.go: os.Remove(u.temp)":                                                                                                        "a backup's temporary name",
	"store/unnamed.go: os.Remove(filepath.Join(dir, e.Name()))":                                                                                  "a killed backup's temporary file",
	// Exports and shared reports are written atomically: a temporary
	// file beside the path the person names, renamed over it.
	"exchange/file.go: os.Rename(tmp.Name(), path)": "an export file",
	"tui/share.go: exchange.WriteFile(path, data)":  "a report the person shares",
	// The first bytes of a file to import or to write over, read-only,
	// only a regular file, and never one the process holds open
	// (exchange.heldOpen): closing it would drop SQLite's locks.
	"exchange/file.go: os.OpenFile(path, os.O_RDONLY | openNonblock, 0)": "a file to import, or to check before writing it",
	// The $EDITOR's temporary file, in the state dir.
	"tui/form.go: os.WriteFile(path, []byte(text), 0o600)": "an editor temp file",
}

// The store never opens, copies, renames or deletes the database or its
// -wal and -shm itself: only SQLite does (see the package comment). The
// rule, checked on the non-test Go files of the whole module:
//
//   - in package store, no call of fileCalls at all;
//   - elsewhere, no call of fileCalls whose arguments mention an
//     identifier with the word "db", "database" or "path" in it (dbPath,
//     path, st.Path(), DBFile; not "feedback"), which is how the module
//     names the database's path;
//
// but for allowedFileCalls, each with its reason.
func TestStoreNeverTouchesDatabaseFilesItself(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root: %v", err)
	}
	used := map[string]bool{}
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
				name == "testdata" || name == "vendor" || name == "third_party") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		files++
		for _, call := range fileCallsIn(t, path) {
			inStore := strings.HasPrefix(rel, "store/")
			if !inStore && !mentionsPath(call.args) {
				continue
			}
			key := rel + ": " + call.text
			if _, ok := allowedFileCalls[key]; ok {
				used[key] = true
				continue
			}
			why := "mentions the database's path"
			if inStore {
				why = "in package store"
			}
			t.Errorf("%s:%d: %s (%s): only SQLite may open, copy, rename or delete the database and its -wal and -shm;\n"+
				"if this call touches another file, add %q to allowedFileCalls with the reason",
				rel, call.line, call.text, why, key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("only %d Go files under %s", files, root)
	}
	for key := range allowedFileCalls {
		if !used[key] {
			t.Errorf("allowedFileCalls has %q, which no longer matches a call: remove it", key)
		}
	}
}

type fileCall struct {
	text string // the call, as go/types prints it
	line int
	args []ast.Expr
}

// fileCallsIn returns the calls of fileCalls in the Go file at path,
// through whatever names the file imports their packages under.
func fileCallsIn(t *testing.T, path string) []fileCall {
	t.Helper()
	fset := gotoken.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string][]string{} // local package name -> funcs
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			t.Fatal(err)
		}
		funcs, ok := fileCalls[p]
		if !ok {
			continue
		}
		local := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			local = imp.Name.Name
		}
		names[local] = funcs
	}
	var calls []fileCall
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && slices.Contains(names[x.Name], sel.Sel.Name) {
			calls = append(calls, fileCall{text: types.ExprString(c), line: fset.Position(c.Pos()).Line, args: c.Args})
		}
		return true
	})
	return calls
}

// mentionsPath reports whether an identifier in exprs has the word "db",
// "database" or "path" in it, split at case changes and underscores.
func mentionsPath(exprs []ast.Expr) bool {
	found := false
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				for _, w := range identWords(id.Name) {
					if w == "db" || w == "database" || w == "path" {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// identWords splits an identifier into lower-case words: dbPath -> db
// path, DBFile -> db file, db_path -> db path.
func identWords(id string) []string {
	var words []string
	rs := []rune(id)
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i < len(rs) && rs[i] != '_' && !(unicode.IsUpper(rs[i]) &&
			(unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
			continue
		}
		if w := strings.Trim(string(rs[start:i]), "_"); w != "" {
			words = append(words, strings.ToLower(w))
		}
		start = i
	}
	return words
}

func TestIdentWords(t *testing.T) {
	for id, want := range map[string]string{
		"dbPath": "db path", "DBFile": "db file", "db_path": "db path", "path": "path",
		"feedback": "feedback", "Path": "path", "tmpName": "tmp name", "x": "x",
	} {
		if got := strings.Join(identWords(id), " "); got != want {
			t.Errorf("identWords(%q) = %q, want %q", id, got, want)
		}
	}
}
