package ovation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/labwire/labwire/ovation"
)

// Paging benchmark (issue 10 item 5): 20 pages of 5000 requisitions from a loopback server,
// the client's streamed All beside plain net/http + json.Unmarshal of each whole page into
// the same types. Run:
//
//	go test ./ovation -run '^$' -bench BenchmarkListPages -benchmem -count 6
//
// Each reports ns/op (for all 20 pages) and peak-live-MB: the most heap that was live
// (measured after a forced GC, above the heap before the run) at checkpoints in an untimed
// pass: every 500 requisitions while streaming, and after each page is unmarshalled for the
// baseline (the moment it holds both the page's bytes and its decoded slice).

const (
	benchPages   = 20
	benchPerPage = 5000
)

// benchServer serves pages of the seed's list item (ids varied), holding one page's items
// in memory for all pages.
func benchServer(b *testing.B) *httptest.Server {
	b.Helper()
	var items bytes.Buffer
	for i := range benchPerPage {
		if i > 0 {
			items.WriteByte(',')
		}
		fmt.Fprintf(&items, `{"id":%d,"identifier":"REQ-%06d","requisition_template_id":789,"status":"processing",`+
			`"accession_status":"incomplete","processing_status":"unprocessed","reporting_status":"not-started",`+
			`"billing_status":"not-submitted","created_at":"2020-08-22T08:00:00.000Z","updated_at":"2020-08-22T09:30:00.000Z",`+
			`"workflows":[{"id":%d,"name":"PCR batch","status":"completed","workflow_definition_id":5,`+
			`"created_at":"2020-08-22T10:00:00.000Z","completed_at":"2020-08-22T12:00:00.000Z",`+
			`"samples":[{"identifier":"S-%06d-1","workflow_sample_result_ids":[%d]},{"identifier":"S-%06d-2","workflow_sample_result_ids":[%d]}]}]}`,
			26000+i, i, 900000+i, i, 1000000+2*i, i, 1000001+2*i)
	}
	body := items.Bytes()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 0 {
			page = 1
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"requisitions":[`)
		if page <= benchPages {
			_, _ = w.Write(body)
		}
		fmt.Fprintf(w, `],"meta":{"currentPage":%d,"perPage":%d,"totalEntries":%d}}`, page, benchPerPage, benchPages*benchPerPage)
	}))
	b.Cleanup(ts.Close)
	return ts
}

type pageOfRequisitions struct {
	Requisitions []ovation.Requisition `json:"requisitions"`
	Meta         ovation.Meta          `json:"meta"`
}

// liveHeap is the heap live after a full GC.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func streamAll(b *testing.B, c *ovation.Client, checkpoint func()) int {
	n := 0
	for r, err := range c.Requisitions.All(context.Background(), "789", nil) {
		if err != nil {
			b.Fatal(err)
		}
		if r.ID == "" {
			b.Fatal("empty requisition")
		}
		n++
		if checkpoint != nil && n%500 == 0 {
			checkpoint()
		}
	}
	return n
}

func unmarshalAll(b *testing.B, hc *http.Client, base string, checkpoint func()) int {
	n := 0
	for page := 1; page <= benchPages; page++ {
		resp, err := hc.Get(base + "/project_templates/789/requisitions?page=" + strconv.Itoa(page))
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		var p pageOfRequisitions
		if err := json.Unmarshal(data, &p); err != nil {
			b.Fatal(err)
		}
		if checkpoint != nil {
			checkpoint()
		}
		runtime.KeepAlive(data)
		n += len(p.Requisitions)
	}
	return n
}

// peak runs f once untimed and returns the largest live heap above the start seen at its
// checkpoints.
func peak(f func(checkpoint func())) uint64 {
	base := liveHeap()
	var most uint64
	f(func() {
		if h := liveHeap(); h > base && h-base > most {
			most = h - base
		}
	})
	return most
}

func BenchmarkListPages(b *testing.B) {
	ts := benchServer(b)
	base := ts.URL + "/api/v3"
	b.Run("stream", func(b *testing.B) {
		c, err := ovation.NewClient(ovation.WithBaseURL(base), ovation.WithAPIKey("k"))
		if err != nil {
			b.Fatal(err)
		}
		p := peak(func(cp func()) { streamAll(b, c, cp) })
		b.ResetTimer()
		for b.Loop() {
			if n := streamAll(b, c, nil); n != benchPages*benchPerPage {
				b.Fatalf("got %d requisitions", n)
			}
		}
		b.ReportMetric(float64(p)/1e6, "peak-live-MB")
	})
	b.Run("unmarshal", func(b *testing.B) {
		hc := &http.Client{}
		p := peak(func(cp func()) { unmarshalAll(b, hc, base, cp) })
		b.ResetTimer()
		for b.Loop() {
			if n := unmarshalAll(b, hc, base, nil); n != benchPages*benchPerPage {
				b.Fatalf("got %d requisitions", n)
			}
		}
		b.ReportMetric(float64(p)/1e6, "peak-live-MB")
	})
}

// BenchmarkListPagesInterleaved runs both ways alternately in each iteration, so that a
// shared machine's load falls on both alike, and reports each one's time per 20 pages and
// the ratios (stream/unmarshal) of time and of peak live heap.
func BenchmarkListPagesInterleaved(b *testing.B) {
	ts := benchServer(b)
	base := ts.URL + "/api/v3"
	c, err := ovation.NewClient(ovation.WithBaseURL(base), ovation.WithAPIKey("k"))
	if err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{}
	ps := peak(func(cp func()) { streamAll(b, c, cp) })
	pu := peak(func(cp func()) { unmarshalAll(b, hc, base, cp) })
	var st, ut time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// Alternate which goes first.
		for j := range 2 {
			t0 := time.Now()
			if (i+j)%2 == 0 {
				streamAll(b, c, nil)
				st += time.Since(t0)
			} else {
				unmarshalAll(b, hc, base, nil)
				ut += time.Since(t0)
			}
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(st.Nanoseconds())/n, "stream-ns/op")
	b.ReportMetric(float64(ut.Nanoseconds())/n, "unmarshal-ns/op")
	b.ReportMetric(float64(st)/float64(ut), "time-ratio")
	b.ReportMetric(float64(ps)/1e6, "stream-peak-MB")
	b.ReportMetric(float64(pu)/1e6, "unmarshal-peak-MB")
	b.ReportMetric(float64(ps)/float64(pu), "heap-ratio")
}
