package workbook

// PhaseCount is the progress of one phase: the things the phase asks for
// that have an entry (Done) out of all of them (Total).
type PhaseCount struct {
	Phase       Phase
	Done, Total int
}

// counts reports whether an exercise is one of the things a phase asks
// for: its one-time exercises, and its recurring ones (the responsibility
// loop asks to "report what changed, what failed, and what was
// escalated": it is not done without at least one report).
func counts(ex Exercise) bool {
	return (ex.Kind == KindOnce || ex.Kind == KindRecurring) && ex.Phase >= 1
}

// PhaseProgress counts, for each phase of the program in order, the
// one-time and recurring exercises of the phase that have at least one
// entry among entries (the entries of one run), whatever they hold: a
// saved entry is done. The run's challenge, the logs (check-ins,
// reflections, metric values) and the closing self-assessment are not
// counted.
func PhaseProgress(wb *Workbook, entries []Entry) []PhaseCount {
	if wb == nil {
		return nil
	}
	done := entered(entries)
	out := make([]PhaseCount, len(wb.Program.Phases))
	for i, p := range wb.Program.PhaseList() {
		out[i].Phase = p
	}
	for _, ex := range wb.Exercises {
		if !counts(ex) || ex.Phase > len(out) {
			continue
		}
		c := &out[ex.Phase-1]
		c.Total++
		if done[ex.ID] {
			c.Done++
		}
	}
	return out
}

// SectionDone reports whether every exercise of the section that
// PhaseProgress counts has an entry among entries; false for a section
// without one. The reader marks such sections in its contents.
func SectionDone(wb *Workbook, sectionID string, entries []Entry) bool {
	done := entered(entries)
	n := 0
	for _, ex := range wb.ExercisesFor(sectionID) {
		if !counts(ex) {
			continue
		}
		if !done[ex.ID] {
			return false
		}
		n++
	}
	return n > 0
}

// FindEntry returns the entry of the exercise by the one rule
// (NewestEntry): the one entry of a one-time exercise (the newest, should
// an import have brought two), the latest report.
func FindEntry(entries []Entry, exercise string) (Entry, bool) {
	return NewestEntry(entries, exercise)
}

// entered is the set of exercises that have an entry.
func entered(entries []Entry) map[string]bool {
	done := make(map[string]bool, len(entries))
	for _, e := range entries {
		done[e.Exercise] = true
	}
	return done
}
