package exchange

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"autonomy/workbook"
)

// v1 decodes formats autonomy/1 and autonomy/2 (FORMAT.md): the same
// records, version 2 with the exercises and fields listed in added.
type v1 struct {
	decoder
	wb        *workbook.Workbook
	version   int                           // of the file's format: 1 or 2
	exercises map[string]*workbook.Exercise // looked up so far, by id
}

// added lists the exercises (field "") and fields of an exercise that a
// version of the format added: a file of an earlier version cannot hold
// them, since the build that wrote it did not have them.
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

// decodeV1 reads a file of format autonomy/<version>, 1 or 2.
func decodeV1(data []byte, wb *workbook.Workbook, version int) (workbook.Archive, error) {
	d := &v1{decoder: decoder{data: data}, wb: wb, version: version, exercises: map[string]*workbook.Exercise{}}
	var runs []workbook.RunArchive
	var has [2]bool
	err := d.object(nil, true, func(key string, kp *path) error {
		switch key {
		case "format":
			has[0] = true
			d.skip() // read and checked by decode
			return nil
		case "runs":
			has[1] = true
			return d.array(kp, func(i int, ip *path) error {
				r, err := d.run(ip)
				runs = append(runs, r)
				return err
			})
		}
		return d.unknown(kp)
	})
	if err == nil {
		err = d.missing(nil, 0, has[:], "format", "runs")
	}
	if err != nil {
		return workbook.Archive{}, err
	}
	runs, err = merge(runs)
	if err != nil {
		return workbook.Archive{}, err
	}
	for i := range runs {
		deriveChallenge(wb, &runs[i])
	}
	return workbook.Archive{Runs: runs}, nil
}

func (d *v1) unknown(kp *path) error {
	return d.errorf(kp, d.keyOff, "unknown key")
}

// missing reports the first of names whose has is false as missing from
// the object at p (which starts at off).
func (d *v1) missing(p *path, off int, has []bool, names ...string) error {
	for i, name := range names {
		if !has[i] {
			kp := p.child(name)
			return d.errorf(&kp, off, "missing")
		}
	}
	return nil
}

func (d *v1) run(p *path) (workbook.RunArchive, error) {
	d.ws()
	off := d.pos
	var r workbook.RunArchive
	var has [5]bool
	err := d.object(p, true, func(key string, kp *path) (err error) {
		switch key {
		case "id":
			has[0] = true
			r.Run.ID, err = d.id(kp)
		case "number":
			has[1] = true
			r.Run.Number, err = d.number(kp)
		case "started_at":
			has[2] = true
			r.Run.StartedAt, err = d.time(kp)
		case "closed_at":
			r.Run.ClosedAt, err = d.time(kp)
		case "pauses":
			has[3] = true
			err = d.array(kp, func(i int, ip *path) error {
				pause, err := d.pause(ip)
				r.Run.Pauses = append(r.Run.Pauses, pause)
				return err
			})
		case "entries":
			has[4] = true
			err = d.array(kp, func(i int, ip *path) error {
				e, err := d.entry(ip)
				r.Entries = append(r.Entries, e)
				return err
			})
		default:
			err = d.unknown(kp)
		}
		return err
	})
	if err != nil {
		return r, err
	}
	return r, d.missing(p, off, has[:], "id", "number", "started_at", "pauses", "entries")
}

func (d *v1) pause(p *path) (workbook.Pause, error) {
	d.ws()
	off := d.pos
	var pause workbook.Pause
	var has [5]bool // id, from, paused_at, to, resumed_at
	err := d.object(p, true, func(key string, kp *path) (err error) {
		switch key {
		case "id":
			has[0] = true
			pause.ID, err = d.id(kp)
		case "from":
			has[1] = true
			pause.From, err = d.date(kp)
		case "paused_at":
			has[2] = true
			pause.PausedAt, err = d.time(kp)
		case "to":
			has[3] = true
			pause.To, err = d.date(kp)
		case "resumed_at":
			has[4] = true
			pause.ResumedAt, err = d.time(kp)
		default:
			err = d.unknown(kp)
		}
		return err
	})
	if err != nil {
		return pause, err
	}
	if err := d.missing(p, off, has[:3], "id", "from", "paused_at"); err != nil {
		return pause, err
	}
	// A pause is open (neither) or resumed (both).
	if has[3] && !has[4] {
		return pause, d.missing(p, off, has[4:], "resumed_at")
	}
	if has[4] && !has[3] {
		return pause, d.missing(p, off, has[3:4], "to")
	}
	return pause, nil
}

