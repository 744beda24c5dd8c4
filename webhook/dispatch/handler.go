package dispatch

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labwire/labwire/webhook"
)

// Handler is net/http middleware that verifies each delivery before anything
// else sees it, then hands it on in one of four modes:
//
//   - NewHandler: to an http.Handler in the request goroutine;
//   - NewEventHandler (default, asynchronous): to a ProcessFunc on a worker
//     pool through an in-memory queue, answering at once; failures the
//     RetryRule allows are retried with jittered backoff (WithRetries),
//     the others and the last one handed to WithDeadLetter. A crash loses
//     what is queued.
//   - NewEventHandler with WithSync: to a ProcessFunc before answering; a
//     retryable failure answers 500 so the sender redelivers, any other is
//     dead-lettered and answered 2xx.
//   - NewEventHandler with WithInbox: stored durably in an Inbox before
//     answering, and processed by workers that claim it with a lease; a
//     crash loses nothing.
//
// A Handler is safe for concurrent use. For every request it:
//  1. refuses methods other than POST (405), a Content-Type outside
//     WithContentTypes (415) and a Content-Encoding other than identity (415);
//  2. reads the raw body once through http.MaxBytesReader (413 over the
//     verifier's cap, 400 when the body cannot be read in full);
//  3. verifies it: 400 for a malformed header, 401 for a missing or wrong
//     signature or a timestamp outside the tolerance;
//  4. deduplicates: with a Deduper (WithDeduper) it claims the key, with an
//     Inbox it stores the delivery under its key; a duplicate is answered
//     with the success status and not handed on; a store error is answered
//     503 so the sender retries. With NewHandler and WithSync, a duplicate
//     of a delivery this handler is still processing (a sender's retry
//     after its own timeout) waits for it and is answered with its
//     outcome: the success status, or 503 when it failed;
//  5. hands the delivery on as above (503 when the asynchronous queue is
//     full or the handler is shutting down).
//
// Refusals carry no body and never say why; the reason (a fixed text, never a
// secret, signature, header value or body) goes to the logger set with
// WithLogger. Failures of the ProcessFunc are logged with their Category, the
// event type (WithEventType), the attempt and the next wait, never the error
// text or the body. When a delivery fails for good (the http.Handler answers
// outside 2xx or panics; the ProcessFunc fails in sync mode; its last
// asynchronous attempt fails) the Deduper's key is released so a redelivery
// is processed. When the next handler writes no status, the success status
// (WithSuccessStatus, default 200) is sent.
//
// Recommended server settings for a receiver (senders are untrusted):
//
//	srv := &http.Server{
//		Handler:           mux,
//		ReadHeaderTimeout: 5 * time.Second,  // slow-header clients
//		ReadTimeout:       15 * time.Second, // whole request, body included
//		WriteTimeout:      15 * time.Second,
//		IdleTimeout:       60 * time.Second,
//		MaxHeaderBytes:    16 << 10,         // the signature header is capped at 8 KiB anyway
//	}
type Handler struct {
	v            *webhook.Verifier
	mode         mode
	next         http.Handler
	process      ProcessFunc
	status       int
	dedup        Deduper
	keyFunc      func(webhook.Delivery, []byte) string
	eventType    func([]byte) string
	log          *slog.Logger
	contentTypes []string
	retry        retryPolicy
	deadLetter   func(context.Context, Event, error)
	timeout      time.Duration
	sigHeader    string

	// inbox mode
	inbox  Inbox
	source string
	lease  time.Duration
	poll   time.Duration
	batch  int
	wake   chan struct{}
	claims claimLog

	// sync mode and NewHandler: deliveries being processed
	flights flights

	// asynchronous and inbox mode
	queue     chan job
	queueSize int
	async     asyncQueue
	quit      chan struct{} // closed when the asynchronous workers may stop
	quitOnce  sync.Once
	rule      RetryRule
	obs       Observer
	mu        sync.RWMutex
	closed    bool
	stop      chan struct{} // closed when Shutdown begins
	wg        sync.WaitGroup
	ctx       context.Context // cancelled when Shutdown gives up
	cancel    context.CancelFunc
	idle      idleTracker
}

// mode is how a Handler hands deliveries on.
type mode int

const (
	modeNext mode = iota
	modeSync
	modeAsync
	modeInbox
)

