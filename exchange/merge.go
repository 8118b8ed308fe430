package exchange

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"

	"autonomy/workbook"
)

// merger finds the ids a file gives twice, as it is read. The same id with
// the same content is taken once: a run or an entry given twice has its
// entries or revisions merged, in the order of the file. With other
// content, or under another parent, it is an error naming both places.
// Runs and pauses are kept whole (a file has few); entries and revisions
// as hashes of their id and content with the place they were first given,
// so that memory grows by a few dozen bytes an entry, not with its text.
type merger struct {
	seed      maphash.Seed
	runs      map[string]*runRead
	order     []*runRead  // in the order first given
	numbers   map[int]int // run number: index in the file
	pauses    map[string]pauseSeen
	entries   map[uint64]entrySeen
	revisions map[uint64]revisionSeen
}

// runRead is a run of the file: where it was first given, and the pauses
// of all its occurrences.
type runRead struct {
	run workbook.Run
	at  int   // index in the file
	off int64 // offset of its object
}

type pauseSeen struct {
	runID string
	pause workbook.Pause
	run   int // indexes in the file
	at    int
}

type entrySeen struct {
	head    uint64 // its run, exercise, date and creation
	run, at int32
}

type revisionSeen struct {
	content        uint64 // its entry, save time and answer
	run, entry, at int32
}

func newMerger() *merger {
	return &merger{
		seed: maphash.MakeSeed(), runs: map[string]*runRead{}, numbers: map[int]int{},
		pauses: map[string]pauseSeen{}, entries: map[uint64]entrySeen{}, revisions: map[uint64]revisionSeen{},
	}
}

// run takes run i of the file, read whole but for its entries, at offset
// off. Two runs may not have the same number.
func (m *merger) run(p *path, i int, off int64, run workbook.Run) *Error {
	r, dup := m.runs[run.ID]
	if dup {
		prev := r.run
		if prev.Number != run.Number || !prev.StartedAt.Equal(run.StartedAt) || !prev.ClosedAt.Equal(run.ClosedAt) {
			idp := p.child("id")
			return errorAt(&idp, off, "%q is also the id of runs[%d], with different content", run.ID, r.at)
		}
	} else {
		if j, taken := m.numbers[run.Number]; taken {
			np := p.child("number")
			return errorAt(&np, off, "%d is also the number of runs[%d]", run.Number, j)
		}
		m.numbers[run.Number] = i
		r = &runRead{run: run, at: i, off: off}
		r.run.Pauses = nil
		m.runs[run.ID] = r
		m.order = append(m.order, r)
	}
	for j, pa := range run.Pauses {
		if s, dup := m.pauses[pa.ID]; dup {
			if s.runID != run.ID || !samePause(s.pause, pa) {
				pp := p.child("pauses")
				jp := pp.at(j)
				idp := jp.child("id")
				return errorAt(&idp, off, "%q is also the id of runs[%d].pauses[%d], with different content", pa.ID, s.run, s.at)
			}
			continue
		}
		m.pauses[pa.ID] = pauseSeen{runID: run.ID, pause: pa, run: i, at: j}
		r.run.Pauses = append(r.run.Pauses, pa)
	}
	return nil
}

// openOnce refuses, once every run is read, what no database holds and
// so no export writes: two open runs, or a run with two open pauses.
// (The store refuses them too; checked here, a file is known good before
// a database is made for it.)
func (m *merger) openOnce() *Error {
	runs := path{key: "runs", index: -1}
	var open *runRead
	for _, r := range m.order {
		rp := runs.at(r.at)
		if r.run.ClosedAt.IsZero() {
			if open != nil {
				return errorAt(&rp, r.off, "open (no closed_at), and so is runs[%d]: one run at most is open", open.at)
			}
			open = r
		}
		var paused *pauseSeen
		for _, pa := range r.run.Pauses {
			if !pa.To.IsZero() {
				continue
			}
			s := m.pauses[pa.ID]
			if paused != nil {
				rp := runs.at(s.run)
				ps := rp.child("pauses")
				pp := ps.at(s.at)
				return errorAt(&pp, r.off, "open (no to), and so is runs[%d].pauses[%d]: a run has one open pause at most", paused.run, paused.at)
			}
			paused = &s
		}
	}
	return nil
}

func samePause(a, b workbook.Pause) bool {
	return a.From == b.From && a.To == b.To && a.PausedAt.Equal(b.PausedAt) && a.ResumedAt.Equal(b.ResumedAt)
}

