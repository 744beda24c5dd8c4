package ovation_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/labwire/labwire/ovation"
)

// answerTransport answers every request 200 with body, without a network.
type answerTransport struct{ body []byte }

func (a answerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(a.body)), ContentLength: int64(len(a.body)), Request: r}, nil
}

// BenchmarkGetRequisition is a whole Requisitions.Get through the client and its transport
// (an in-memory answer, no network), the route's decode included. It uses the public API
// only, so that the same file runs on an older commit for a before/after comparison:
//
//	go test ./ovation -run '^$' -bench BenchmarkGetRequisition -benchmem -count 6
func BenchmarkGetRequisition(b *testing.B) {
	body, err := os.ReadFile("testdata/bench_get_requisition.json")
	if err != nil {
		b.Fatal(err)
	}
	c, err := ovation.NewClient(ovation.WithBaseURL("http://127.0.0.1/api/v3"), ovation.WithAPIKey("k"),
		ovation.WithHTTPClient(&http.Client{Transport: answerTransport{body}}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r, err := c.Requisitions.Get(ctx, "789", "COVID-107")
		if err != nil || r.ID != "26355" || len(r.RawJSON()) == 0 {
			b.Fatal(err)
		}
	}
}
