package workbook

import (
	"errors"
	"fmt"
	"time"
)

// dateLayout is how a Date is written: YYYY-MM-DD.
const dateLayout = "2006-01-02"

// DateOf returns the calendar day of t in t's own location. Pass a time in
// the person's local zone (time.Now() is), so the day moves on at local
// midnight.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads a real date written strictly as YYYY-MM-DD ("2026-11-28";
// not "2026-11-28 ", "2026-1-28" or "2026-02-30"). The error can be shown
// to the person as is.
func ParseDate(s string) (Date, error) {
	if err := validateDate(s); err != nil {
		return Date{}, err
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil { // validateDate already checked; kept for safety
		return Date{}, errors.New("not a real date")
	}
	return DateOf(t), nil
}

// String writes the date as YYYY-MM-DD ("2026-11-28"). The zero Date is "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// utc is midnight UTC of d. Dates are counted in UTC, where every day has
// 24 hours, so daylight saving time never shifts a count.
func (d Date) utc() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// In returns the first instant of d in loc: midnight, or the first instant
// after it when that zone skips midnight on that day.
func (d Date) In(loc *time.Location) time.Time {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	if DateOf(t).Before(d) {
		// Midnight does not exist (a daylight saving jump at 00:00) and
		// time.Date chose the hour before it: the day starts at the jump.
		_, end := t.ZoneBounds()
		if !end.IsZero() {
			t = end
		}
	}
	return t
}

// AddDays returns the date n days after d (before it when n < 0).
func (d Date) AddDays(n int) Date {
	return DateOf(d.utc().AddDate(0, 0, n))
}

// DaysUntil returns o - d in days: 1 when o is the day after d, negative
// when o is before d.
func (d Date) DaysUntil(o Date) int {
	return int((o.utc().Unix() - d.utc().Unix()) / (24 * 60 * 60))
}

// Compare returns -1 when d is before o, 0 when they are the same day and
// +1 when d is after o.
func (d Date) Compare(o Date) int {
	return d.utc().Compare(o.utc())
}

// Before reports whether d is a day before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is a day after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same day.
func (d Date) Equal(o Date) bool { return d.Compare(o) == 0 }

// NextMidnight returns the next local midnight after now, in now's
// location: the instant the date changes. It is right across daylight
// saving changes (a 23- or 25-hour day), also where a zone skips midnight
// itself. The app sets a timer to it so the day moves on while it is open.
func NextMidnight(now time.Time) time.Time {
	next := DateOf(now).AddDays(1).In(now.Location())
	if !next.After(now) {
		// Only with a zone that turns its clock back across midnight;
		// never return a time that has passed.
		next = now.Add(time.Minute)
	}
	return next
}

// Clock tells the time. The app uses SystemClock; tests use FixedClock to
// set any date. A nil Clock is the system clock.
type Clock func() time.Time

// SystemClock is time.Now.
var SystemClock Clock = time.Now

// FixedClock is a clock that always says t.
func FixedClock(t time.Time) Clock {
	return func() time.Time { return t }
}

// Now returns the clock's time.
func (c Clock) Now() time.Time {
	if c == nil {
		return time.Now()
	}
	return c()
}

// Today returns the calendar day of the clock's time, in its location.
func (c Clock) Today() Date { return DateOf(c.Now()) }
