package exchange

import (
	"fmt"

	"autonomy/workbook"
)

// The versions of the JSON format, one file each: format_v1.go holds the
// records every version has, and each later file what its version added,
// named by the roles of the exercises and fields (content/README.md), so
// that the table follows the content, not its ids.

// version is a version of the format: its name and what it added.
type version struct {
	name  string
	added []addition
}

// addition is an exercise (field "") or a field of an exercise that a
// version added, by their roles.
type addition struct {
	exercise workbook.Role
	field    workbook.FieldRole
}

// formats are the versions this build reads, oldest first: version n is
// formats[n-1]. The last is Format, the one EncodeJSON writes.
var formats = []version{v1, v2, v3}

// Readable lists the formats this build reads, oldest first. Every format
// it ever wrote stays readable.
var Readable = func() []string {
	names := make([]string, len(formats))
	for i, v := range formats {
		names[i] = v.name
	}
	return names
}()

// versionOf is the number of the version with the name, false for one
// this build does not read.
func versionOf(name string) (int, bool) {
	for i, v := range formats {
		if v.name == name {
			return i + 1, true
		}
	}
	return 0, false
}

// addedIn returns the version that added the exercise (f nil) or the
// field f of it, 1 for those of the first version.
func addedIn(ex *workbook.Exercise, f *workbook.Field) int {
	for i, v := range formats {
		for _, a := range v.added {
			if ex.Role == "" || a.exercise != ex.Role {
				continue
			}
			if f == nil && a.field == "" || f != nil && a.field != "" && a.field == f.Role {
				return i + 1
			}
		}
	}
	return 1
}

// versionGate checks that the records of a file are of its version. A
// file that gives its runs before its format is checked as the newest
// version, and the first record it holds of a later version than the
// format it then names is refused when the format is read.
type versionGate struct {
	version int    // of the file, 0 until its format is read
	first   *Error // where the first record read before it is that a later version added
	// what the record is (the ids of the file) and the version that added it
	exercise, field string
	needs           int
}

// check checks the exercise ex (f nil) or its field f, read at p.
func (g *versionGate) check(c *checker, p *path, ex *workbook.Exercise, f *workbook.Field) *Error {
	v := addedIn(ex, f)
	field := ""
	if f != nil {
		field = f.ID
	}
	switch {
	case g.version == 0 && v > 1 && g.first == nil:
		g.first, g.exercise, g.field, g.needs = c.fail(p, ""), ex.ID, field, v
	case g.version > 0 && v > g.version:
		return c.fail(p, "%s", notPart(ex.ID, field, g.version, v))
	}
	return nil
}

// read takes the file's version, and refuses a record read before it that
// the version cannot hold.
func (g *versionGate) read(version int) *Error {
	g.version = version
	if g.first != nil && g.needs > version {
		g.first.Msg = notPart(g.exercise, g.field, version, g.needs)
		return g.first
	}
	return nil
}

func notPart(exercise, field string, version, added int) string {
	if field == "" {
		return fmt.Sprintf("exercise %q is not part of %s (%s added it)", exercise, formats[version-1].name, formats[added-1].name)
	}
	return fmt.Sprintf("field %q of %q is not part of %s (%s added it)", field, exercise, formats[version-1].name, formats[added-1].name)
}