func (d *v1) entry(p *path) (workbook.EntryArchive, error) {
	d.ws()
	off := d.pos
	var (
		e       workbook.EntryArchive
		ex      *workbook.Exercise
		has     [5]bool
		revOff  int
		revPath path
	)
	err := d.object(p, true, func(key string, kp *path) (err error) {
		switch key {
		case "id":
			has[0] = true
			e.ID, err = d.id(kp)
		case "exercise":
			has[1] = true
			d.ws()
			exOff := d.pos
			if e.Exercise, err = d.str(kp); err != nil {
				return err
			}
			if ex = d.exercise(e.Exercise); ex == nil {
				return d.errorf(kp, exOff, "unknown exercise %s", quoteShort(e.Exercise))
			}
			if v := addedIn(ex.ID, ""); v > d.version {
				return d.errorf(kp, exOff, "exercise %q is not part of autonomy/%d (autonomy/%d added it)", ex.ID, d.version, v)
			}
		case "date":
			has[2] = true
			e.Date, err = d.date(kp)
		case "created_at":
			has[3] = true
			e.CreatedAt, err = d.time(kp)
		case "revisions":
			// Read once the exercise is known, which may come later.
			has[4] = true
			if err := d.want(kp, '[', "an array"); err != nil {
				return err
			}
			revOff, revPath = d.pos, *kp
			d.skip()
		default:
			err = d.unknown(kp)
		}
		return err
	})
	if err == nil {
		err = d.missing(p, off, has[:], "id", "exercise", "date", "created_at", "revisions")
	}
	if err != nil {
		return e, err
	}
	end := d.pos
	d.pos = revOff
	err = d.array(&revPath, func(i int, ip *path) error {
		r, err := d.revision(ip, ex)
		r.EntryID = e.ID
		e.Revisions = append(e.Revisions, r)
		return err
	})
	if err == nil && len(e.Revisions) == 0 {
		err = d.errorf(&revPath, revOff, "empty (an entry has at least one revision)")
	}
	d.pos = end
	return e, err
}

// exercise returns the workbook's exercise with the given id, or nil.
func (d *v1) exercise(id string) *workbook.Exercise {
	if ex, ok := d.exercises[id]; ok {
		return ex
	}
	ex, ok := d.wb.Exercise(id)
	if !ok {
		return nil
	}
	d.exercises[id] = &ex
	return &ex
}

func (d *v1) revision(p *path, ex *workbook.Exercise) (workbook.Revision, error) {
	d.ws()
	off := d.pos
	var r workbook.Revision
	var has [4]bool
	err := d.object(p, true, func(key string, kp *path) (err error) {
		switch key {
		case "id":
			has[0] = true
			r.ID, err = d.id(kp)
		case "saved_at":
			has[1] = true
			r.SavedAt, err = d.time(kp)
		case "fields":
			has[2] = true
			r.Answer.Fields, err = d.fields(kp, ex)
		case "lists":
			has[3] = true
			r.Answer.Lists, err = d.lists(kp, ex)
		default:
			err = d.unknown(kp)
		}
		return err
	})
	if err != nil {
		return r, err
	}
	return r, d.missing(p, off, has[:], "id", "saved_at", "fields", "lists")
}

// fields reads the scalar fields of an answer to ex.
func (d *v1) fields(p *path, ex *workbook.Exercise) (map[string]string, error) {
	m := map[string]string{}
	err := d.object(p, true, func(key string, kp *path) error {
		f, ok := ex.Field(key)
		switch {
		case !ok:
			return d.errorf(kp, d.keyOff, "not a field of %q", ex.ID)
		case f.Kind == workbook.FieldList:
			return d.errorf(kp, d.keyOff, "a list of %q, which goes under lists", ex.ID)
		}
		if v := addedIn(ex.ID, key); v > d.version {
			return d.errorf(kp, d.keyOff, "field %q of %q is not part of autonomy/%d (autonomy/%d added it)", key, ex.ID, d.version, v)
		}
		d.ws()
		off := d.pos
		s, err := d.str(kp)
		if err != nil {
			return err
		}
		if n := limit(f); tooLong(s, n) {
			return d.errorf(kp, off, "longer than %d characters", n)
		}
		m[key] = s
		return nil
	})
	return m, err
}

