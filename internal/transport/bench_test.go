package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"testing"
)

// The benchmarks compare a JSON GET and a JSON POST through the whole stack (Client.Do with
// BearerAuth: retry loop, attempt transport, credentials, capped read, decode) with the same
// call written with plain net/http and encoding/json, against the same loopback server and
// the same ~1 KiB requisition. Each side has its own keep-alive transport.
//
//	go test -run='^$' -bench . -benchmem -count 5 ./internal/transport

type benchRequisition struct {
	ID              string            `json:"id"`
	Status          string            `json:"status"`
	PartnerID       string            `json:"partner_id"`
	ExternalOrderID string            `json:"external_order_id"`
	Patient         benchPatient      `json:"patient"`
	Tests           []benchTest       `json:"tests"`
	Collection      benchCollection   `json:"collection"`
	OrderingNPI     string            `json:"ordering_provider_npi"`
	Notes           *string           `json:"notes,omitempty"`
	Metadata        map[string]string `json:"metadata"`
}

type benchPatient struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	DOB       string `json:"date_of_birth"`
	Sex       string `json:"sex"`
	Email     string `json:"email"`
	Phone     string `json:"phone"`
	Address   struct {
		Line1, City, State, PostalCode, Country string
	} `json:"address"`
}

type benchTest struct {
	Code    string `json:"code"`
	Display string `json:"display"`
	LOINC   string `json:"loinc"`
}

type benchCollection struct {
	Method      string `json:"method"`
	ScheduledAt string `json:"scheduled_at"`
	Fasting     bool   `json:"fasting"`
}

func benchPayload() benchRequisition {
	r := benchRequisition{
		ID: "req_01J9Z6K3M4N5P6Q7R8S9T0V1W2", Status: "confirmed", PartnerID: "partner_4471",
		ExternalOrderID: "ext-2026-11-000184",
		Patient: benchPatient{FirstName: "Jane", LastName: "Doe", DOB: "1984-03-12", Sex: "female",
			Email: "jane.doe@example.test", Phone: "+1-555-0100"},
		Collection:  benchCollection{Method: "at_home_phlebotomy", ScheduledAt: "2026-11-24T08:30:00-05:00", Fasting: true},
		OrderingNPI: "1234567893",
		Metadata:    map[string]string{"campaign": "annual-panel", "source": "partner-portal"},
	}
	r.Patient.Address.Line1, r.Patient.Address.City, r.Patient.Address.State = "100 Main St Apt 4", "Springfield", "IL"
	r.Patient.Address.PostalCode, r.Patient.Address.Country = "62701", "US"
	for _, t := range [][3]string{
		{"CMP", "Comprehensive metabolic panel", "24323-8"}, {"CBC", "Complete blood count with differential", "58410-2"},
		{"LIPID", "Lipid panel", "57698-3"}, {"A1C", "Hemoglobin A1c", "4548-4"}, {"TSH", "Thyroid stimulating hormone", "3016-3"},
		{"VITD", "Vitamin D, 25-hydroxy", "62292-8"},
	} {
		r.Tests = append(r.Tests, benchTest{Code: t[0], Display: t[1], LOINC: t[2]})
	}
	return r
}

func benchServer(b *testing.B) (*httptest.Server, []byte) {
	b.Helper()
	payload, err := json.Marshal(benchPayload())
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer bench-key" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "rid-bench")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
		}
		_, _ = w.Write(payload)
	}))
	b.Cleanup(srv.Close)
	return srv, payload
}

func benchTransport(b *testing.B) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 16
	b.Cleanup(tr.CloseIdleConnections)
	return tr
}

func benchClient(b *testing.B, srv *httptest.Server) *Client {
	c, err := New(Settings{
		Vendor: "bench", BaseURL: srv.URL + "/api", Auth: BearerAuth("bench-key"),
		HTTPClient: &http.Client{Transport: benchTransport(b)},
	})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

var benchUA = "labwire/" + Version + " (bench) go/" + runtime.Version()

// plainDo is the hand-written equivalent of Client.Do for one JSON call.
func plainDo(ctx context.Context, hc *http.Client, method, u string, in, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer bench-key")
	req.Header.Set("User-Agent", benchUA)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, DefaultMaxResponseBytes))
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &APIError{StatusCode: resp.StatusCode}
	}
	return json.Unmarshal(data, out)
}

func BenchmarkGetJSON(b *testing.B) {
	srv, _ := benchServer(b)
	ctx := context.Background()
	b.Run("stack", func(b *testing.B) {
		c := benchClient(b, srv)
		b.ReportAllocs()
		for b.Loop() {
			var out benchRequisition
			if _, err := c.Do(ctx, &Request{Op: "requisitions.get", Method: http.MethodGet,
				Route: "/requisitions/{id}", Params: []string{"req_01J9Z6K3M4N5P6Q7R8S9T0V1W2"}}, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		hc := &http.Client{Transport: benchTransport(b)}
		b.ReportAllocs()
		for b.Loop() {
			var out benchRequisition
			u := srv.URL + "/api/requisitions/" + url.PathEscape("req_01J9Z6K3M4N5P6Q7R8S9T0V1W2")
			if err := plainDo(ctx, hc, http.MethodGet, u, nil, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkPostJSON(b *testing.B) {
	srv, _ := benchServer(b)
	ctx := context.Background()
	in := benchPayload()
	b.Run("stack", func(b *testing.B) {
		c := benchClient(b, srv)
		b.ReportAllocs()
		for b.Loop() {
			var out benchRequisition
			if _, err := c.Do(ctx, &Request{Op: "requisitions.create", Method: http.MethodPost,
				Route: "/requisitions", JSON: &in}, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		hc := &http.Client{Transport: benchTransport(b)}
		b.ReportAllocs()
		for b.Loop() {
			var out benchRequisition
			if err := plainDo(ctx, hc, http.MethodPost, srv.URL+"/api/requisitions", &in, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkOverheadInMemory isolates the stack's own cost: the same GET through Client.Do
// and through a plain http.Client, both over an in-memory RoundTripper that answers the
// requisition without a socket, so network jitter does not hide the difference.
func BenchmarkOverheadInMemory(b *testing.B) {
	payload, err := json.Marshal(benchPayload())
	if err != nil {
		b.Fatal(err)
	}
	rt := rtFunc(func(r *http.Request) (*http.Response, error) {
		if r.Header.Get("Authorization") != "Bearer bench-key" {
			return nil, errReset
		}
		return &http.Response{StatusCode: 200, ContentLength: int64(len(payload)),
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   io.NopCloser(bytes.NewReader(payload))}, nil
	})
	ctx := context.Background()
	b.Run("stack", func(b *testing.B) {
		c, err := New(Settings{Vendor: "bench", BaseURL: "https://lab.test/api", Auth: BearerAuth("bench-key"),
			HTTPClient: &http.Client{Transport: rt}})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			var out benchRequisition
			if _, err := c.Do(ctx, &Request{Op: "requisitions.get", Method: http.MethodGet,
				Route: "/requisitions/{id}", Params: []string{"req_01J9Z6K3M4N5P6Q7R8S9T0V1W2"}}, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		hc := &http.Client{Transport: rt}
		b.ReportAllocs()
		for b.Loop() {
			var out benchRequisition
			u := "https://lab.test/api/requisitions/" + url.PathEscape("req_01J9Z6K3M4N5P6Q7R8S9T0V1W2")
			if err := plainDo(ctx, hc, http.MethodGet, u, nil, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
