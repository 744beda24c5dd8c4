package rupa_test

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

	"github.com/labwire/labwire/rupa"
)

// Issue 18 item 1: Patients.List against the same call written with plain net/http and
// encoding/json into equivalent structs, on the same loopback server serving the same bytes
// (a JSON:API page as rupatest serves it), each side with its own keep-alive transport, for
// a page of 1 and of 50 patients (rupatest.DefaultPageSize):
//
//	go test -run '^$' -bench 'BenchmarkPatientsList$' -benchmem -count 8 ./rupa > bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl bench.txt
//
// BenchmarkPatientsListPaired interleaves the two calls and reports their time ratio, so that
// a shared machine's drift falls on both sides alike (allocations are in the benchmark above):
//
//	go test -run '^$' -bench 'BenchmarkPatientsListPaired' -count 8 ./rupa > paired.txt
//	go run golang.org/x/perf/cmd/benchstat@latest paired.txt
//
// The labwire side decodes strictly (UTF-8, duplicate and case-variant keys, trailing data),
// checks every resource, and keeps the raw JSON of the page and of each patient and each
// patient's attributes as sent.

type plainPatientsPage struct {
	Data  []plainPatient `json:"data"`
	Links struct {
		Next *string `json:"next"`
	} `json:"links"`
	Meta struct {
		Count int `json:"count"`
	} `json:"meta"`
}

type plainPatient struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Attributes struct {
		FirstName string    `json:"first_name"`
		LastName  string    `json:"last_name"`
		Email     string    `json:"email"`
		Birthday  rupa.Date `json:"birthday"`
	} `json:"attributes"`
}

// benchPatientsPage is a page of n synthetic patients as rupatest serves it, with a next
// link and the total count.
func benchPatientsPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := strconv.Itoa(1000000 + i)
		birthday := `"1980-01-15"`
		if i%3 == 2 {
			birthday = "null"
		}
		b.WriteString(`{"id":"pat_` + id + `","type":"patient","attributes":{"first_name":"Testy` + id +
			`","last_name":"Synthetic","email":"testy` + id + `@example.test","birthday":` + birthday + `}}`)
	}
	b.WriteString(`],"links":{"next":"http://127.0.0.1/patients?page%5Bnumber%5D=2"},"meta":{"count":` + strconv.Itoa(10*n) + "}}\n")
	return []byte(b.String())
}

const benchToken = "bench-token"

// listMemoryTransport answers every authorized request with body, in memory: the client code
// alone, without the loopback socket's noise.
type listMemoryTransport struct{ body []byte }

func (m listMemoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	if r.Header.Get("Authorization") != "Bearer "+benchToken {
		return &http.Response{StatusCode: http.StatusUnauthorized, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/vnd.api+json"}},
		ContentLength: int64(len(m.body)), Body: io.NopCloser(bytes.NewReader(m.body)), Request: r,
	}, nil
}

// listBenchServer answers every authorized request with body, on loopback.
func listBenchServer(b *testing.B, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+benchToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.api+json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// listHTTPClient is a client of its own keep-alive transport ("loopback") or of
// listMemoryTransport ("memory").
func listHTTPClient(b *testing.B, net string, body []byte) *http.Client {
	if net == "memory" {
		return &http.Client{Transport: listMemoryTransport{body: body}}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func listBenchClient(b *testing.B, hc *http.Client, base string) *rupa.Client {
	c, err := rupa.NewClient(rupa.WithBaseURL(base), rupa.WithBearerToken(benchToken), rupa.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkPatientsList(b *testing.B) {
	for _, n := range []int{1, 50} {
		body := benchPatientsPage(n)
		srv := listBenchServer(b, body)
		for _, net := range []string{"loopback", "memory"} {
			name := "net=" + net + "/items=" + strconv.Itoa(n)
			b.Run(name+"/impl=plain", func(b *testing.B) {
				hc := listHTTPClient(b, net, body)
				ctx := context.Background()
				b.ReportAllocs()
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					plainListPatients(ctx, b, hc, srv.URL+"/patients", n)
				}
			})
			b.Run(name+"/impl=labwire", func(b *testing.B) {
				c := listBenchClient(b, listHTTPClient(b, net, body), srv.URL)
				ctx := context.Background()
				b.ReportAllocs()
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					labwireListPatients(ctx, b, c, n)
				}
			})
		}
	}
}

func BenchmarkPatientsListPaired(b *testing.B) {
	for _, n := range []int{1, 50} {
		body := benchPatientsPage(n)
		srv := listBenchServer(b, body)
		for _, net := range []string{"loopback", "memory"} {
			b.Run("net="+net+"/items="+strconv.Itoa(n), func(b *testing.B) {
				hc := listHTTPClient(b, net, body)
				c := listBenchClient(b, listHTTPClient(b, net, body), srv.URL)
				ctx := context.Background()
				plain := func() { plainListPatients(ctx, b, hc, srv.URL+"/patients", n) }
				labwire := func() { labwireListPatients(ctx, b, c, n) }
				pairedLoop(b, plain, labwire)
			})
		}
	}
}

// pairedLoop runs plain and labwire once per operation, in alternating order, timing each,
// and reports plain-ns/op, labwire-ns/op and labwire/plain.
func pairedLoop(b *testing.B, plain, labwire func()) {
	var plainTime, labwireTime time.Duration
	ops := 0
	for b.Loop() {
		first, second, firstTime, secondTime := plain, labwire, &plainTime, &labwireTime
		if ops%2 == 1 {
			first, second, firstTime, secondTime = labwire, plain, &labwireTime, &plainTime
		}
		t0 := time.Now()
		first()
		t1 := time.Now()
		second()
		*firstTime += t1.Sub(t0)
		*secondTime += time.Since(t1)
		ops++
	}
	b.ReportMetric(float64(plainTime.Nanoseconds())/float64(ops), "plain-ns/op")
	b.ReportMetric(float64(labwireTime.Nanoseconds())/float64(ops), "labwire-ns/op")
	b.ReportMetric(float64(labwireTime)/float64(plainTime), "labwire/plain")
	b.ReportMetric(0, "ns/op")
}

// plainListPatients is one plain call: request, capped read, json.Unmarshal.
func plainListPatients(ctx context.Context, b testing.TB, hc *http.Client, url string, n int) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+benchToken)
	req.Header.Set("Accept", "application/vnd.api+json")
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatal(err, resp.StatusCode)
	}
	var v plainPatientsPage
	if err := json.Unmarshal(data, &v); err != nil || len(v.Data) != n || v.Links.Next == nil {
		b.Fatal(err)
	}
}

// labwireListPatients is Patients.List: retries armed, capped read, strict decode, raw JSON
// kept.
func labwireListPatients(ctx context.Context, b testing.TB, c *rupa.Client, n int) {
	page, err := c.Patients.List(ctx, nil)
	if err != nil || len(page.Patients) != n || page.NextLink == "" {
		b.Fatal(err)
	}
}
