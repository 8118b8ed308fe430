package workbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Problem is one rule a workbook's file breaks: the file, the line (1 for
// the first; 0 when the problem is the whole file's) and what is wrong.
type Problem struct {
	File string // GuideFile or ExercisesFile
	Line int
	Col  int    // the column of a JSON syntax or type error, else 0
	Msg  string // `exercise "scope": unknown kind "txt" (want ...)`
}

// String is the problem as compilers print theirs, which editors open at
// the line: "exercises.json:41: exercise ...".
func (p Problem) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return p.File + ": " + p.Msg
}

// LoadError is every problem Load found in a workbook, in file order.
type LoadError struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// found is a problem of exercises.json at a path of its JSON
// ("exercises[3].fields[0].kind"), whose line is looked up only when there
// are problems to report: a valid file is never walked twice.
type found struct {
	path string
	msg  string
}

// problemsAt turns problems found at JSON paths of src into Problems with
// lines: the line of the path's key, or of the nearest enclosing value
// that has one.
func problemsAt(src []byte, fs []found) *LoadError {
	lines := jsonLines(src)
	e := &LoadError{}
	for _, f := range fs {
		e.Problems = append(e.Problems, Problem{File: ExercisesFile, Line: lineOfPath(lines, f.path), Msg: f.msg})
	}
	sort.SliceStable(e.Problems, func(i, j int) bool { return e.Problems[i].Line < e.Problems[j].Line })
	return e
}

func lineOfPath(lines map[string]int, path string) int {
	for {
		if n, ok := lines[path]; ok {
			return n
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return lines[""]
		}
		path = path[:i]
	}
}

// jsonLines maps the path of every key and array element of a JSON
// document to its line: "exercises[3]" to the line of the exercise's "{",
// "exercises[3].section" to the line of its "section" key. A document that
// does not parse gives the lines up to the fault.
func jsonLines(src []byte) map[string]int {
	nl := []int{} // offsets of the newlines
	for i, c := range src {
		if c == '\n' {
			nl = append(nl, i)
		}
	}
	lineAt := func(off int64) int { return sort.SearchInts(nl, int(off)) + 1 }
	lines := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if _, seen := lines[path]; !seen {
			lines[path] = lineAt(dec.InputOffset() - 1)
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := key.(string)
				sub := k
				if path != "" {
					sub = path + "." + k
				}
				lines[sub] = lineAt(dec.InputOffset() - 1)
				if err := walk(sub); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(path + "[" + strconv.Itoa(i) + "]"); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		}
		return err
	}
	_ = walk("") // a fault ends the walk: the lines up to it stand
	return lines
}

// controlIn is the first control character of s (a terminal would obey
// it: an escape sequence, a bell, a carriage return), or -1: content is
// shown as it is, so none may hold one but tabs.
func controlIn(s string) rune {
	for _, r := range s {
		if (r < 0x20 && r != '\t') || (r >= 0x7f && r <= 0x9f) {
			return r
		}
	}
	return -1
}

// lineCol is the line and column of a byte offset of src ("3:5"), for the
// JSON decoder's errors, which give offsets just after the byte at fault.
func lineCol(src []byte, offset int64) (line, col int) {
	if offset < 0 || offset > int64(len(src)) {
		return 0, 0
	}
	before := src[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = max(int(offset)-(bytes.LastIndexByte(before, '\n')+1), 1)
	return line, col
}
