package store

import (
	"path/filepath"
	"testing"
)

// BenchmarkOpenStore opens an existing, migrated database (read-only check,
// pooled open, migration check) and closes it.
func BenchmarkOpenStore(b *testing.B) {
	p := filepath.Join(b.TempDir(), "autonomy.db")
	mustOpen(b, p).Close()
	for b.Loop() {
		s, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