func (m mode) String() string {
	return [...]string{"NewHandler", "sync mode", "asynchronous mode", "inbox mode"}[m]
}

// Event is a verified delivery handed to a ProcessFunc.
type Event struct {
	// Delivery is what verification yielded (deduplication key, signed
	// timestamp, matching secret).
	Delivery webhook.Delivery
	// Body is the verified raw body; the ProcessFunc owns it.
	Body []byte
	// Header is a copy of the request header (in inbox mode, without
	// credentials and the signature header; see InboxMessage).
	Header http.Header
	// Attempt is 1 on the first call for this delivery and counts up on
	// each retry (in inbox mode, on each claim).
	Attempt int
}

// ProcessFunc processes one verified delivery. An error (or a panic) fails
// the attempt. Whether it is tried again is the RetryRule's call (see the
// package doc): by default a write whose outcome is unknown, a panic, a
// Permanent error or a refused argument is never retried but dead-lettered;
// other errors are retried (asynchronous and inbox mode: after a backoff,
// see WithRetries; sync mode: answered 500 for the sender to redeliver).
// Return a labwire client's error unchanged (or wrapped with %w) so the rule
// sees what it matches. The error's text is never logged or stored, since it
// may describe the payload; its Category is.
//
// ctx is the request's context in sync mode; in asynchronous mode it ends
// when Shutdown's context does; in inbox mode it also ends when the claim is
// lost (see WithLease). WithProcessTimeout bounds it further. Return soon
// after ctx ends: the handler cannot stop a call that ignores it (in sync
// mode the answer waits for it; after Shutdown gives up its worker stays
// busy).
type ProcessFunc func(ctx context.Context, e Event) error

type job struct {
	ev  Event
	key string
}

