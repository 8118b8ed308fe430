package store

import (
	"context"
	"testing"
	"time"
)

func TestSafetySeenRoundTrip(t *testing.T) {
	s, p := newStore(t)
	ctx := context.Background()
	if seen, err := s.SafetySeen(ctx); err != nil || seen {
		t.Fatalf("new database: seen %v, %v", seen, err)
	}
	if err := s.MarkSafetySeen(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSafetySeen(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = mustOpen(t, p)
	defer s.Close()
	if seen, err := s.SafetySeen(ctx); err != nil || !seen {
		t.Fatalf("after reopening: seen %v, %v", seen, err)
	}
}
