package workpath_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/labwire/labwire/workpath"
)

// answerTransport answers every request 200 with body, without a network.
type answerTransport struct{ body []byte }

func (a answerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(a.body)), ContentLength: int64(len(a.body)), Request: r}, nil
}

func answeringClient(b *testing.B, file string, edit func(string) string) *workpath.Client {
	b.Helper()
	body, err := os.ReadFile("testdata/" + file)
	if err != nil {
		b.Fatal(err)
	}
	if edit != nil {
		body = []byte(edit(string(body)))
	}
	c, err := workpath.NewClient(workpath.WithBaseURL("http://127.0.0.1"), workpath.WithBearerToken("t"),
		workpath.WithAPIKeyAuth("k", "p"), workpath.WithHTTPClient(&http.Client{Transport: answerTransport{body}}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkGetPerson, BenchmarkListAPIKeys and BenchmarkGetAppointment are whole calls
// through the client and its transport (an in-memory answer, no network), the route's
// decode included. They use the public API only, so that the same file runs on an older
// commit for a before/after comparison:
//
//	go test ./workpath -run '^$' -bench 'BenchmarkGet|BenchmarkList' -benchmem -count 6
func BenchmarkGetPerson(b *testing.B) {
	c := answeringClient(b, "person.json", nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if p, err := c.People.Get(ctx, 1001); err != nil || p.Name == "" {
			b.Fatal(err)
		}
	}
}

func BenchmarkListAPIKeys(b *testing.B) {
	c := answeringClient(b, "api_keys.json", nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if ks, err := c.APIKeys.List(ctx); err != nil || len(ks) != 2 {
			b.Fatal(err)
		}
	}
}

// The appointment's MRN is a number here, as Workpath documents it (the sample has null).
func BenchmarkGetAppointment(b *testing.B) {
	c := answeringClient(b, "appointment.json", func(s string) string {
		return strings.Replace(s, `"medical_record_number": null`, `"medical_record_number": 1234567`, 1)
	})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if a, err := c.Appointments.Get(ctx, 1); err != nil || a.MedicalRecordNumber != "1234567" {
			b.Fatal(err)
		}
	}
}