// lists reads the list fields of an answer to ex. An empty list is the
// same as no list, and is left out.
func (d *v1) lists(p *path, ex *workbook.Exercise) (map[string][]workbook.ListItem, error) {
	m := map[string][]workbook.ListItem{}
	err := d.object(p, true, func(key string, kp *path) error {
		f, ok := ex.Field(key)
		switch {
		case !ok:
			return d.errorf(kp, d.keyOff, "not a field of %q", ex.ID)
		case f.Kind != workbook.FieldList:
			return d.errorf(kp, d.keyOff, "not a list of %q; it goes under fields", ex.ID)
		}
		if v := addedIn(ex.ID, key); v > d.version {
			return d.errorf(kp, d.keyOff, "field %q of %q is not part of autonomy/%d (autonomy/%d added it)", key, ex.ID, d.version, v)
		}
		var items []workbook.ListItem
		err := d.array(kp, func(i int, ip *path) error {
			if i == workbook.MaxListItems {
				return d.errorf(kp, d.pos, "more than %d items", workbook.MaxListItems)
			}
			d.ws()
			off := d.pos
			it, err := d.item(ip, f)
			if err != nil {
				return err
			}
			for j, o := range items {
				if o.ID == it.ID {
					other := kp.at(j)
					ikp := ip.child("id")
					return d.errorf(&ikp, off, "%q is also the id of %s", it.ID, other.String())
				}
			}
			items = append(items, it)
			return nil
		})
		if len(items) > 0 {
			m[key] = items
		}
		return err
	})
	return m, err
}

func (d *v1) item(p *path, f workbook.Field) (workbook.ListItem, error) {
	d.ws()
	off := d.pos
	var it workbook.ListItem
	var has [2]bool
	err := d.object(p, true, func(key string, kp *path) (err error) {
		switch key {
		case "id":
			has[0] = true
			it.ID, err = d.id(kp)
		case "text":
			has[1] = true
			d.ws()
			off := d.pos
			if it.Text, err = d.str(kp); err != nil {
				return err
			}
			if n := limit(f); tooLong(it.Text, n) {
				return d.errorf(kp, off, "longer than %d characters", n)
			}
		case "ref":
			d.ws()
			off := d.pos
			if it.Ref, err = d.str(kp); err != nil {
				return err
			}
			if it.Ref != "" {
				if err := checkID(it.Ref); err != nil {
					return d.errorf(kp, off, "%v", err)
				}
			}
		default:
			err = d.unknown(kp)
		}
		return err
	})
	if err != nil {
		return it, err
	}
	return it, d.missing(p, off, has[:], "id", "text")
}

// limit is a field's limit in code points, as workbook.ValidateField
// counts it: Max when it is set and below the kind's limit.
func limit(f workbook.Field) int {
	n := workbook.MaxRunes(f.Kind)
	if n == 0 {
		n = workbook.MaxTextRunes
	}
	if f.Max > 0 && f.Max < n {
		return f.Max
	}
	return n
}

// tooLong reports whether s has more than n code points.
func tooLong(s string, n int) bool {
	return len(s) > n && utf8.RuneCountInString(s) > n
}