func newHandler(v *webhook.Verifier, m mode, opts []HandlerOption) (*Handler, handlerConfig, error) {
	c := defaultHandlerConfig()
	if v == nil {
		return nil, c, fmt.Errorf("%w: verifier is nil", ErrInvalidConfig)
	}
	for i, o := range opts {
		if o == nil {
			return nil, c, fmt.Errorf("%w: option %d is nil", ErrInvalidConfig, i)
		}
		if err := o(&c); err != nil {
			return nil, c, err
		}
	}
	if m == modeAsync {
		switch {
		case c.sync && c.inbox != nil:
			return nil, c, fmt.Errorf("%w: WithSync and WithInbox exclude each other", ErrInvalidConfig)
		case c.sync:
			m = modeSync
		case c.inbox != nil:
			m = modeInbox
		}
	}
	if err := c.check(m); err != nil {
		return nil, c, err
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if n := v.ShortSecrets(); n > 0 {
		c.log.Warn("dispatch: secret shorter than recommended", slog.Int("count", n), slog.Int("min_bytes", webhook.RecommendedMinSecretBytes))
	}
	h := &Handler{
		v: v, mode: m, status: c.status, dedup: c.dedup, keyFunc: c.keyFunc, eventType: c.eventType,
		log: c.log, contentTypes: c.contentTypes, retry: c.retry, deadLetter: c.deadLetter, timeout: c.timeout,
		inbox: c.inbox, source: c.source, lease: c.lease, poll: c.poll, batch: c.batch, rule: c.rule, obs: c.obs,
	}
	h.sigHeader = v.SignatureHeader()
	return h, c, nil
}

// NewHandler returns middleware that verifies each delivery with v and hands
// it to next in the request goroutine, with a replayable r.Body holding the
// verified bytes (also available from BodyFromContext and
// DeliveryFromContext). See Handler.
func NewHandler(v *webhook.Verifier, next http.Handler, opts ...HandlerOption) (*Handler, error) {
	h, _, err := newHandler(v, modeNext, opts)
	if err != nil {
		return nil, err
	}
	if next == nil {
		return nil, fmt.Errorf("%w: next handler is nil", ErrInvalidConfig)
	}
	h.next = next
	return h, nil
}

// NewEventHandler returns middleware that verifies each delivery with v and
// hands it to process. By default it queues the delivery in memory for a
// pool of workers and answers at once (asynchronous mode); WithSync runs
// process before answering; WithInbox stores the delivery durably before
// answering and lets workers claim it. See Handler for the modes and
// WithRetries, WithDeadLetter and WithProcessTimeout for failures.
//
// Call Shutdown, after http.Server.Shutdown, to stop the workers.
// Choose the mode against the sender's time budget, which each sender's
// package documents. A sender that counts a delivery as failed unless it is
// answered within 1 s, and never redelivers after a 2xx, wants WithInbox
// (or the asynchronous default, accepting that a crash loses what is
// queued). A sender that waits 10 s and redelivers on 5xx suits WithSync
// when processing is that fast, with WithProcessTimeout inside the budget.
func NewEventHandler(v *webhook.Verifier, process ProcessFunc, opts ...HandlerOption) (*Handler, error) {
	h, c, err := newHandler(v, modeAsync, opts)
	if err != nil {
		return nil, err
	}
	if process == nil {
		return nil, fmt.Errorf("%w: process function is nil", ErrInvalidConfig)
	}
	h.process = process
	h.ctx, h.cancel = context.WithCancel(context.Background())
	if h.mode == modeSync && h.deadLetter == nil {
		h.log.Warn("dispatch: sync mode without WithDeadLetter: a failure that a redelivery cannot fix (Permanent, outcome unknown, refused by the RetryRule) is acknowledged with 2xx and only logged")
	}
	h.stop = make(chan struct{})
	switch h.mode {
	case modeAsync:
		h.queueSize = c.queueSize
		h.queue = make(chan job, c.queueSize+c.workers)
		h.quit = make(chan struct{})
		h.async.waiting = make(map[*job]*time.Timer)
		h.wg.Add(c.workers)
		for range c.workers {
			go h.work()
		}
	case modeInbox:
		if wr, ok := h.inbox.(WorkerReserver); ok {
			if err := wr.ReserveWorkers(c.workers); err != nil {
				return nil, err
			}
		}
		h.idle.needEmpty, h.idle.epoch = true, 1
		h.wake = make(chan struct{}, c.workers)
		h.wg.Add(c.workers)
		for range c.workers {
			go h.inboxWork()
		}
	}
	return h, nil
}

// NewAsyncHandler is NewEventHandler, whose default mode it is.
//
// Deprecated: use NewEventHandler, which takes the same arguments and also
// offers WithSync and WithInbox.
func NewAsyncHandler(v *webhook.Verifier, process ProcessFunc, opts ...HandlerOption) (*Handler, error) {
	return NewEventHandler(v, process, opts...)
}

// ServeHTTP implements http.Handler.
// A Handler not made by NewHandler or NewEventHandler answers 500 to
// everything.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.v == nil || h.log == nil || (h.next == nil && h.process == nil) {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	if h.obs != nil {
		w = &answerWriter{ResponseWriter: w, h: h, start: time.Now()}
	}
	ctx := r.Context()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(ctx, w, http.StatusMethodNotAllowed, errMethod)
		return
	}
	if len(h.contentTypes) > 0 {
		if err := checkContentType(r.Header, h.contentTypes); err != nil {
			h.refuse(ctx, w, http.StatusUnsupportedMediaType, err)
			return
		}
	}
	body, d, err := h.v.VerifyRequest(w, r)
	if err != nil {
		h.refuse(ctx, w, statusFor(err), err)
		return
	}
	var key string // d.Key hashes the body again: only when deduplicating
	switch {
	case h.keyFunc != nil:
		key = boundKey(h.keyFunc(d, body))
	case h.dedup != nil || h.mode == modeInbox:
		key = d.Key(body)
	}
	if h.mode == modeInbox {
		h.accept(w, r, body, d, key)
		return
	}
	if h.dedup == nil || key == "" {
		key = ""
	}
	if key != "" && h.mode != modeAsync {
		// Answered after processing: a duplicate waits for the original
		// and gets its outcome (see flights).
		fl, first := h.flights.join(key)
		if !first {
			h.awaitOriginal(ctx, w, fl)
			return
		}
		ok := false
		defer func() { h.flights.finish(key, fl, ok) }()
		ok = h.claimAndServe(w, r, body, d, key)
		return
	}
	h.claimAndServe(w, r, body, d, key)
}

