package workbook_test

import (
	"testing"
	"time"
	_ "time/tzdata" // so the real zones below exist on any machine

	"autonomy/workbook"
)

func d(s string) workbook.Date {
	date, err := workbook.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return date
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s: %v", name, err)
	}
	return loc
}

func TestParseDate(t *testing.T) {
	good := map[string]workbook.Date{
		"2026-11-28": {Year: 2026, Month: time.November, Day: 28},
		"2024-02-29": {Year: 2024, Month: time.February, Day: 29},
		"0001-01-01": {Year: 1, Month: time.January, Day: 1},
		"9999-12-31": {Year: 9999, Month: time.December, Day: 31},
	}
	for s, want := range good {
		got, err := workbook.ParseDate(s)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
		if got.String() != s {
			t.Errorf("ParseDate(%q).String() = %q", s, got.String())
		}
	}
	for _, s := range []string{
		"", "2026-11-2", "2026-1-28", "26-11-28", "2026/11/28", "2026-11-28 ",
		" 2026-11-28", "2026-11-28T00:00:00Z", "2026-02-29", "2026-02-30",
		"2026-13-01", "2026-00-10", "2026-04-31", "2026-11-00", "+026-11-28",
		"２０２６-11-28", "2026-11-2x",
	} {
		if got, err := workbook.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, got)
		}
	}
}

func TestDateString(t *testing.T) {
	if s := (workbook.Date{}).String(); s != "" {
		t.Errorf("zero Date = %q, want \"\"", s)
	}
	if s := (workbook.Date{Year: 987, Month: 3, Day: 4}).String(); s != "0987-03-04" {
		t.Errorf("String = %q", s)
	}
	if !(workbook.Date{}).IsZero() || d("2026-01-01").IsZero() {
		t.Error("IsZero")
	}
}

func TestDateOf(t *testing.T) {
	ny := zone(t, "America/New_York")
	tokyo := time.FixedZone("UTC+9", 9*3600)
	instant := time.Date(2026, 11, 28, 3, 30, 0, 0, time.UTC)
	tests := []struct {
		t    time.Time
		want string
	}{
		{instant, "2026-11-28"},
		{instant.In(ny), "2026-11-27"},
		{instant.In(tokyo), "2026-11-28"},
		{time.Date(2026, 11, 28, 23, 59, 59, 999999999, ny), "2026-11-28"},
		{time.Date(2026, 11, 29, 0, 0, 0, 0, ny), "2026-11-29"},
		{time.Date(2026, 12, 31, 23, 59, 59, 0, tokyo), "2026-12-31"},
		{time.Date(2026, 12, 31, 23, 59, 59, 0, tokyo).Add(time.Second), "2027-01-01"},
	}
	for _, tt := range tests {
		if got := workbook.DateOf(tt.t).String(); got != tt.want {
			t.Errorf("DateOf(%v) = %s, want %s", tt.t, got, tt.want)
		}
	}
}

func TestAddDaysAndDaysUntil(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-28", 0, "2026-11-28"},
		{"2026-11-28", 1, "2026-11-29"},
		{"2026-11-28", 3, "2026-12-01"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2025-02-28", 1, "2025-03-01"},
		{"2026-03-01", -1, "2026-02-28"},
		{"2026-03-07", 2, "2026-03-09"}, // across the US change to summer time
		{"2026-10-31", 2, "2026-11-02"}, // and back
		{"2026-11-28", 29, "2026-12-27"},
		{"2026-01-01", 365, "2027-01-01"},
		{"2024-01-01", 366, "2025-01-01"},
		{"2026-11-28", -400, "2025-10-24"},
	}
	for _, tt := range tests {
		from := d(tt.from)
		got := from.AddDays(tt.n)
		if got.String() != tt.want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
		if n := from.DaysUntil(got); n != tt.n {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tt.from, got, n, tt.n)
		}
		if n := got.DaysUntil(from); n != -tt.n {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", got, tt.from, n, -tt.n)
		}
	}
	if n := d("0001-01-01").DaysUntil(d("9999-12-31")); n != 3652058 {
		t.Errorf("DaysUntil over the whole range = %d", n)
	}
}

func TestDateCompare(t *testing.T) {
	a, b := d("2026-11-28"), d("2026-11-29")
	c := d("2026-12-01")
	if !a.Before(b) || a.After(b) || a.Equal(b) || a.Compare(b) != -1 {
		t.Error("a vs b")
	}
	if !c.After(b) || c.Before(b) || c.Compare(a) != 1 {
		t.Error("c vs b")
	}
	if !a.Equal(d("2026-11-28")) || a.Compare(a) != 0 || a.Before(a) || a.After(a) {
		t.Error("a vs a")
	}
	if !d("2025-12-31").Before(d("2026-01-01")) {
		t.Error("across a year")
	}
}

