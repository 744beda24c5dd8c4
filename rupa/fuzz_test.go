package rupa_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/labwire/labwire/rupa"
)

// FuzzParseEvent feeds the event decoder untrusted bytes: it must never panic, must refuse
// with ErrInvalidEvent, and what it accepts must have an id, a type and an object, and every
// lookup on it (clinic matching, typed decoding, relationship resolution) must fail cleanly.
// The corpus is in testdata/fuzz/FuzzParseEvent.
func FuzzParseEvent(f *testing.F) {
	f.Add(seedEvent(f))
	f.Add([]byte(`{"id":"evt_1","type":"order.new_result","data":{"object":{"id":"ord_1","type":"order","relationships":{"patients_practitioner":{"data":{"id":"pra_1","type":"practitioner"}}}},"included":[{"id":"pra_1","type":"practitioner","relationships":{"clinic":{"data":[]}}}]}}`))
	f.Add([]byte(`{"id":"evt_1","type":"x","data":{"object":{"id":"ord_1","type":"order","relationships":{"ordered_tests":{"data":null,"meta":{"count":-1}}}}}}`))
	f.Add([]byte(`{"id":"evt_1","type":"order.new_result","data":{"object":{"id":"pra_1","type":"practitioner","attributes":{"address":"x"}},"included":[]}}`))
	f.Add([]byte(`{"id":"e","type":"t","data":{"object":{"id":"o","type":"order","attributes":{"total_price":"1e999999"}}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := rupa.ParseEvent(body)
		if err != nil {
			if !errors.Is(err, rupa.ErrInvalidEvent) {
				t.Fatalf("error does not match ErrInvalidEvent: %v", err)
			}
			return
		}
		if e.ID == "" || e.Type == "" || e.Data.Object.ID == "" || e.Data.Object.Type == "" {
			t.Fatal("accepted an event without id, type or object")
		}
		_, _ = e.ClinicID()
		if n, err := e.OrderNewResult(); err == nil {
			_, _ = n.PatientsPractitioner()
			_, _ = n.Order.PatientsPractitioner()
			_, _ = n.Order.OrderedTests()
		}
		ix := e.Index()
		for _, r := range append([]rupa.Resource{e.Data.Object}, e.Data.Included...) {
			for name := range r.Relationships {
				_, _ = ix.Related(&r, name)
				_, _ = ix.RelatedMany(&r, name)
			}
			_, _ = r.AsOrder()
			_, _ = r.AsOrderedTest()
			_, _ = r.AsPractitioner()
			_, _ = r.AsPatient()
		}
		_ = e.String()
		if !bytes.Equal(e.RawJSON(), body) {
			t.Fatal("RawJSON is not the body byte for byte")
		}
		for _, r := range append([]*rupa.Resource{&e.Data.Object}, pointers(e.Data.Included)...) {
			var got struct{ ID, Type string }
			if err := json.Unmarshal(r.RawJSON(), &got); err != nil || got.ID != r.ID || got.Type != r.Type {
				t.Fatalf("a resource's RawJSON is not that resource: %v", err)
			}
		}
	})
}

func pointers(rs []rupa.Resource) []*rupa.Resource {
	out := make([]*rupa.Resource, len(rs))
	for i := range rs {
		out[i] = &rs[i]
	}
	return out
}
