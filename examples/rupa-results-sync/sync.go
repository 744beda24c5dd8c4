package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/webhook/dispatch"
)

// syncer applies Rupa's order.new_result events to the practitioners of the event's clinic:
// the results-syncing guide's handle_order_new_result.
type syncer struct {
	clinics practitioners
	store   *store
	log     io.Writer

	mu       sync.Mutex
	expected string // why a dead letter is expected now (offline's scripted deliveries); "" online
}

// expectDeadLetter says why the next deliveries are expected to be dead-lettered; "" ends
// the expectation.
func (s *syncer) expectDeadLetter(why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expected = why
}

// deadLetters is how many events were dead-lettered so far.
func (s *syncer) deadLetters() int {
	n := 0
	s.store.count(func(st *stats) { n = st.deadLetters })
	return n
}

// deadLetter receives an event that failed in a way a redelivery cannot fix. A real
// platform stores it for someone to look at; this one counts it and prints what kind of
// failure it was (never the event's content), and whether it was expected.
func (s *syncer) deadLetter(_ context.Context, _ dispatch.Event, err error) {
	s.store.count(func(st *stats) { st.deadLetters++ })
	s.mu.Lock()
	why := s.expected
	s.mu.Unlock()
	if why != "" {
		why = " (expected: " + why + ")"
	}
	fmt.Fprintf(s.log, "  dead letter: %s failure, kept for a person to look at%s\n", dispatch.Category(err), why)
}

// handlers are the webhook's event functions.
func (s *syncer) handlers() rupa.EventRouter {
	return rupa.EventRouter{
		OrderNewResult: s.orderNewResult,
		Default: func(_ context.Context, e *rupa.Event) error {
			s.store.count(func(st *stats) { st.events++; st.otherTypes++ })
			fmt.Fprintf(s.log, "  event %s: type %s not synced\n", e.ID, e.Type)
			return nil
		},
	}
}

func (s *syncer) orderNewResult(_ context.Context, n *rupa.OrderNewResult) error {
	s.store.count(func(st *stats) { st.events++ })
	clinic, err := n.ClinicID()
	if err != nil {
		// The practitioner or its clinic link is missing: retrying cannot fix the event.
		return dispatch.Permanent(err)
	}
	pras := s.clinics[clinic]
	if len(pras) == 0 {
		s.store.count(func(st *stats) { st.unmatched++ })
		fmt.Fprintf(s.log, "  event %s: order %s of a clinic none of our practitioners is in\n", n.Event.ID, n.Order.ID)
		return nil
	}
	var did []string
	for _, t := range n.OrderedTests {
		if !t.Attributes.HasResults() {
			s.store.count(func(st *stats) { st.pending++ })
			did = append(did, t.ID+" pending")
			continue
		}
		for _, p := range pras {
			o := s.store.apply(p, n.Order.ID, t, n.Event.ID, n.Event.CreatedAt)
			did = append(did, fmt.Sprintf("%s → %s %s", t.ID, p, [...]string{"new", "changed", "unchanged", "stale (ignored)"}[o]))
		}
	}
	fmt.Fprintf(s.log, "  event %s: order %s, clinic %s: %s\n", n.Event.ID, n.Order.ID, clinic, strings.Join(did, ", "))
	return nil
}
