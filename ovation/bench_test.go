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
	"sync"
	"testing"
	"time"

	"github.com/labwire/labwire/ovation"
)

// Paging benchmark (issue 10 item 5, issue 18 item 1): 20 pages of 5000 requisitions from a
// loopback server, the client's streamed All (impl=stream: strict, each requisition's raw
// JSON kept, the no-progress rule applied) beside a plain net/http GET, io.ReadAll and one
// json.Unmarshal of each whole page (impl=unmarshal) into structs of the same fields and
// field types without decoding methods of their own (pageOfRequisitions). Run:
//
//	go test ./ovation -run '^$' -bench 'BenchmarkListPages$' -benchmem -count 8 | tee /tmp/pages.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl /tmp/pages.txt
//
// Each reports ns/op, cpu-ns/op (the process's CPU time: on a busy machine wall time
// includes waiting for a CPU), allocs/op (for all 20 pages) and peak-live-MB: the most heap that
// was live (measured after a forced GC, above the heap before the run) at checkpoints in an
// untimed pass: every 500 requisitions while streaming, and after each page is unmarshalled
// for the baseline (the moment it holds both the page's bytes and its decoded slice). Run it
// with GOGC=10 as well: the peak is the same, the times are the GC-bound ones.
// BenchmarkListPagesInterleaved alternates both in one loop and reports the ratios. Each runs
// with the pages served by a loopback server (net=loopback: the server's CPU is the
// process's too, and a page read while it is written hands the CPU back and forth with it)
// and from memory (net=memory: the client's work only).

const (
	benchPages   = 20
	benchPerPage = 5000
)

// pageSource makes the served pages: the seed's list item 5000 times, the same bytes on
// every page but for each requisition's id, which holds the page number (1PPIIII), so that
// no page repeats another (the pager refuses a page of ids already seen). It holds one
// page's bytes, rewritten for each request (requests come one after the other).
type pageSource struct {
	mu       sync.Mutex
	template []byte
	idAt     []int // where each requisition id's page digits are in template
	buf      []byte
}

func newPageSource() *pageSource {
	var items bytes.Buffer
	s := &pageSource{idAt: make([]int, benchPerPage)}
	for i := range benchPerPage {
		if i > 0 {
			items.WriteByte(',')
		}
		s.idAt[i] = items.Len() + len(`{"id":1`)
		fmt.Fprintf(&items, `{"id":%d,"identifier":"REQ-%06d","requisition_template_id":789,"status":"processing",`+
			`"accession_status":"incomplete","processing_status":"unprocessed","reporting_status":"not-started",`+
			`"billing_status":"not-submitted","created_at":"2020-08-22T08:00:00.000Z","updated_at":"2020-08-22T09:30:00.000Z",`+
			`"workflows":[{"id":%d,"name":"PCR batch","status":"completed","workflow_definition_id":5,`+
			`"created_at":"2020-08-22T10:00:00.000Z","completed_at":"2020-08-22T12:00:00.000Z",`+
			`"samples":[{"identifier":"S-%06d-1","workflow_sample_result_ids":[%d]},{"identifier":"S-%06d-2","workflow_sample_result_ids":[%d]}]}]}`,
			1000000+i, i, 900000+i, i, 1000000+2*i, i, 1000001+2*i)
	}
	s.template = items.Bytes()
	s.buf = make([]byte, 0, len(s.template)+256) // allocated before any peak is measured
	return s
}

// page returns the answer for the page asked for in r (1 without one); valid until the
// next call.
func (s *pageSource) page(r *http.Request) []byte {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	b := append(s.buf[:0], `{"requisitions":[`...)
	if page <= benchPages {
		at := len(b)
		b = append(b, s.template...)
		for _, i := range s.idAt {
			b[at+i], b[at+i+1] = '0'+byte(page/10%10), '0'+byte(page%10)
		}
	}
	b = fmt.Appendf(b, `],"meta":{"currentPage":%d,"perPage":%d,"totalEntries":%d}}`, page, benchPerPage, benchPages*benchPerPage)
	s.buf = b
	return b
}

