package main

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/labwire/labwire/webhook/dispatch"
)

// The vendors, in the order the summary lists them.
const (
	vendorWHOOP    = "whoop"
	vendorWorkpath = "workpath"
	vendorOvation  = "ovation"
	vendorRupa     = "rupa"
)

var vendors = []string{vendorWHOOP, vendorWorkpath, vendorOvation, vendorRupa}

// stats counts what the run did, per vendor. Every field is safe for concurrent use.
type stats struct {
	calls map[string]*callStats
	hooks map[string]*hookStats
	// reconciled counts writes whose outcome was unknown (ErrOutcomeUnknown) and that the lab
	// settled by reading the resource back instead of writing blindly again.
	reconciled atomic.Int64
}

func newStats() *stats {
	s := &stats{calls: map[string]*callStats{}, hooks: map[string]*hookStats{}}
	for _, v := range vendors {
		s.calls[v] = &callStats{}
		s.hooks[v] = &hookStats{}
	}
	return s
}

// callStats counts one vendor client's traffic: attempts through its middleware, retries
// and failed calls through its logger (both are public client options).
type callStats struct {
	attempts, retries, failed atomic.Int64
}

// middleware is the client's WithMiddleware: it sees every attempt, retries included, and
// the client's own token requests (Rupa's code exchange, made by rupa.AuthCodeFlow before the
// client exists, is not counted).
func (c *callStats) middleware(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	c.attempts.Add(1)
	return next(req)
}

// logger is the client's WithLogger: a handler that counts the transport's "labwire retry"
// and "labwire call failed" records and prints nothing. The records hold metadata only.
func (c *callStats) logger() *slog.Logger { return slog.New(countingHandler{c}) }

type countingHandler struct{ c *callStats }

func (h countingHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }
func (h countingHandler) Handle(_ context.Context, r slog.Record) error {
	switch r.Message {
	case "labwire retry":
		h.c.retries.Add(1)
	case "labwire call failed":
		h.c.failed.Add(1)
	}
	return nil
}
func (h countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h countingHandler) WithGroup(string) slog.Handler      { return h }

// hookStats counts one vendor's webhook deliveries at the receiver.
type hookStats struct {
	received   atomic.Int64 // POSTs that reached the route
	duplicates atomic.Int64 // verified deliveries the deduper recognised and acknowledged
	processed  atomic.Int64 // events handed to the lab's code
	dead       atomic.Int64 // events that failed every in-process attempt
}

// count wraps a vendor's webhook handler to count the deliveries reaching it.
func (h *hookStats) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.received.Add(1)
		next.ServeHTTP(w, r)
	})
}

// deduper is the handler's Deduper (dispatch.WithDeduper), a MemoryDeduper that counts the
// duplicates it recognises.
func (h *hookStats) deduper() (dispatch.Deduper, error) {
	m, err := dispatch.NewMemoryDeduper(dedupTTL, 1_000_000)
	if err != nil {
		return nil, err
	}
	return countingDeduper{m, h}, nil
}

type countingDeduper struct {
	*dispatch.MemoryDeduper
	h *hookStats
}

func (d countingDeduper) Claim(ctx context.Context, key string) (bool, error) {
	fresh, err := d.MemoryDeduper.Claim(ctx, key)
	if err == nil && !fresh {
		d.h.duplicates.Add(1)
	}
	return fresh, err
}
