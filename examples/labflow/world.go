package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// world is one run: the vendors' fakes on loopback, the lab's webhook receiver, and the
// lab's clients of each vendor.
type world struct {
	cfg    config
	stats  *stats
	events *mailbox
	prog   *progress

	// The vendors' side: in-memory fakes over real HTTP.
	whoopFake    *whooptest.Server
	workpathFake *workpathtest.Server
	ovationFake  *ovationtest.Server
	rupaFake     *rupatest.Server
	rupaSender   *rupatest.Sender
	// senders are the transports the fakes deliver webhooks with.
	senders []*http.Transport

	// The lab's side: clients and the receiver of the vendors' webhooks.
	whoop    *whoop.Client
	workpath *workpath.Client
	ovation  *ovation.Client
	rupa     *rupa.Client
	// platform is the practitioner platform receiving Rupa's events beside the lab.
	platform    *platform
	rupaHookURL string
	receiver    *http.Server
	hooksURL    string
	handlers    []*dispatch.Handler
}

// newWorld starts the fakes and the receiver and builds the clients. Call close when done.
func newWorld(ctx context.Context, cfg config) (_ *world, err error) {
	w := &world{cfg: cfg, stats: newStats(), events: newMailbox(), prog: newProgress(cfg.out, cfg.tty, cfg.orders)}
	defer func() {
		if err != nil {
			w.close(context.WithoutCancel(ctx))
		}
	}()
	mux := http.NewServeMux()
	if err := w.startReceiver(mux); err != nil {
		return nil, err
	}
	if err := w.setupWHOOP(mux); err != nil {
		return nil, fmt.Errorf("whoop: %w", err)
	}
	if err := w.setupWorkpath(ctx, mux); err != nil {
		return nil, fmt.Errorf("workpath: %w", err)
	}
	if err := w.setupOvation(ctx, mux); err != nil {
		return nil, fmt.Errorf("ovation: %w", err)
	}
	if err := w.setupRupa(ctx, mux); err != nil {
		return nil, fmt.Errorf("rupa: %w", err)
	}
	return w, nil
}

// startReceiver listens on a loopback port for the vendors' webhooks, one route per vendor.
func (w *world) startReceiver(mux *http.ServeMux) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	w.hooksURL = "http://" + ln.Addr().String()
	w.receiver = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	go func() { _ = w.receiver.Serve(ln) }()
	return nil
}

// route mounts a vendor's webhook handler at /hooks/<vendor>, counted, and returns its URL.
func (w *world) route(mux *http.ServeMux, vendor string, h http.Handler) string {
	path := "/hooks/" + vendor
	mux.Handle("POST "+path, w.stats.hooks[vendor].count(h))
	return w.hooksURL + path
}

// hookOptions are the options every webhook handler of the lab gets: the counting deduper
// and in-process retries with short waits.
func (w *world) hookOptions(vendor string) ([]dispatch.HandlerOption, error) {
	d, err := w.stats.hooks[vendor].deduper()
	if err != nil {
		return nil, err
	}
	return []dispatch.HandlerOption{
		dispatch.WithDeduper(d),
		dispatch.WithRetries(5, w.cfg.hookRetryMin, w.cfg.hookRetryMax),
		dispatch.WithDeadLetter(func(context.Context, dispatch.Event, error) { w.stats.hooks[vendor].dead.Add(1) }),
		dispatch.WithWorkers(16),
		dispatch.WithQueueSize(4096),
	}, nil
}

// close stops the receiver, drains the webhook handlers and closes the fakes.
func (w *world) close(ctx context.Context) error {
	var errs []error
	// The senders' idle connections would hold the receiver's Shutdown for seconds.
	for _, tr := range w.senders {
		tr.CloseIdleConnections()
	}
	if w.receiver != nil {
		errs = append(errs, w.receiver.Shutdown(ctx))
	}
	for _, h := range w.handlers {
		errs = append(errs, h.Shutdown(ctx))
	}
	if w.whoopFake != nil {
		w.whoopFake.Close()
	}
	if w.workpathFake != nil {
		w.workpathFake.Close()
	}
	if w.ovationFake != nil {
		w.ovationFake.Close()
	}
	if w.rupaFake != nil {
		w.rupaFake.Close()
	}
	return errors.Join(errs...)
}
