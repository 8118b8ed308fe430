package workbook

import "strings"

// SafetySections are the guide's sections "!" shows: the safety boundary
// and the safety note, in the guide's order.
func (w *Workbook) SafetySections() []Section {
	var out []Section
	for _, s := range w.Sections {
		if s.ID == SafetySection || strings.HasPrefix(s.ID, "safety-note") {
			out = append(out, s)
		}
	}
	return out
}
