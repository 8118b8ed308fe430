package workbook

// PhaseCount is the progress of one phase: the one-time exercises of the
// phase that have an entry (Done) out of all of them (Total).
type PhaseCount struct {
	Phase       Phase
	Done, Total int
}

// PhaseProgress counts, for each of the three phases in order, the
// one-time ("once") exercises that have an entry among entries (the
// entries of one run), whatever they hold: a saved entry is done. The
// run's challenge, the reports and the closing self-assessment are not
// counted.
func PhaseProgress(wb *Workbook, entries []Entry) []PhaseCount {
	done := entered(entries)
	out := make([]PhaseCount, len(Phases))
	for i, p := range Phases {
		out[i].Phase = p
	}
	if wb == nil {
		return out
	}
	for _, ex := range wb.Exercises {
		if ex.Kind != KindOnce || ex.Phase < int(PhaseClarity) || ex.Phase > int(PhaseInfluence) {
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

// SectionDone reports whether every one-time exercise of the section has
// an entry among entries; false for a section without one-time exercises.
// The reader marks such sections in its contents.
func SectionDone(wb *Workbook, sectionID string, entries []Entry) bool {
	done := entered(entries)
	n := 0
	for _, ex := range wb.ExercisesFor(sectionID) {
		if ex.Kind != KindOnce {
			continue
		}
		if !done[ex.ID] {
			return false
		}
		n++
	}
	return n > 0
}

// FindEntry returns the latest entry (entries are oldest first) of the
// exercise: the one entry of a one-time exercise, the newest report.
func FindEntry(entries []Entry, exercise string) (Entry, bool) {
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Exercise == exercise {
			return entries[i], true
		}
	}
	return Entry{}, false
}

// entered is the set of exercises that have an entry.
func entered(entries []Entry) map[string]bool {
	done := make(map[string]bool, len(entries))
	for _, e := range entries {
		done[e.Exercise] = true
	}
	return done
}
