package store

import (
	"database/sql"
	"strings"
	"testing"
	"unicode"

	"autonomy/workbook"
)

// The Go tokens and folding agree with FTS5's unicode61 tokenizer with
// remove_diacritics 2 for Latin, Greek and Cyrillic letters, digits and
// punctuation, and the combining diacritics: each rune between two x.
func TestFoldAsFTS5(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2')`,
		`CREATE VIRTUAL TABLE v USING fts5vocab (t, 'instance')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	var runes []rune
	for r := rune(1); r < 0x530; r++ {
		// Letters of a newer Unicode than FTS5's tables, and code points
		// unassigned in either, differ.
		if r == 0x37f || r >= 0x528 {
			continue
		}
		if unicode.IsPrint(r) || unicode.IsControl(r) || unicode.Is(unicode.Mn, r) {
			runes = append(runes, r)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runes {
		if _, err := tx.Exec(`INSERT INTO t (rowid, x) VALUES (?, ?)`, int64(r), "x"+string(r)+"x"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT doc, term FROM v ORDER BY doc, offset`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	fts := map[rune][]string{}
	for rows.Next() {
		var d int64
		var term string
		if err := rows.Scan(&d, &term); err != nil {
			t.Fatal(err)
		}
		fts[rune(d)] = append(fts[rune(d)], term)
	}
	bad := 0
	for _, r := range runes {
		var got []string
		for _, tok := range tokens("x" + string(r) + "x") {
			got = append(got, tok.folded)
		}
		if strings.Join(got, " ") != strings.Join(fts[r], " ") {
			if bad++; bad <= 20 {
				t.Errorf("%U %q: tokens %q, FTS5 %q", r, string(r), got, fts[r])
			}
		}
	}
	if bad > 20 {
		t.Errorf("%d runes in all", bad)
	}
}

func TestHighlight(t *testing.T) {
	s, e := workbook.MatchStart, workbook.MatchEnd
	for _, c := range []struct{ text, query, want string }{
		{"Planned the migration", "migr", "Planned the " + s + "migration" + e},
		{"Ask Jörg, then JORGE", "jorg", "Ask " + s + "Jörg" + e + ", then " + s + "JORGE" + e},
		{"naïve Naive naivety", "naive", s + "naïve" + e + " " + s + "Naive" + e + " " + s + "naivety" + e},
		{"a plan, the plans", "plan the", "a " + s + "plan" + e + ", " + s + "the" + e + " plans"},
		{"database\nmigration", "database mig", s + "database" + e + "\n" + s + "migration" + e},
		{"database\nmigration", "data mig", "database\n" + s + "migration" + e},
		{"old " + s + "marks" + e, "marks", "old " + s + "marks" + e},
		{"old " + s + "marks" + e, "", "old marks"},
		{"no match here", "xyz", "no match here"},
		{"ΣΟΦΊΑ σοφός", "σοφ", s + "ΣΟΦΊΑ" + e + " " + s + "σοφός" + e},
		{"2026-03-04", "03", "2026-" + s + "03" + e + "-04"},
	} {
		if got := Highlight(c.text, c.query); got != c.want {
			t.Errorf("Highlight(%q, %q) = %q, want %q", c.text, c.query, got, c.want)
		}
	}
}

func TestSnippetWindow(t *testing.T) {
	s, e := workbook.MatchStart, workbook.MatchEnd
	words := strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty")
	text := strings.Join(words[:10], " ") + "\n" + strings.Join(words[10:], " ")
	for _, c := range []struct{ query, want string }{
		{"one", s + "one" + e + " two three four five six seven eight nine ten · eleven twelve thirteen fourteen fifteen sixteen…"},
		{"twenty", "…five six seven eight nine ten · eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen " + s + "twenty" + e},
		{"twelve", "…five six seven eight nine ten · eleven " + s + "twelve" + e + " thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"},
		// The window with both words wins over the first match.
		{"three eighteen", "…" + s + "three" + e + " four five six seven eight nine ten · eleven twelve thirteen fourteen fifteen sixteen seventeen " + s + "eighteen" + e + "…"},
		{"nothing", "one two three four five six seven eight nine ten · eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"},
	} {
		if got := snippet(text, c.query); got != c.want {
			t.Errorf("snippet(%q) =\n %q, want\n %q", c.query, got, c.want)
		}
	}
	// A long word is cut, its mark closed.
	long := strings.Repeat("x", 300)
	if got := snippet("a "+long, "xx"); got != "a "+s+strings.Repeat("x", 196)+e+"…" {
		t.Errorf("long word: %q", got)
	}
}

// oneLineN is oneLine then cut, whatever the text.
func TestOneLineN(t *testing.T) {
	texts := []string{"", "a", " a ", "a\n\nb", "a \n b", "  lead\ttab\r\nend  ", "x · y\n", "日本語 テキスト\n\n改行",
		strings.Repeat("word ", 100), strings.Repeat("ab\n", 100), "a\u00a0b\u2028c"}
	for _, text := range texts {
		if got, want := oneLineN(text, -1), oneLine(text); got != want {
			t.Errorf("oneLineN(%q, -1) = %q, oneLine %q", text, got, want)
		}
		for _, n := range []int{1, 2, 3, 5, 10, 50, 200} {
			if got, want := oneLineN(text, n), cut(oneLine(text), n); got != want {
				t.Errorf("oneLineN(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
	}
	if got := oneLine("One\n\n  two  words\r\nthree"); got != "One · two words · three" {
		t.Errorf("oneLine = %q", got)
	}
}
