package ovation

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DateFilter is a startDate or endDate filter: a calendar date or a date-time. Build it with
// OnDate, ThroughDate or AtTime; the zero DateFilter sends nothing.
//
// Ovation reads a date without a time as 00:00:00 of that day in the organization's time
// zone. As an EndDate that excludes the day itself: EndDate OnDate(2020-08-22) stops at the
// start of the 22nd. Use ThroughDate(2020-08-22) to include the 22nd (it sends the 23rd).
type DateFilter struct {
	date Date `phi:"none"`
	t    time.Time
}

// OnDate filters at 00:00:00 of d in the organization's time zone ("2020-08-22").
func OnDate(d Date) DateFilter { return DateFilter{date: d} }

// ThroughDate is an EndDate that includes all of d: it sends the day after d, whose
// 00:00:00 is where d ends.
func ThroughDate(d Date) DateFilter {
	t := time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, time.UTC)
	return DateFilter{date: Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}}
}

// AtTime filters at the instant t, sent as ISO 8601 with milliseconds and t's own offset
// ("2020-08-22T08:00:00.000Z" for a UTC time). Ovation's docs say the filters are in the
// organization's time zone yet show a "Z" example; an explicit offset is unambiguous.
func AtTime(t time.Time) DateFilter { return DateFilter{t: t} }

// IsZero reports whether f sends nothing.
func (f DateFilter) IsZero() bool { return f.date.IsZero() && f.t.IsZero() }

// String returns the query value ("" for the zero DateFilter).
func (f DateFilter) String() string {
	if !f.t.IsZero() {
		return f.t.Format("2006-01-02T15:04:05.000Z07:00")
	}
	return f.date.String()
}

// maxPerPage is Ovation's largest (and default) page of requisitions and provider accounts.
const maxPerPage = 5000

// query builds a URL query; its methods skip empty values.
type query url.Values

func (q query) str(key, v string) {
	if v != "" {
		url.Values(q).Set(key, v)
	}
}

func (q query) date(key string, f DateFilter) { q.str(key, f.String()) }

func (q query) int(key string, n int) {
	if n != 0 {
		url.Values(q).Set(key, strconv.Itoa(n))
	}
}

// list joins values with commas, after checkList has refused values holding one.
func list[T ~string](q query, key string, vs []T) {
	if len(vs) == 0 {
		return
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	url.Values(q).Set(key, strings.Join(parts, ","))
}

// checkList refuses empty values and values with a comma in a comma-delimited filter.
func checkList[T ~string](field string, vs []T) error {
	for i, v := range vs {
		if v == "" || strings.Contains(string(v), ",") {
			return &ValidationError{Vendor: vendor, Field: field + "[" + strconv.Itoa(i) + "]", Reason: "must be non-empty and hold no comma"}
		}
	}
	return nil
}

// checkPaging refuses a negative page and a perPage outside 0..max.
func checkPaging(page, perPage, max int) error {
	switch {
	case page < 0:
		return &ValidationError{Vendor: vendor, Field: "Page", Reason: "must not be negative (pages start at 1)"}
	case perPage < 0:
		return &ValidationError{Vendor: vendor, Field: "PerPage", Reason: "must not be negative"}
	case perPage > max:
		return &ValidationError{Vendor: vendor, Field: "PerPage", Reason: "must be at most " + strconv.Itoa(max)}
	}
	return nil
}