// merge removes ids given twice with the same content (a run, pause,
// entry or revision that appears again; the entries and revisions of a
// run or entry given twice are merged, in order of appearance) and refuses
// an id given twice with different content, naming both places. Two runs
// may not have the same number.
func merge(runs []workbook.RunArchive) ([]workbook.RunArchive, error) {
	type where struct{ run, entry, rev int } // indexes in the file, for errors
	type runSeen struct {
		out int // index in out
		at  where
	}
	type pauseSeen struct {
		runID string
		pause workbook.Pause
		at    int // index in the run
		run   int
	}
	type entrySeen struct {
		runID      string
		out, entry int // indexes in out and its entries
		at         where
	}
	type revSeen struct {
		entryID string
		rev     *workbook.Revision
		at      where
	}
	var (
		out      []workbook.RunArchive
		runIDs   = map[string]runSeen{}
		numbers  = map[int]int{} // number -> index in the file
		pauseIDs = map[string]pauseSeen{}
		entryIDs = map[string]entrySeen{}
		revIDs   = map[string]revSeen{}
	)
	conflict := func(here, there, id string) error {
		return &Error{Path: here + ".id", Msg: fmt.Sprintf("%q is also the id of %s, with different content", id, there)}
	}
	runPath := func(i int) string { return fmt.Sprintf("runs[%d]", i) }
	entryPath := func(w where) string { return fmt.Sprintf("runs[%d].entries[%d]", w.run, w.entry) }
	revPath := func(w where) string { return fmt.Sprintf("runs[%d].entries[%d].revisions[%d]", w.run, w.entry, w.rev) }

	for i := range runs {
		r := &runs[i]
		seen, dup := runIDs[r.Run.ID]
		if dup {
			prev := out[seen.out].Run
			if prev.Number != r.Run.Number || !prev.StartedAt.Equal(r.Run.StartedAt) || !prev.ClosedAt.Equal(r.Run.ClosedAt) {
				return nil, conflict(runPath(i), runPath(seen.at.run), r.Run.ID)
			}
		} else {
			if j, taken := numbers[r.Run.Number]; taken {
				return nil, &Error{Path: runPath(i) + ".number", Msg: fmt.Sprintf("%d is also the number of %s", r.Run.Number, runPath(j))}
			}
			numbers[r.Run.Number] = i
			seen = runSeen{out: len(out), at: where{run: i}}
			runIDs[r.Run.ID] = seen
			run := r.Run
			run.Pauses = nil
			out = append(out, workbook.RunArchive{Run: run})
		}
		target := &out[seen.out]

		for j, p := range r.Run.Pauses {
			if s, dup := pauseIDs[p.ID]; dup {
				if s.runID != r.Run.ID || !samePause(s.pause, p) {
					return nil, conflict(fmt.Sprintf("%s.pauses[%d]", runPath(i), j), fmt.Sprintf("%s.pauses[%d]", runPath(s.run), s.at), p.ID)
				}
				continue
			}
			pauseIDs[p.ID] = pauseSeen{runID: r.Run.ID, pause: p, at: j, run: i}
			target.Run.Pauses = append(target.Run.Pauses, p)
		}

		for j := range r.Entries {
			e := &r.Entries[j]
			at := where{run: i, entry: j}
			var te *workbook.EntryArchive
			if s, dup := entryIDs[e.ID]; dup {
				prev := &out[s.out].Entries[s.entry]
				if s.runID != r.Run.ID || prev.Exercise != e.Exercise || prev.Date != e.Date || !prev.CreatedAt.Equal(e.CreatedAt) {
					return nil, conflict(entryPath(at), entryPath(s.at), e.ID)
				}
				te = prev
			} else {
				entryIDs[e.ID] = entrySeen{runID: r.Run.ID, out: seen.out, entry: len(target.Entries), at: at}
				target.Entries = append(target.Entries, workbook.EntryArchive{
					ID: e.ID, Exercise: e.Exercise, Date: e.Date, CreatedAt: e.CreatedAt,
				})
				te = &target.Entries[len(target.Entries)-1]
			}
			for k := range e.Revisions {
				rev := &e.Revisions[k]
				at := where{run: i, entry: j, rev: k}
				if s, dup := revIDs[rev.ID]; dup {
					if s.entryID != e.ID || !s.rev.SavedAt.Equal(rev.SavedAt) || !sameAnswer(s.rev.Answer, rev.Answer) {
						return nil, conflict(revPath(at), revPath(s.at), rev.ID)
					}
					continue
				}
				revIDs[rev.ID] = revSeen{entryID: e.ID, rev: rev, at: at}
				te.Revisions = append(te.Revisions, *rev)
			}
		}
	}
	return out, nil
}

func samePause(a, b workbook.Pause) bool {
	return a.From == b.From && a.To == b.To && a.PausedAt.Equal(b.PausedAt) && a.ResumedAt.Equal(b.ResumedAt)
}

// sameAnswer reports whether two answers hold exactly the same keys and
// values, items in the same order.
func sameAnswer(a, b workbook.Answer) bool {
	return maps.Equal(a.Fields, b.Fields) && maps.EqualFunc(a.Lists, b.Lists, slices.Equal)
}

// deriveChallenge fills the run's challenge fields as the store does: from
// the current (last) revision of the run's first "run" entry (by creation
// time, then id). A start date that is not a date is left zero.
func deriveChallenge(wb *workbook.Workbook, r *workbook.RunArchive) {
	exID := "challenge"
	if wb != nil {
		for _, ex := range wb.Exercises {
			if ex.Kind == workbook.KindRun {
				exID = ex.ID
				break
			}
		}
	}
	var first *workbook.EntryArchive
	for i := range r.Entries {
		e := &r.Entries[i]
		if e.Exercise != exID || len(e.Revisions) == 0 {
			continue
		}
		if first == nil || e.CreatedAt.Before(first.CreatedAt) || (e.CreatedAt.Equal(first.CreatedAt) && e.ID < first.ID) {
			first = e
		}
	}
	if first == nil {
		return
	}
	a := first.Revisions[len(first.Revisions)-1].Answer
	r.Run.Challenge = a.Fields[workbook.FieldChallenge]
	if date, err := workbook.ParseDate(strings.TrimSpace(a.Fields[workbook.FieldStartDate])); err == nil {
		r.Run.StartDate = date
	}
	r.Run.Level = a.Fields[workbook.FieldLevel]
	r.Run.LevelWhy = a.Fields[workbook.FieldLevelWhy]
}
