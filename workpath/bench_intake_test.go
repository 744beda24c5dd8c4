package workpath_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/labwire/labwire/workpath"
)

// Issue 18 item 1: Intakes.Get against the same call written with plain net/http and
// encoding/json into equivalent structs, on the same loopback server serving the same bytes
// (testdata/intake.json, Workpath's example), each side with its own keep-alive transport:
//
//	go test -run '^$' -bench 'BenchmarkIntakesGet$' -benchmem -count 8 ./workpath > bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl bench.txt
//
// BenchmarkIntakesGetPaired interleaves the two calls and reports their time ratio, so that
// a shared machine's drift falls on both sides alike (allocations are in the benchmark above):
//
//	go test -run '^$' -bench 'BenchmarkIntakesGetPaired' -count 8 ./workpath > paired.txt
//	go run golang.org/x/perf/cmd/benchstat@latest paired.txt
//
// The labwire side decodes strictly (UTF-8, duplicate and case-variant keys, trailing data)
// and keeps the intake's raw JSON.

type plainIntake struct {
	ID        int64 `json:"id"`
	OrderForm int64 `json:"order_form"`
	Provider  *struct {
		ID               int64  `json:"id"`
		FirstName        string `json:"first_name"`
		LastName         string `json:"last_name"`
		Email            string `json:"email"`
		Phone            string `json:"phone"`
		OrganizationName string `json:"organization_name"`
		NPI              string `json:"npi"`
		Status           string `json:"status"`
	} `json:"provider"`
	Patient *struct {
		ID                    int64         `json:"id"`
		FirstName             string        `json:"first_name"`
		MiddleName            string        `json:"middle_name"`
		LastName              string        `json:"last_name"`
		Phone                 string        `json:"phone"`
		Email                 string        `json:"email"`
		BiologicalSex         string        `json:"biological_sex"`
		Gender                string        `json:"gender"`
		DateOfBirth           workpath.Date `json:"dob"`
		MessagingEnabledSMS   *bool         `json:"messaging_enabled_sms"`
		MessagingEnabledEmail *bool         `json:"messaging_enabled_email"`
	} `json:"patient"`
	Services []struct {
		ID             int64    `json:"id"`
		DiagnosisCodes []string `json:"diagnosis_codes"`
	} `json:"services"`
	StartTime time.Time `json:"start_time"`
	Location  *struct {
		ID        int64    `json:"id"`
		Label     string   `json:"label"`
		Street    string   `json:"street"`
		Street2   string   `json:"street2"`
		City      string   `json:"city"`
		State     string   `json:"state"`
		Zip       string   `json:"zip"`
		Country   string   `json:"country"`
		Phone     string   `json:"phone"`
		Latitude  *float64 `json:"latitude"`
		Longitude *float64 `json:"longitude"`
		Timezone  string   `json:"timezone"`
	} `json:"location"`
	Notes         string             `json:"notes"`
	Fields        []plainCustomField `json:"fields"`
	PatientFields []plainCustomField `json:"patient_fields"`
	Appointment   *int64             `json:"appointment"`
}

type plainCustomField struct {
	Key      string          `json:"key"`
	Show     *bool           `json:"show"`
	Required *bool           `json:"required"`
	Value    json.RawMessage `json:"value"`
	Big      *bool           `json:"big"`
}

const intakeBenchID = 92200

// intakeMemoryTransport answers every request with body, in memory: the client code alone,
// without the loopback socket's noise.
type intakeMemoryTransport struct{ body []byte }

func (m intakeMemoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		ContentLength: int64(len(m.body)), Body: io.NopCloser(bytes.NewReader(m.body)), Request: r,
	}, nil
}

func intakeBenchSetup(b *testing.B) ([]byte, *httptest.Server) {
	body, err := os.ReadFile("testdata/intake.json")
	if err != nil {
		b.Fatal(err)
	}
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
	return body, srv
}

func intakeHTTPClient(b *testing.B, net string, body []byte) *http.Client {
	if net == "memory" {
		return &http.Client{Transport: intakeMemoryTransport{body: body}}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func intakeBenchClient(b *testing.B, hc *http.Client, base string) *workpath.Client {
	c, err := workpath.NewClient(workpath.WithBaseURL(base), workpath.WithBearerToken("bench-token"), workpath.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkIntakesGet(b *testing.B) {
	body, srv := intakeBenchSetup(b)
	url := srv.URL + "/intakes/" + strconv.Itoa(intakeBenchID)
	for _, net := range []string{"loopback", "memory"} {
		b.Run("net="+net+"/impl=plain", func(b *testing.B) {
			hc := intakeHTTPClient(b, net, body)
			ctx := context.Background()
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				plainGetIntake(ctx, b, hc, url)
			}
		})
		b.Run("net="+net+"/impl=labwire", func(b *testing.B) {
			c := intakeBenchClient(b, intakeHTTPClient(b, net, body), srv.URL)
			ctx := context.Background()
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				labwireGetIntake(ctx, b, c)
			}
		})
	}
}

func BenchmarkIntakesGetPaired(b *testing.B) {
	body, srv := intakeBenchSetup(b)
	url := srv.URL + "/intakes/" + strconv.Itoa(intakeBenchID)
	for _, net := range []string{"loopback", "memory"} {
		b.Run("net="+net, func(b *testing.B) {
			hc := intakeHTTPClient(b, net, body)
			c := intakeBenchClient(b, intakeHTTPClient(b, net, body), srv.URL)
			ctx := context.Background()
			var plainTime, labwireTime time.Duration
			ops := 0
			for b.Loop() {
				first, second := func() { plainGetIntake(ctx, b, hc, url) }, func() { labwireGetIntake(ctx, b, c) }
				firstTime, secondTime := &plainTime, &labwireTime
				if ops%2 == 1 {
					first, second, firstTime, secondTime = second, first, secondTime, firstTime
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
		})
	}
}

// plainGetIntake is one plain call: request, capped read, json.Unmarshal.
func plainGetIntake(ctx context.Context, b testing.TB, hc *http.Client, url string) {
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
	var v plainIntake
	if err := json.Unmarshal(data, &v); err != nil || v.ID != intakeBenchID || len(v.Services) != 2 {
		b.Fatal(err)
	}
}

// labwireGetIntake is Intakes.Get: retries armed, capped read, strict decode, raw JSON kept.
func labwireGetIntake(ctx context.Context, b testing.TB, c *workpath.Client) {
	in, err := c.Intakes.Get(ctx, intakeBenchID)
	if err != nil || in.ID != intakeBenchID || len(in.Services) != 2 {
		b.Fatal(err)
	}
}
