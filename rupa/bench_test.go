package rupa_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/labwire/labwire/rupa"
)

// plainEvent is what a hand-written receiver would decode the seed into with encoding/json:
// the baseline of BenchmarkParseEvent (no strict checks, no index, no kept raw JSON).
type plainEvent struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Data      struct {
		Object   plainResource   `json:"object"`
		Included []plainResource `json:"included"`
	} `json:"data"`
}

type plainResource struct {
	ID            string          `json:"id"`
	Type          string          `json:"type"`
	Attributes    json.RawMessage `json:"attributes"`
	Relationships map[string]struct {
		Data json.RawMessage `json:"data"`
		Meta *struct {
			Count int `json:"count"`
		} `json:"meta"`
	} `json:"relationships"`
}

// BenchmarkParseEvent compares ParseEvent and the clinic lookup on the seed's event with
// plain encoding/json in the same run:
//
//	go test -run '^$' -bench ParseEvent -benchmem -count 6 ./rupa/
func BenchmarkParseEvent(b *testing.B) {
	body := seedEvent(b)
	b.Run("rupa", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e, err := rupa.ParseEvent(body)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := e.ClinicID(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var e plainEvent
			if err := json.Unmarshal(body, &e); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParseEventParts splits ParseEvent's cost: rupa's types decoded by encoding/json
// without package jsonx's strict scan and without the index.
func BenchmarkParseEventParts(b *testing.B) {
	body := seedEvent(b)
	b.Run("types-without-strict-scan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var e rupa.Event
			if err := json.Unmarshal(body, &e); err != nil {
				b.Fatal(err)
			}
		}
	})
}