// benchServer serves the pages on a loopback server. Its CPU is the process's too: a
// streamed page, read while it is written, hands the CPU back and forth with the server.
func benchServer(b *testing.B) (base string, hc *http.Client) {
	b.Helper()
	src := newPageSource()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(src.page(r))
	}))
	b.Cleanup(ts.Close)
	return ts.URL + "/api/v3", &http.Client{}
}

// pageTransport answers every request with its page from memory, without a network: the
// client's own work only.
type pageTransport struct{ src *pageSource }

func (t pageTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	body := t.src.page(r)
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
}

// benchNets are the two ways the pages are served: net=loopback (an httptest server) and
// net=memory (pageTransport).
var benchNets = []struct {
	name  string
	serve func(b *testing.B) (base string, hc *http.Client)
}{
	{"net=loopback", benchServer},
	{"net=memory", func(*testing.B) (string, *http.Client) {
		return "http://127.0.0.1/api/v3", &http.Client{Transport: pageTransport{newPageSource()}}
	}},
}

// pageOfRequisitions is the baseline's page: the fields the client decodes from each list
// item (both key spellings), of the client's own field types (ovation.ID, the status enums,
// time.Time), in structs with no decoding methods of their own (not Requisition, whose
// UnmarshalJSON is for your own decodes), so that one json.Unmarshal per page decodes the
// same information the plain way.
type pageOfRequisitions struct {
	Requisitions []plainRequisition `json:"requisitions"`
	Meta         ovation.Meta       `json:"meta"`
}

type plainRequisition struct {
	ID                    ovation.ID                `json:"id"`
	Identifier            string                    `json:"identifier"`
	TemplateID            ovation.ID                `json:"templateId"`
	TemplateIDSnake       ovation.ID                `json:"requisition_template_id"`
	Status                ovation.RequisitionStatus `json:"status"`
	AccessionStatus       ovation.AccessionStatus   `json:"accessionStatus"`
	AccessionStatusSnake  ovation.AccessionStatus   `json:"accession_status"`
	ProcessingStatus      ovation.ProcessingStatus  `json:"processingStatus"`
	ProcessingStatusSnake ovation.ProcessingStatus  `json:"processing_status"`
	ReportingStatus       ovation.ReportingStatus   `json:"reportingStatus"`
	ReportingStatusSnake  ovation.ReportingStatus   `json:"reporting_status"`
	BillingStatus         ovation.BillingStatus     `json:"billingStatus"`
	BillingStatusSnake    ovation.BillingStatus     `json:"billing_status"`
	CreatedAt             time.Time                 `json:"createdAt"`
	CreatedAtSnake        time.Time                 `json:"created_at"`
	UpdatedAt             time.Time                 `json:"updatedAt"`
	UpdatedAtSnake        time.Time                 `json:"updated_at"`
	Workflows             []plainWorkflow           `json:"workflows"`
}

type plainWorkflow struct {
	ID                        ovation.ID             `json:"id"`
	Name                      string                 `json:"name"`
	Status                    ovation.WorkflowStatus `json:"status"`
	WorkflowDefinitionID      ovation.ID             `json:"workflowDefinitionId"`
	WorkflowDefinitionIDSnake ovation.ID             `json:"workflow_definition_id"`
	CreatedAt                 time.Time              `json:"createdAt"`
	CreatedAtSnake            time.Time              `json:"created_at"`
	CompletedAt               time.Time              `json:"completedAt"`
	CompletedAtSnake          time.Time              `json:"completed_at"`
	Samples                   []plainSample          `json:"samples"`
}