// entry takes entry at of run run of the file, of the run runID, and
// leaves in it only the revisions not given before. It reports whether
// any is left.
func (m *merger) entry(c *checker, p *path, run, at int, runID string, e *workbook.EntryArchive) (bool, *Error) {
	key, head := m.hash(e.ID), m.head(runID, e)
	if s, dup := m.entries[key]; dup {
		if s.head != head {
			idp := p.child("id")
			return false, c.fail(&idp, "%q is also the id of runs[%d].entries[%d], with different content", e.ID, s.run, s.at)
		}
	} else {
		m.entries[key] = entrySeen{head: head, run: int32(run), at: int32(at)}
	}
	revs := p.child("revisions")
	kept := e.Revisions[:0]
	for k := range e.Revisions {
		r := &e.Revisions[k]
		key, content := m.hash(r.ID), m.content(e.ID, r)
		if s, dup := m.revisions[key]; dup {
			if s.content != content {
				kp := revs.at(k)
				idp := kp.child("id")
				return false, c.fail(&idp, "%q is also the id of runs[%d].entries[%d].revisions[%d], with different content",
					r.ID, s.run, s.entry, s.at)
			}
			continue
		}
		m.revisions[key] = revisionSeen{content: content, run: int32(run), entry: int32(at), at: int32(k)}
		kept = append(kept, *r)
	}
	e.Revisions = kept
	return len(kept) > 0, nil
}

func (m *merger) hash(id string) uint64 { return maphash.String(m.seed, id) }

// head hashes what must agree between two entries with the same id.
func (m *merger) head(runID string, e *workbook.EntryArchive) uint64 {
	var h maphash.Hash
	h.SetSeed(m.seed)
	writeString(&h, runID)
	writeString(&h, e.Exercise)
	writeString(&h, e.Date.String())
	writeInt(&h, e.CreatedAt.Unix())
	writeInt(&h, int64(e.CreatedAt.Nanosecond()))
	return h.Sum64()
}

// content hashes what must agree between two revisions with the same id:
// the entry, the save time and the answer, items in order.
func (m *merger) content(entryID string, r *workbook.Revision) uint64 {
	var h maphash.Hash
	h.SetSeed(m.seed)
	writeString(&h, entryID)
	writeInt(&h, r.SavedAt.Unix())
	writeInt(&h, int64(r.SavedAt.Nanosecond()))
	for _, k := range sortedKeys(r.Answer.Fields) {
		writeString(&h, k)
		writeString(&h, r.Answer.Fields[k])
	}
	writeInt(&h, -1)
	for _, k := range sortedKeys(r.Answer.Lists) {
		writeString(&h, k)
		writeInt(&h, int64(len(r.Answer.Lists[k])))
		for _, it := range r.Answer.Lists[k] {
			writeString(&h, it.ID)
			writeString(&h, it.Text)
			writeString(&h, it.Ref)
		}
	}
	return h.Sum64()
}

// writeString writes s with its length, so that no two lists of strings
// write the same bytes.
func writeString(h *maphash.Hash, s string) {
	writeInt(h, int64(len(s)))
	h.WriteString(s)
}

func writeInt(h *maphash.Hash, n int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}

// collector gathers what ReadJSON hands over into an archive, for
// DecodeJSON.
type collector struct {
	runs    []workbook.RunArchive
	byID    map[string]int                     // run id: index in runs
	waiting map[string][]workbook.EntryArchive // entries of runs not given yet
	entries map[string]int                     // entry id: index in its run's entries
}

func (c *collector) Run(r workbook.Run) error {
	if c.byID == nil {
		c.byID, c.entries = map[string]int{}, map[string]int{}
	}
	if _, dup := c.byID[r.ID]; dup {
		return fmt.Errorf("run %s given twice", r.ID)
	}
	c.byID[r.ID] = len(c.runs)
	c.runs = append(c.runs, workbook.RunArchive{Run: r})
	for _, e := range c.waiting[r.ID] {
		c.Entry(r.ID, e)
	}
	delete(c.waiting, r.ID)
	return nil
}

func (c *collector) Entry(runID string, e workbook.EntryArchive) error {
	i, ok := c.byID[runID]
	if !ok {
		if c.waiting == nil {
			c.waiting = map[string][]workbook.EntryArchive{}
		}
		c.waiting[runID] = append(c.waiting[runID], e)
		return nil
	}
	r := &c.runs[i]
	if j, again := c.entries[e.ID]; again {
		r.Entries[j].Revisions = append(r.Entries[j].Revisions, e.Revisions...)
		return nil
	}
	c.entries[e.ID] = len(r.Entries)
	r.Entries = append(r.Entries, e)
	return nil
}

// archive is what was gathered, with each run's challenge fields derived
// from its entries.
func (c *collector) archive(wb *workbook.Workbook) workbook.Archive {
	a := workbook.Archive{Runs: c.runs}
	for i := range a.Runs {
		deriveChallenge(wb, &a.Runs[i])
	}
	return a
}

// deriveChallenge fills the run's challenge fields as the store does:
// Run.ApplyChallenge of the current answer of the run's entry of the
// run-start exercise, the one workbook.NewestEntry picks should there be
// two. Without a workbook, nothing is filled.
func deriveChallenge(wb *workbook.Workbook, r *workbook.RunArchive) {
	ex, ok := wb.RunStart()
	if !ok {
		return
	}
	if e, ok := workbook.NewestEntry(r.CurrentEntries(), ex.ID); ok {
		r.Run.ApplyChallenge(ex, e.Current.Answer)
	}
}
