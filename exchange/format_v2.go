package exchange

import "fmt"

// Format autonomy/2, the one EncodeJSON writes: the records of autonomy/1
// (format_v1.go) and the exercises and fields below, which a file of
// autonomy/1 cannot hold, since the build that wrote it did not have them.

// versions are the formats this build reads, by name.
var versions = map[string]int{"autonomy/1": 1, "autonomy/2": 2}

// added lists the exercises (field "") and fields of an exercise that a
// version of the format added.
var added = []struct {
	version         int
	exercise, field string
}{
	{2, "metric-log", ""},
	{2, "checkin", ""},
	{2, "reflection", ""},
	{2, "constraint", "reasonable"},
	{2, "report", "stress"},
}

// addedIn returns the version that added an exercise (field "") or a field
// of it, 1 for those of the first version.
func addedIn(exercise, field string) int {
	for _, a := range added {
		if a.exercise == exercise && a.field == field {
			return a.version
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
	// what the record is and the version that added it
	exercise, field string
	needs           int
}

// check checks exercise (field "") or a field of it, read at p.
func (g *versionGate) check(c *checker, p *path, exercise, field string) *Error {
	v := addedIn(exercise, field)
	switch {
	case g.version == 0 && v > 1 && g.first == nil:
		g.first, g.exercise, g.field, g.needs = c.fail(p, ""), exercise, field, v
	case g.version > 0 && v > g.version:
		return c.fail(p, "%s", notPart(exercise, field, g.version, v))
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
		return fmt.Sprintf("exercise %q is not part of autonomy/%d (autonomy/%d added it)", exercise, version, added)
	}
	return fmt.Sprintf("field %q of %q is not part of autonomy/%d (autonomy/%d added it)", field, exercise, version, added)
}
