package whoop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labwire/labwire/whoop"
)

// Issue 8 item 5: Requisitions.Get against the same call written with plain net/http and
// encoding/json into equivalent structs, on the same loopback server, each side with its
// own keep-alive transport, for a requisition with 1 and with 1000 service requests:
//
//	go test -run '^$' -bench BenchmarkRequisitionsGet -benchmem -count 6 ./whoop > bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl bench.txt
//
// The labwire side decodes strictly (UTF-8, duplicate and case-variant keys) and keeps the
// raw JSON of the requisition, patient, service requests and appointments.

type plainRequisition struct {
	ID              string             `json:"id"`
	CreatedAt       time.Time          `json:"created_at"`
	UpdatedAt       time.Time          `json:"updated_at"`
	Patient         plainPatient       `json:"patient"`
	ServiceRequests []plainServiceReq  `json:"service_requests"`
	Appointments    []plainAppointment `json:"appointments"`
}

type plainPatient struct {
	ID          string     `json:"id"`
	FirstName   string     `json:"first_name,omitempty"`
	LastName    string     `json:"last_name,omitempty"`
	BirthDate   whoop.Date `json:"birth_date,omitzero"`
	Gender      string     `json:"gender,omitempty"`
	Email       string     `json:"email,omitempty"`
	Phone       string     `json:"phone,omitempty"`
	Nationality string     `json:"nationality,omitempty"`
	EmiratesID  string     `json:"emirates_id,omitempty"`
	PassportNo  string     `json:"passport_no,omitempty"`
}

type plainServiceReq struct {
	ID                 string `json:"id"`
	Status             string `json:"status"`
	Intent             string `json:"intent"`
	Code               string `json:"code"`
	TaskBusinessStatus string `json:"task_business_status"`
	TaskDescription    string `json:"task_description,omitempty"`
}

type plainAddress struct {
	Building string `json:"building"`
	Area     string `json:"area"`
	Emirate  string `json:"emirate"`
	Landmark string `json:"landmark,omitempty"`
	FlatNo   string `json:"flat_no,omitempty"`
}

type plainAppointment struct {
	ServiceRequestIDs []string      `json:"service_request_ids"`
	StartTime         time.Time     `json:"start_time"`
	SlotID            string        `json:"slot_id,omitempty"`
	CollectionAddress *plainAddress `json:"collection_address,omitempty"`
}

const benchReqID = "0b8f2a4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b"

// benchRequisition is a requisition with n service requests and one appointment, in the
// shape of WHOOP's Unilabs example.
func benchRequisition(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"id":"` + benchReqID + `","created_at":"2024-02-01T08:00:00Z","updated_at":"2024-02-01T09:15:00Z",` +
		`"patient":{"id":"7d3f1e2a-9b8c-4d5e-a6f7-0123456789ab","first_name":"Testy","last_name":"Synthetic","birth_date":"1990-02-28",` +
		`"gender":"female","email":"testy@example.test","phone":"+971500000000","nationality":"AE","emirates_id":"784-0000-0000000-0"},` +
		`"service_requests":[`)
	ids := make([]string, n)
	for i := range n {
		ids[i] = `"11111111-2222-4333-8444-` + strconv.Itoa(100000000000+i) + `"`
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":` + ids[i] + `,"status":"active","intent":"order","code":"CBC",` +
			`"task_business_status":"ORDER_CONFIRMED","task_description":"Complete blood count"}`)
	}
	b.WriteString(`],"appointments":[{"service_request_ids":[` + strings.Join(ids, ",") + `],"start_time":"2024-02-03T07:30:00Z",` +
		`"slot_id":"slot-42","collection_address":{"building":"Test Tower","area":"Example Area","emirate":"Dubai","flat_no":"1203"}}]}`)
	return []byte(b.String())
}

// memoryTransport answers every request with body, in memory: the benchmark then measures
// the client code alone, without the loopback socket's noise.
type memoryTransport struct{ body []byte }