// claimAndServe claims key (when not "") and hands the delivery on. It
// reports whether the delivery was accepted: handed on successfully, or
// acknowledged as a duplicate.
func (h *Handler) claimAndServe(w http.ResponseWriter, r *http.Request, body []byte, d webhook.Delivery, key string) bool {
	ctx := r.Context()
	if key != "" {
		fresh, err := h.dedup.Claim(ctx, key)
		if err != nil {
			h.log.LogAttrs(ctx, slog.LevelError, "dispatch: deduper claim failed", storeErrorAttrs(err)...)
			h.refuse(ctx, w, http.StatusServiceUnavailable, errDedupStore)
			return false
		}
		if !fresh {
			h.ackDuplicate(ctx, w)
			return true
		}
	}
	switch h.mode {
	case modeAsync:
		h.enqueue(w, r, job{ev: Event{Delivery: d, Body: body, Header: r.Header.Clone()}, key: key})
		return true
	case modeSync:
		return h.serveSync(w, r, Event{Delivery: d, Body: body, Header: r.Header.Clone(), Attempt: 1}, key)
	default:
		return h.serveNext(w, r, body, d, key)
	}
}

// awaitOriginal answers a duplicate of a delivery still being processed in
// this handler once the original is done: with the success status when it
// succeeded, with 503 when it failed (its key is released by then, so the
// sender's next retry is processed).
func (h *Handler) awaitOriginal(ctx context.Context, w http.ResponseWriter, fl *flight) {
	select {
	case <-fl.done:
	case <-ctx.Done():
		h.refuse(ctx, w, http.StatusServiceUnavailable, errDuplicateWaiting)
		return
	}
	if fl.ok {
		h.ackDuplicate(ctx, w)
		return
	}
	h.refuse(ctx, w, http.StatusServiceUnavailable, errDuplicateOfFailed)
}

// boundKey keeps a deduplication key storable (a Postgres index entry
// holds under 3 KB): over 256 bytes it is hashed, by the rule Delivery.Key
// applies to a scheme's own id. "" stays "" (no deduplication).
func boundKey(k string) string {
	if k == "" {
		return ""
	}
	return webhook.Delivery{ID: k}.Key(nil)
}

// randomKey is the inbox key of a delivery WithDedupKey chose not to
// deduplicate.
func randomKey() string {
	return "random:" + rand.Text()
}

func (h *Handler) serveNext(w http.ResponseWriter, r *http.Request, body []byte, d webhook.Delivery, key string) bool {
	h.observeAccepted(body)
	r = r.WithContext(withVerified(r.Context(), body, d))
	replayableBody(r, body)
	sw := &statusWriter{ResponseWriter: w}
	ok := false
	defer func() {
		if !ok {
			// The handler panicked: let the retry through; the panic
			// goes on to net/http as usual.
			h.release(r.Context(), key)
		}
	}()
	h.next.ServeHTTP(sw, r)
	ok = true
	if sw.code == 0 {
		sw.WriteHeader(h.status)
	}
	if sw.code < 200 || sw.code > 299 {
		h.log.LogAttrs(r.Context(), slog.LevelWarn, "dispatch: handler failed; delivery left for the sender's retry", slog.Int("status", sw.code))
		h.release(r.Context(), key)
		return false
	}
	return true
}

// serveSync runs process before answering. A failure the RetryRule allows
// answers 500, so the sender redelivers; one it refuses (a redelivery would
// fail again or repeat a write) goes to the dead-letter function and is
// answered with the success status, so the sender stops.
func (h *Handler) serveSync(w http.ResponseWriter, r *http.Request, ev Event, key string) bool {
	ctx := r.Context()
	h.observeAccepted(ev.Body)
	took, err := h.timedCall(ctx, ev)
	if err == nil {
		h.observeCall(KindCompleted, ev, nil, took)
		w.WriteHeader(h.status)
		return true
	}
	if h.retryable(err) {
		h.observeCall(KindRetried, ev, err, took)
		h.logFailure(ctx, "dispatch: process failed; answered 500 for the sender's retry", ev, err, 0)
		h.release(ctx, key)
		w.WriteHeader(http.StatusInternalServerError)
		return false
	}
	h.observeCall(KindDeadLettered, ev, err, took)
	if h.deadLetter == nil {
		h.logFailure(ctx, "dispatch: process failed; not retryable, dead-lettered without a dead-letter function: acknowledged, the event is not kept", ev, err, 0)
	} else {
		h.logFailure(ctx, "dispatch: process failed; not retryable, dead-lettered and acknowledged", ev, err, 0)
		h.toDeadLetter(ev, err)
	}
	w.WriteHeader(h.status)
	return true
}

