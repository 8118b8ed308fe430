package workbook_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"autonomy/workbook"
)

// idsExempt marks a literal that equals an id by chance (a key of the
// JSON format, a word of the interface): a comment holding it on the
// literal's line.
const idsExempt = "not a content id"

// contentIDs are the exercise and field ids of the real content, with
// what they are.
func contentIDs(w *workbook.Workbook) map[string]string {
	ids := map[string]string{}
	for _, ex := range w.Exercises {
		ids[ex.ID] = "exercise id"
	}
	for _, ex := range w.Exercises {
		for _, f := range ex.Fields {
			if _, ok := ids[f.ID]; !ok {
				ids[f.ID] = "field id of " + ex.ID
			}
		}
	}
	return ids
}

// idLiterals lists the string literals of the Go files (tests left out)
// under dirs, recursively unless dirs holds "no-subdirectories", that are
// one of ids: "file:line: "id" (what)".
// Import paths and struct tags are not literals of the program; a literal
// on a line with an idsExempt comment is allowed.
func idLiterals(t *testing.T, ids map[string]string, dirs ...string) []string {
	t.Helper()
	flat := slices.Contains(dirs, "no-subdirectories")
	dirs = slices.DeleteFunc(dirs, func(d string) bool { return d == "no-subdirectories" })
	var out []string
	fset := token.NewFileSet()
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != dir && (flat || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
			if err != nil {
				return err
			}
			exempt := map[int]bool{}
			for _, g := range file.Comments {
				for _, c := range g.List {
					if strings.Contains(c.Text, idsExempt) {
						exempt[fset.Position(c.Pos()).Line] = true
					}
				}
			}
			ast.Inspect(file, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ImportSpec:
					return false
				case *ast.Field:
					if n.Tag != nil {
						ast.Inspect(n.Type, func(ast.Node) bool { return true })
						for _, name := range n.Names {
							ast.Inspect(name, func(ast.Node) bool { return true })
						}
						return false // the tag is not a literal of the program
					}
				case *ast.BasicLit:
					if n.Kind != token.STRING {
						return true
					}
					s, err := strconv.Unquote(n.Value)
					what, ok := ids[s]
					pos := fset.Position(n.Pos())
					if err == nil && ok && !exempt[pos.Line] {
						out = append(out, fmt.Sprintf("%s:%d: %q (%s)", filepath.ToSlash(pos.Filename), pos.Line, s, what))
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestNoContentIDsOutsideWorkbook walks the Go files of store, tui,
// exchange, serve, agefile and main for a string literal that is an
// exercise or field id of the real content: outside content and workbook,
// code finds exercises and fields by their roles.
func TestNoContentIDsOutsideWorkbook(t *testing.T) {
	ids := contentIDs(load(t))
	var found []string
	found = append(found, idLiterals(t, ids, "../store", "../tui", "../exchange", "../serve", "../agefile")...)
	// main: the root's own files, not its subdirectories.
	found = append(found, idLiterals(t, ids, "..", "no-subdirectories")...)
	slices.SortFunc(found, byFileLine)
	found = slices.Compact(found)
	if len(found) == 0 {
		return
	}
	msg := fmt.Sprintf("%d string literals are exercise or field ids; use the workbook's roles and helpers:\n%s",
		len(found), strings.Join(found, "\n"))
	t.Fatal(msg)
}

// byFileLine orders "file:line: ..." by file, then line number.
func byFileLine(a, b string) int {
	split := func(s string) (string, int) {
		file, rest, _ := strings.Cut(s, ":")
		line, _, _ := strings.Cut(rest, ":")
		n, _ := strconv.Atoi(line)
		return file, n
	}
	fa, la := split(a)
	fb, lb := split(b)
	if c := strings.Compare(fa, fb); c != 0 {
		return c
	}
	if la != lb {
		return la - lb
	}
	return strings.Compare(a, b)
}

// TestIDLiteralsFinder checks the walk itself on a planted file: it finds
// an id spelled as a literal, and leaves alone tests, import paths, struct
// tags, exempt lines and other strings.
func TestIDLiteralsFinder(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.go", "package a\n\nimport scope \"fmt\"\n\ntype T struct {\n\tX int `json:\"scope\"`\n}\n\n"+
		"var a = map[string]string{}[\"ownership\"]\n"+
		"var b = \"metric-log\" // not a content id: a key of the format\n"+
		"var c = \"scope of it\"\n"+
		"func f() { _ = scope.Sprint(\"checkin\") }\n")
	write("sub/b.go", "package sub\n\nconst x = `report`\n")
	write("a_test.go", "package a\n\nvar t = \"scope\"\n")
	ids := contentIDs(load(t))
	got := idLiterals(t, ids, dir)
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], filepath.ToSlash(dir)+"/")
	}
	want := []string{
		`a.go:9: "ownership" (field id of checkin)`,
		`a.go:12: "checkin" (exercise id)`,
		`sub/b.go:3: "report" (exercise id)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