type plainSample struct {
	Identifier string       `json:"identifier"`
	IDs        []ovation.ID `json:"workflowSampleResultIds"`
	IDsSnake   []ovation.ID `json:"workflow_sample_result_ids"`
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
	for _, net := range benchNets {
		b.Run(net.name, func(b *testing.B) {
			base, hc := net.serve(b)
			b.Run("impl=stream", func(b *testing.B) {
				c, err := ovation.NewClient(ovation.WithBaseURL(base), ovation.WithAPIKey("k"), ovation.WithHTTPClient(hc))
				if err != nil {
					b.Fatal(err)
				}
				p := peak(func(cp func()) { streamAll(b, c, cp) })
				b.ResetTimer()
				reportCPU(b, func() {
					for b.Loop() {
						if n := streamAll(b, c, nil); n != benchPages*benchPerPage {
							b.Fatalf("got %d requisitions", n)
						}
					}
				})
				b.ReportMetric(float64(p)/1e6, "peak-live-MB")
			})
			b.Run("impl=unmarshal", func(b *testing.B) {
				p := peak(func(cp func()) { unmarshalAll(b, hc, base, cp) })
				b.ResetTimer()
				reportCPU(b, func() {
					for b.Loop() {
						if n := unmarshalAll(b, hc, base, nil); n != benchPages*benchPerPage {
							b.Fatalf("got %d requisitions", n)
						}
					}
				})
				b.ReportMetric(float64(p)/1e6, "peak-live-MB")
			})
		})
	}
}

// BenchmarkListPagesInterleaved runs both ways alternately in each iteration, so that a
// shared machine's load falls on both alike, and reports each one's time and allocations per
// 20 pages and the ratios (stream/unmarshal) of time, allocations and peak live heap.
func BenchmarkListPagesInterleaved(b *testing.B) {
	for _, net := range benchNets {
		b.Run(net.name, func(b *testing.B) { interleaved(b, net.serve) })
	}
}

func interleaved(b *testing.B, serve func(*testing.B) (string, *http.Client)) {
	base, hc := serve(b)
	c, err := ovation.NewClient(ovation.WithBaseURL(base), ovation.WithAPIKey("k"), ovation.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	ps := peak(func(cp func()) { streamAll(b, c, cp) })
	pu := peak(func(cp func()) { unmarshalAll(b, hc, base, cp) })
	var st, ut, sc, uc time.Duration
	var sa, ua uint64
	mallocs := func() uint64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.Mallocs
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// Alternate which goes first.
		for j := range 2 {
			m0, c0 := mallocs(), cpuTime()
			t0 := time.Now()
			if (i+j)%2 == 0 {
				streamAll(b, c, nil)
				st += time.Since(t0)
				sc += cpuTime() - c0
				sa += mallocs() - m0
			} else {
				unmarshalAll(b, hc, base, nil)
				ut += time.Since(t0)
				uc += cpuTime() - c0
				ua += mallocs() - m0
			}
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(st.Nanoseconds())/n, "stream-ns/op")
	b.ReportMetric(float64(ut.Nanoseconds())/n, "unmarshal-ns/op")
	b.ReportMetric(float64(st)/float64(ut), "time-ratio")
	if uc > 0 {
		b.ReportMetric(float64(sc.Nanoseconds())/n, "stream-cpu-ns/op")
		b.ReportMetric(float64(uc.Nanoseconds())/n, "unmarshal-cpu-ns/op")
		b.ReportMetric(float64(sc)/float64(uc), "cpu-ratio")
	}
	b.ReportMetric(float64(sa)/n, "stream-allocs/op")
	b.ReportMetric(float64(ua)/n, "unmarshal-allocs/op")
	b.ReportMetric(float64(sa)/float64(ua), "alloc-ratio")
	b.ReportMetric(float64(ps)/1e6, "stream-peak-MB")
	b.ReportMetric(float64(pu)/1e6, "unmarshal-peak-MB")
	b.ReportMetric(float64(ps)/float64(pu), "heap-ratio")
}