func (m memoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	if r.Header.Get("Authorization") != "Bearer bench-token" {
		return &http.Response{StatusCode: http.StatusUnauthorized, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		ContentLength: int64(len(m.body)), Body: io.NopCloser(bytes.NewReader(m.body)), Request: r,
	}, nil
}

// benchServer answers every authorized request with body, on loopback.
func benchServer(b *testing.B, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer bench-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchHTTPClient is a client of its own keep-alive transport ("loopback") or of
// memoryTransport ("memory").
func benchHTTPClient(b *testing.B, net string, body []byte) *http.Client {
	if net == "memory" {
		return &http.Client{Transport: memoryTransport{body: body}}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func BenchmarkRequisitionsGet(b *testing.B) {
	for _, n := range []int{1, 1000} {
		body := benchRequisition(n)
		srv := benchServer(b, body)
		for _, net := range []string{"loopback", "memory"} {
			client := func() *http.Client { return benchHTTPClient(b, net, body) }
			name := "net=" + net + "/items=" + strconv.Itoa(n)
			b.Run(name+"/impl=plain", func(b *testing.B) { benchPlain(b, client(), srv.URL, n, len(body)) })
			b.Run(name+"/impl=labwire", func(b *testing.B) { benchLabwire(b, client(), srv.URL, n, len(body)) })
		}
	}
}

// BenchmarkRequisitionsGetPaired is the same comparison with the two calls interleaved:
// each operation is one plain call and one Requisitions.Get, in alternating order, each
// timed on its own, so that the drift of a shared machine (a CPU whose speed changes from one
// second to the next) falls on both sides alike instead of on whichever ran in a slow second.
// It reports plain-ns/op, labwire-ns/op and their ratio (allocations are in the benchmark
// above, where they are the client's alone), with the caller's context Background and
// cancelable (a server handler's request context is; net/http then does more per call on
// both sides):
//
//	go test -run '^$' -bench BenchmarkRequisitionsGetPaired -count 6 ./whoop > paired.txt
//	go run golang.org/x/perf/cmd/benchstat@latest paired.txt
func BenchmarkRequisitionsGetPaired(b *testing.B) {
	for _, n := range []int{1, 1000} {
		body := benchRequisition(n)
		srv := benchServer(b, body)
		for _, net := range []string{"loopback", "memory"} {
			client := func() *http.Client { return benchHTTPClient(b, net, body) }
			for _, ctxKind := range []string{"background", "cancelable"} {
				b.Run("net="+net+"/items="+strconv.Itoa(n)+"/ctx="+ctxKind, func(b *testing.B) {
					hc := client()
					c, err := whoop.NewClient(whoop.WithBaseURL(srv.URL+"/developer"), whoop.WithBearerToken("bench-token"), whoop.WithHTTPClient(client()))
					if err != nil {
						b.Fatal(err)
					}
					url := srv.URL + "/developer/v2/partner/requisition/" + benchReqID
					ctx := context.Background()
					if ctxKind == "cancelable" { // as a server handler's request context is
						var cancel context.CancelFunc
						ctx, cancel = context.WithCancel(ctx)
						defer cancel()
					}
					labwire := func() {
						r, err := c.Requisitions.Get(ctx, benchReqID)
						if err != nil || len(r.ServiceRequests) != n {
							b.Fatal(err)
						}
					}
					var plainTime, labwireTime time.Duration
					ops := 0
					for b.Loop() {
						t0 := time.Now()
						if ops%2 == 0 {
							plainGet(ctx, b, hc, url, n)
							t1 := time.Now()
							labwire()
							plainTime, labwireTime = plainTime+t1.Sub(t0), labwireTime+time.Since(t1)
						} else {
							labwire()
							t1 := time.Now()
							plainGet(ctx, b, hc, url, n)
							labwireTime, plainTime = labwireTime+t1.Sub(t0), plainTime+time.Since(t1)
						}
						ops++
					}
					b.ReportMetric(float64(plainTime.Nanoseconds())/float64(ops), "plain-ns/op")
					b.ReportMetric(float64(labwireTime.Nanoseconds())/float64(ops), "labwire-ns/op")
					b.ReportMetric(float64(labwireTime)/float64(plainTime), "labwire/plain")
					b.ReportMetric(0, "ns/op")
				})
			}
		}
	}
}

// benchPlain is the call as a user would write it with net/http and encoding/json, with
// the body capped as labwire caps it (the baseline of internal/transport's benchmarks).
func benchPlain(b *testing.B, hc *http.Client, base string, n, size int) {
	url := base + "/developer/v2/partner/requisition/" + benchReqID
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(size))
	reportCPU(b, func() {
		for b.Loop() {
			plainGet(ctx, b, hc, url, n)
		}
	})
}

// plainGet is one plain call: request, capped read, json.Unmarshal.
func plainGet(ctx context.Context, b testing.TB, hc *http.Client, url string, n int) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer bench-token")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatal(err, resp.StatusCode)
	}
	var v plainRequisition
	if err := json.Unmarshal(data, &v); err != nil || len(v.ServiceRequests) != n {
		b.Fatal(err)
	}
}

// benchLabwire is Requisitions.Get: retries armed, capped read, strict decode, raw JSON kept.
func benchLabwire(b *testing.B, hc *http.Client, base string, n, size int) {
	c, err := whoop.NewClient(whoop.WithBaseURL(base+"/developer"), whoop.WithBearerToken("bench-token"), whoop.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(size))
	reportCPU(b, func() {
		for b.Loop() {
			r, err := c.Requisitions.Get(ctx, benchReqID)
			if err != nil || len(r.ServiceRequests) != n {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecodeRequisition isolates the decoding of item 5 from the HTTP stack: the
// strict check, one encoding/json decode and the raw-JSON binding, against json.Unmarshal
// into the plain structs.
func BenchmarkDecodeRequisition(b *testing.B) {
	for _, n := range []int{1, 1000} {
		body := benchRequisition(n)
		name := "items=" + strconv.Itoa(n)
		b.Run(name+"/impl=plain", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			reportCPU(b, func() {
				for b.Loop() {
					var v plainRequisition
					if err := json.Unmarshal(body, &v); err != nil || len(v.ServiceRequests) != n {
						b.Fatal(err)
					}
				}
			})
		})
		b.Run(name+"/impl=labwire", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			reportCPU(b, func() {
				for b.Loop() {
					r, err := whoop.DecodeRequisition(body)
					if err != nil || len(r.ServiceRequests) != n {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
