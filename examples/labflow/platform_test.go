package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
)

// TestPlatformSyncsEachResultOnce feeds the platform's order.new_result handler events a
// second apart: a result repeated in a later event is not stored again, a changed one is,
// and an older event never overwrites a newer one.
func TestPlatformSyncsEachResultOnce(t *testing.T) {
	t.Parallel()
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	b := rupatest.EventBuilder{Now: func() time.Time { return clock }}
	p := &platform{
		clinics: map[string][]string{rupatest.DefaultClinicID: {rupatest.DefaultPractitionerID}},
		synced:  map[syncKey]syncedResult{},
		hooks:   &hookStats{},
		events:  newMailbox(),
	}
	order := rupatest.Order{ID: "ord_t", PatientID: "pat_t", Tests: []rupatest.OrderedTest{
		{ID: "ordts_a", LabTestID: "labts_a", ResultsPDF: "https://r.example.test/a.pdf", ResultsReceived: clock},
		{ID: "ordts_b", LabTestID: "labts_b"},
	}}
	deliver := func(e rupatest.Event) {
		t.Helper()
		ev, err := rupa.ParseEvent(e.JSON())
		require.NoError(t, err)
		n, err := ev.OrderNewResult()
		require.NoError(t, err)
		require.NoError(t, p.orderNewResult(t.Context(), n))
	}
	first := b.OrderNewResult(order)
	deliver(first)
	assertSynced(t, p, 1, 1)

	clock = clock.Add(time.Second) // the second result, in a later event that repeats the first
	order.Tests[1].ResultsPDF, order.Tests[1].ResultsReceived = "https://r.example.test/b.pdf", clock
	deliver(b.OrderNewResult(order))
	assertSynced(t, p, 2, 2)

	clock = clock.Add(time.Second) // the first result changes
	order.Tests[0].ResultsPDF, order.Tests[0].ResultsReceived = "https://r.example.test/a-corrected.pdf", clock
	deliver(b.OrderNewResult(order))
	assertSynced(t, p, 2, 3)

	deliver(first) // the first event, late: older than what is stored
	assertSynced(t, p, 2, 3)
}

func assertSynced(t *testing.T, p *platform, results, applied int) {
	t.Helper()
	r, a := p.syncedCount()
	assert.Equal(t, results, r, "results stored")
	assert.Equal(t, applied, a, "stores and updates")
}
