package ovation

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/labwire/labwire/internal/wiretest"
)

// TestExampleAnswersDecodeAsEncodingJSON decodes Ovation's example payloads (testdata:
// the seed's requisition, list and create answers, the benchmark's requisition, and the
// events) into the package's types through jsonx's decoder and through json.Unmarshal,
// which must agree.
func TestExampleAnswersDecodeAsEncodingJSON(t *testing.T) {
	type envelope struct {
		Requisition  Requisition `json:"requisition"`
		MarkAsSigned bool        `json:"markAsSigned"`
	}
	type event struct {
		eventPlain
		PhysicianNPI string `json:"physicianNPI"`
	}
	type page struct {
		Requisitions []Requisition `json:"requisitions"`
		Meta         Meta          `json:"meta"`
	}
	cases := []struct {
		file string
		new  func() any
	}{
		{"seed_requisition.json", func() any { return new(envelope) }},
		{"seed_list_response.json", func() any { return new(page) }},
		{"seed_create_response.json", func() any { return new(envelope) }},
		{"bench_get_requisition.json", func() any { return new(envelope) }},
	}
	events, err := filepath.Glob("testdata/events/*.json")
	if err != nil || len(events) == 0 {
		t.Fatalf("events: %v", err)
	}
	for _, e := range events {
		cases = append(cases, struct {
			file string
			new  func() any
		}{filepath.Join("events", filepath.Base(e)), func() any { return new(event) }})
	}
	for _, c := range cases {
		data, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		wiretest.DecodesAsEncodingJSON(t, c.file, data, c.new)
	}
}
