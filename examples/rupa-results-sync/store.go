package main

import (
	"sort"
	"sync"
	"time"

	"github.com/labwire/labwire/rupa"
)

// resultKey identifies one result in your system: an ordered test of an order, synced to one
// of your practitioners.
type resultKey struct {
	practitioner, orderedTest string
}

// result is what the platform stores per practitioner and ordered test.
type result struct {
	order       string
	version     int       // 1 for the first result, +1 per changed result applied
	eventAt     time.Time // created_at of the event it came from
	eventID     string
	pdf, hl7    string // the results attributes as Rupa sent them (JSON); PHI
	receivedLab *time.Time
}

// store is the platform's results table, in memory for the example. apply is the only writer
// and is idempotent: a result is written once per change, whatever the deliveries.
type store struct {
	mu      sync.Mutex
	results map[resultKey]*result
	stats   stats
}

// stats counts what happened to each ordered test an event carried.
type stats struct {
	events, applied, changed, unchanged, stale, pending, unmatched, otherTypes, deadLetters int
}

func newStore() *store { return &store{results: make(map[resultKey]*result)} }

// outcome is what apply did with one ordered test for one practitioner.
type outcome int

const (
	outcomeNew       outcome = iota // first result stored
	outcomeChanged                  // a newer, different result replaced it
	outcomeUnchanged                // same result again (another event for the same state)
	outcomeStale                    // an older event arrived after a newer one: ignored
)

// apply records the ordered test's result for practitioner from an event created at at.
// Events can arrive twice, out of order, and as changes: the newest event per ordered test
// wins, an older one is ignored, and an identical result is not written again.
func (s *store) apply(practitioner, order string, t *rupa.OrderedTest, eventID string, at time.Time) outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := resultKey{practitioner, t.ID}
	next := &result{
		order: order, eventAt: at, eventID: eventID,
		pdf: string(t.Attributes.ResultsPDF.RawJSON()), hl7: string(t.Attributes.ResultsHL7.RawJSON()),
		receivedLab: t.Attributes.DateResultsReceivedFromLab,
	}
	cur, ok := s.results[k]
	switch {
	case !ok:
		next.version = 1
		s.results[k] = next
		s.stats.applied++
		return outcomeNew
	case at.Before(cur.eventAt) || at.Equal(cur.eventAt) && eventID <= cur.eventID:
		if eventID == cur.eventID {
			s.stats.unchanged++
			return outcomeUnchanged
		}
		s.stats.stale++
		return outcomeStale
	case sameResult(cur, next):
		cur.eventAt, cur.eventID = at, eventID
		s.stats.unchanged++
		return outcomeUnchanged
	}
	next.version = cur.version + 1
	s.results[k] = next
	s.stats.changed++
	return outcomeChanged
}

func sameResult(a, b *result) bool {
	sameTime := (a.receivedLab == nil) == (b.receivedLab == nil) &&
		(a.receivedLab == nil || a.receivedLab.Equal(*b.receivedLab))
	return a.pdf == b.pdf && a.hl7 == b.hl7 && sameTime
}

func (s *store) count(f func(*stats)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.stats)
}

// rows returns the stored results sorted by practitioner and ordered test.
func (s *store) rows() []struct {
	key resultKey
	res result
} {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]struct {
		key resultKey
		res result
	}, 0, len(s.results))
	for k, r := range s.results {
		out = append(out, struct {
			key resultKey
			res result
		}{k, *r})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].key.practitioner != out[j].key.practitioner {
			return out[i].key.practitioner < out[j].key.practitioner
		}
		return out[i].key.orderedTest < out[j].key.orderedTest
	})
	return out
}
