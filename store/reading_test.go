package store

import (
	"context"
	"reflect"
	"testing"
)

func TestReadSections(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	if got, err := s.ReadSections(ctx); err != nil || len(got) != 0 {
		t.Fatalf("ReadSections = %v, %v", got, err)
	}
	for _, id := range []string{"safety-boundary", "intro", "safety-boundary"} {
		if err := s.MarkRead(ctx, id, t0); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s = mustOpen(t, p)
	defer s.Close()
	got, err := s.ReadSections(ctx)
	if err != nil || !reflect.DeepEqual(got, map[string]bool{"safety-boundary": true, "intro": true}) {
		t.Errorf("ReadSections = %v, %v", got, err)
	}
}
