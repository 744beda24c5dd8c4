// Package dispatchtest holds what every vendor's webhook tests share: the delivery modes
// they run in, a recorder of dead letters, a signed POST and the failure log records.
package dispatchtest

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/webhook/dispatch"
)

// DeliveryMode is one mode a vendor's NewWebhookHandler is tested in: the default
// asynchronous one, or inbox mode with a fresh MemoryInbox per test.
type DeliveryMode struct {
	Name  string
	Inbox bool
}

// DeliveryModes are the modes every vendor's webhook tests run in.
var DeliveryModes = []DeliveryMode{{Name: "async"}, {Name: "inbox", Inbox: true}}

// Options returns the mode's handler options and its inbox (nil in asynchronous mode).
func (m DeliveryMode) Options(tb testing.TB) ([]dispatch.HandlerOption, *dispatch.MemoryInbox) {
	tb.Helper()
	if !m.Inbox {
		return nil, nil
	}
	ib, err := dispatch.NewMemoryInbox(time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	return []dispatch.HandlerOption{dispatch.WithInbox(ib), dispatch.WithPollInterval(time.Millisecond)}, ib
}

// DeadLetters records what reached a WithDeadLetter function; safe for concurrent use.
type DeadLetters struct {
	mu   sync.Mutex
	errs []error
}

// Add is the dead-letter function: dispatch.WithDeadLetter(d.Add).
func (d *DeadLetters) Add(_ context.Context, _ dispatch.Event, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.errs = append(d.errs, err)
}

// Errors returns the errors recorded so far, in order.
func (d *DeadLetters) Errors() []error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]error(nil), d.errs...)
}

// FailureRecords returns the records of logs that report a failed process call
// ("dispatch: process failed ...").
func FailureRecords(tb testing.TB, logs *wiretest.Logs) []map[string]any {
	tb.Helper()
	var out []map[string]any
	for _, r := range logs.Records(tb) {
		if msg, _ := r["msg"].(string); strings.HasPrefix(msg, "dispatch: process failed") {
			out = append(out, r)
		}
	}
	return out
}

// Deliver POSTs the JSON body to url with header (the sender's signature or credentials)
// and requires the receiver's 200.
func Deliver(tb testing.TB, url, body string, header http.Header) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	for k, vs := range header {
		req.Header[http.CanonicalHeaderKey(k)] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("delivery answered %d, want 200", resp.StatusCode)
	}
}