// call runs process once with the timeout, turning a panic into an error.
func (h *Handler) call(ctx context.Context, ev Event) (err error) {
	if h.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.timeout)
		defer cancel()
	}
	defer func() {
		if p := recover(); p != nil {
			err = errPanicked
		}
	}()
	return h.process(ctx, ev)
}

// logFailure logs a failed attempt with its category and event type, never
// the error text or the body. retryIn is 0 when no retry follows.
func (h *Handler) logFailure(ctx context.Context, msg string, ev Event, err error, retryIn time.Duration) {
	attrs := []slog.Attr{
		slog.String("category", Category(err)),
		slog.String("event_type", h.typeOf(ev.Body)),
		slog.Int("attempt", ev.Attempt),
	}
	if h.mode == modeAsync || h.mode == modeInbox {
		attrs = append(attrs, slog.Int("max_attempts", h.retry.attempts))
	}
	if !h.retryable(err) {
		attrs = append(attrs, slog.Bool("retryable", false))
	}
	if retryIn > 0 {
		attrs = append(attrs, slog.Duration("retry_in", retryIn))
	}
	h.log.LogAttrs(ctx, slog.LevelWarn, msg, attrs...)
}

// typeOf runs the WithEventType function. It runs on workers too, where a
// panic would kill the process, so a panic names no type ("").
func (h *Handler) typeOf(body []byte) (name string) {
	if h.eventType == nil {
		return ""
	}
	defer func() {
		if recover() != nil {
			name = ""
		}
	}()
	return sanitizeEventType(h.eventType(body))
}

func (h *Handler) release(ctx context.Context, key string) {
	if h.dedup == nil || key == "" {
		return
	}
	if err := h.dedup.Release(context.WithoutCancel(ctx), key); err != nil {
		h.log.LogAttrs(ctx, slog.LevelError, "dispatch: deduper release failed", storeErrorAttrs(err)...)
	}
}

// storeErrorAttrs describe a store's error (a Deduper's, an Inbox's) by its
// category and Go type, never its text: a store's message can quote the key,
// which derives from the body. A database error's SQLSTATE (an error with a
// SQLState() string method, as pgconn.PgError has) and the store's name (a
// StoreName() string method, such as the inbox's table) are logged too.
func storeErrorAttrs(err error) []slog.Attr {
	attrs := []slog.Attr{slog.String("category", Category(err)), slog.String("error_type", fmt.Sprintf("%T", err))}
	var sqlState interface{ SQLState() string }
	if errors.As(err, &sqlState) {
		attrs = append(attrs, slog.String("sqlstate", sanitizeEventType(sqlState.SQLState())))
	}
	var store interface{ StoreName() string }
	if errors.As(err, &store) {
		attrs = append(attrs, slog.String("store", sanitizeEventType(store.StoreName())))
	}
	return attrs
}

// ackDuplicate answers a duplicate with the success status; it is not
// handed on.
func (h *Handler) ackDuplicate(ctx context.Context, w http.ResponseWriter) {
	h.observe(Observation{Kind: KindDuplicate})
	h.log.LogAttrs(ctx, slog.LevelInfo, "dispatch: duplicate acknowledged", slog.String("reason", ErrDuplicate.Error()))
	w.WriteHeader(h.status)
}

func (h *Handler) refuse(ctx context.Context, w http.ResponseWriter, code int, err error) {
	h.observe(Observation{Kind: KindRefused, Status: code})
	h.log.LogAttrs(ctx, slog.LevelWarn, "dispatch: delivery refused", slog.Int("status", code), slog.String("reason", err.Error()))
	w.WriteHeader(code)
}

// statusFor maps a verification error to the generic status sent back.
func statusFor(err error) int {
	switch {
	case errors.Is(err, webhook.ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, webhook.ErrUnsupportedEncoding), errors.Is(err, webhook.ErrUnsupportedMediaType):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, webhook.ErrMissingSignature), errors.Is(err, webhook.ErrNoValidSignature),
		errors.Is(err, webhook.ErrTimestampTooOld), errors.Is(err, webhook.ErrTimestampTooNew):
		return http.StatusUnauthorized
	default:
		return http.StatusBadRequest
	}
}

// statusWriter records the status the wrapped handler sends.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.code == 0 && code >= 200 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