func TestDateIn(t *testing.T) {
	ny := zone(t, "America/New_York")
	got := d("2026-03-08").In(ny) // summer time starts at 02:00
	if want := time.Date(2026, 3, 8, 0, 0, 0, 0, ny); !got.Equal(want) {
		t.Errorf("In(ny) = %v, want %v", got, want)
	}
	// Santiago skips midnight: 2024-09-08 starts at 01:00 local.
	scl := zone(t, "America/Santiago")
	got = d("2024-09-08").In(scl)
	if workbook.DateOf(got) != d("2024-09-08") || got.Hour() != 1 || got.Minute() != 0 {
		t.Errorf("In(Santiago) on the day without midnight = %v", got)
	}
	if before := got.Add(-time.Nanosecond); workbook.DateOf(before) != d("2024-09-07") {
		t.Errorf("the instant before %v is %v, still the same day", got, before)
	}
}

func TestNextMidnight(t *testing.T) {
	ny := zone(t, "America/New_York")
	scl := zone(t, "America/Santiago")
	plus := time.FixedZone("UTC+5:30", 5*3600+1800)
	tests := []struct {
		name string
		now  time.Time
		want time.Time
	}{
		{"utc noon", time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)},
		{"a second before", time.Date(2026, 11, 28, 23, 59, 59, 0, ny), time.Date(2026, 11, 29, 0, 0, 0, 0, ny)},
		{"at midnight itself", time.Date(2026, 11, 29, 0, 0, 0, 0, ny), time.Date(2026, 11, 30, 0, 0, 0, 0, ny)},
		{"fixed zone", time.Date(2026, 12, 31, 22, 0, 0, 0, plus), time.Date(2027, 1, 1, 0, 0, 0, 0, plus)},
		// 2026-03-08 has 23 hours in New York, 2026-11-01 has 25.
		{"spring forward day", time.Date(2026, 3, 8, 0, 30, 0, 0, ny), time.Date(2026, 3, 9, 0, 0, 0, 0, ny)},
		{"after the jump", time.Date(2026, 3, 8, 3, 0, 0, 0, ny), time.Date(2026, 3, 9, 0, 0, 0, 0, ny)},
		{"fall back day", time.Date(2026, 11, 1, 0, 30, 0, 0, ny), time.Date(2026, 11, 2, 0, 0, 0, 0, ny)},
		{"in the repeated hour", time.Date(2026, 11, 1, 1, 30, 0, 0, ny).Add(time.Hour), time.Date(2026, 11, 2, 0, 0, 0, 0, ny)},
		{"the day before spring forward", time.Date(2026, 3, 7, 23, 0, 0, 0, ny), time.Date(2026, 3, 8, 0, 0, 0, 0, ny)},
		{"before a skipped midnight", time.Date(2024, 9, 7, 23, 30, 0, 0, scl), time.Date(2024, 9, 8, 1, 0, 0, 0, scl)},
	}
	for _, tt := range tests {
		got := workbook.NextMidnight(tt.now)
		if !got.Equal(tt.want) {
			t.Errorf("%s: NextMidnight(%v) = %v, want %v", tt.name, tt.now, got, tt.want)
		}
		if got.Location() != tt.now.Location() {
			t.Errorf("%s: location %v, want %v", tt.name, got.Location(), tt.now.Location())
		}
	}
	// The hours of the 23- and 25-hour days.
	if h := workbook.NextMidnight(time.Date(2026, 3, 8, 0, 0, 0, 0, ny)).Sub(time.Date(2026, 3, 8, 0, 0, 0, 0, ny)); h != 23*time.Hour {
		t.Errorf("spring forward day lasts %v", h)
	}
	if h := workbook.NextMidnight(time.Date(2026, 11, 1, 0, 0, 0, 0, ny)).Sub(time.Date(2026, 11, 1, 0, 0, 0, 0, ny)); h != 25*time.Hour {
		t.Errorf("fall back day lasts %v", h)
	}
	// Walking a year of midnights in New York, every one is the first
	// instant of the next date.
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, ny)
	for i := range 366 {
		next := workbook.NextMidnight(now)
		if !next.After(now) || workbook.DateOf(next) != workbook.DateOf(now).AddDays(1) ||
			workbook.DateOf(next.Add(-time.Nanosecond)) != workbook.DateOf(now) {
			t.Fatalf("step %d: NextMidnight(%v) = %v", i, now, next)
		}
		now = next
	}
}

func TestClock(t *testing.T) {
	at := time.Date(2026, 11, 28, 23, 59, 59, 0, time.UTC)
	c := workbook.FixedClock(at)
	if !c.Now().Equal(at) || c.Today() != d("2026-11-28") {
		t.Errorf("FixedClock: %v %v", c.Now(), c.Today())
	}
	var zero workbook.Clock
	if zero.Now().IsZero() || workbook.SystemClock.Now().IsZero() {
		t.Error("nil clock or system clock gave the zero time")
	}
}
