package webhook

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
)

// Handler is net/http middleware that verifies each delivery before anything
// else sees it. NewHandler hands verified requests to an http.Handler in the
// request goroutine; NewAsyncHandler queues them for a worker pool and
// answers at once. A Handler is safe for concurrent use.
//
// For every request it:
//  1. refuses methods other than POST (405), a Content-Type outside
//     WithContentTypes (415) and a Content-Encoding other than identity (415);
//  2. reads the raw body once through http.MaxBytesReader (413 over the
//     verifier's cap, 400 when the body cannot be read in full);
//  3. verifies it: 400 for a malformed header, 401 for a missing or wrong
//     signature or a timestamp outside the tolerance;
//  4. claims the deduplication key with the Deduper, if one is set: a
//     duplicate is answered with the success status and not handed on; a
//     store error is answered 503 so the sender retries;
//  5. hands the delivery on: synchronously with a replayable r.Body holding
//     the verified bytes (also available from BodyFromContext and
//     DeliveryFromContext), or asynchronously as an Event (503 when the queue
//     is full or shutting down).
//
// Refusals carry no body and never say why; the reason (a fixed text, never a
// secret, signature, header value or body) goes to the logger set with
// WithLogger. If the synchronous handler answers outside 2xx or panics, or the
// asynchronous ProcessFunc fails or panics, the key is released so the
// sender's retry is processed. When the next handler writes no status, the
// success status (WithSuccessStatus, default 200) is sent.
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
	v            *Verifier
	next         http.Handler
	process      ProcessFunc
	status       int
	dedup        Deduper
	keyFunc      func(Delivery, []byte) string
	log          *slog.Logger
	contentTypes []string

	// asynchronous mode
	queue  chan job
	mu     sync.RWMutex
	closed bool
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

// Event is a verified delivery handed to a ProcessFunc.
type Event struct {
	Delivery Delivery
	// Body is the verified raw body; the ProcessFunc owns it.
	Body []byte
	// Header is a copy of the request header.
	Header http.Header
}

// ProcessFunc processes one verified delivery in asynchronous mode. ctx is
// cancelled when Shutdown's context ends before the queue is drained. An
// error (or a panic) releases the deduplication key. The error's text is not
// logged, since it may describe the payload: log what you need yourself.
type ProcessFunc func(ctx context.Context, e Event) error

type job struct {
	ev  Event
	key string
}

// HandlerOption configures a Handler.
type HandlerOption func(*handlerConfig) error

type handlerConfig struct {
	status       int
	dedup        Deduper
	keyFunc      func(Delivery, []byte) string
	log          *slog.Logger
	contentTypes []string
	workers      int
	queueSize    int
	asyncSet     bool
}

const (
	// DefaultWorkers is the asynchronous worker count without WithWorkers.
	DefaultWorkers = 4
	// DefaultQueueSize is the asynchronous queue length without WithQueueSize.
	DefaultQueueSize = 64
)

// WithSuccessStatus sets the status sent for an accepted (or duplicate)
// delivery when the handler writes none; it must be 2xx. The default is 200.
func WithSuccessStatus(code int) HandlerOption {
	return func(c *handlerConfig) error {
		if code < 200 || code > 299 {
			return fmt.Errorf("%w: WithSuccessStatus: status must be 2xx", ErrInvalidConfig)
		}
		c.status = code
		return nil
	}
}

// WithDeduper sets the store of seen deduplication keys.
func WithDeduper(d Deduper) HandlerOption {
	return func(c *handlerConfig) error {
		if d == nil {
			return fmt.Errorf("%w: WithDeduper: deduper is nil", ErrInvalidConfig)
		}
		c.dedup = d
		return nil
	}
}

// WithDedupKey replaces Delivery.ID as the deduplication key, for example
// with an event id read from the verified body so that a sender's retry
// (new timestamp, new signature, same event) is recognised. It runs only
// after verification; returning "" skips deduplication for that delivery.
func WithDedupKey(key func(d Delivery, body []byte) string) HandlerOption {
	return func(c *handlerConfig) error {
		if key == nil {
			return fmt.Errorf("%w: WithDedupKey: function is nil", ErrInvalidConfig)
		}
		c.keyFunc = key
		return nil
	}
}

// WithLogger sets where refusals and failures are logged. Without it
// nothing is logged.
func WithLogger(l *slog.Logger) HandlerOption {
	return func(c *handlerConfig) error {
		if l == nil {
			return fmt.Errorf("%w: WithLogger: logger is nil", ErrInvalidConfig)
		}
		c.log = l
		return nil
	}
}

// WithContentTypes refuses (415, before the body is read) a request whose
// media type is not one of types, such as "application/json". Without it any
// Content-Type is accepted.
func WithContentTypes(types ...string) HandlerOption {
	return func(c *handlerConfig) error {
		if len(types) == 0 {
			return fmt.Errorf("%w: WithContentTypes: no types given", ErrInvalidConfig)
		}
		for i, t := range types {
			if t == "" {
				return fmt.Errorf("%w: WithContentTypes: types[%d] is empty", ErrInvalidConfig, i)
			}
			c.contentTypes = append(c.contentTypes, strings.ToLower(t))
		}
		return nil
	}
}

// WithWorkers sets the number of asynchronous workers (NewAsyncHandler
// only). The default is DefaultWorkers.
func WithWorkers(n int) HandlerOption {
	return func(c *handlerConfig) error {
		if n <= 0 {
			return fmt.Errorf("%w: WithWorkers: count must be positive", ErrInvalidConfig)
		}
		c.workers, c.asyncSet = n, true
		return nil
	}
}

// WithQueueSize sets how many verified deliveries may wait for a worker
// (NewAsyncHandler only); when it is full the sender gets 503. The default is
// DefaultQueueSize.
func WithQueueSize(n int) HandlerOption {
	return func(c *handlerConfig) error {
		if n <= 0 {
			return fmt.Errorf("%w: WithQueueSize: size must be positive", ErrInvalidConfig)
		}
		c.queueSize, c.asyncSet = n, true
		return nil
	}
}

func newHandler(v *Verifier, opts []HandlerOption) (*Handler, handlerConfig, error) {
	c := handlerConfig{status: http.StatusOK, workers: DefaultWorkers, queueSize: DefaultQueueSize}
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
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if v.shortSecrets > 0 {
		c.log.Warn("webhook: secret shorter than recommended", slog.Int("count", v.shortSecrets), slog.Int("min_bytes", RecommendedMinSecretBytes))
	}
	return &Handler{
		v: v, status: c.status, dedup: c.dedup, keyFunc: c.keyFunc, log: c.log, contentTypes: c.contentTypes,
	}, c, nil
}

// NewHandler returns middleware that verifies each delivery with v and hands
// it to next in the request goroutine (see Handler).
func NewHandler(v *Verifier, next http.Handler, opts ...HandlerOption) (*Handler, error) {
	h, c, err := newHandler(v, opts)
	if err != nil {
		return nil, err
	}
	if next == nil {
		return nil, fmt.Errorf("%w: next handler is nil", ErrInvalidConfig)
	}
	if c.asyncSet {
		return nil, fmt.Errorf("%w: WithWorkers and WithQueueSize apply only to NewAsyncHandler", ErrInvalidConfig)
	}
	h.next = next
	return h, nil
}

// NewAsyncHandler returns middleware that verifies each delivery with v,
// queues it for a pool of workers calling process, and answers the sender at
// once, for senders that count a slow answer as a failure. Call Shutdown to
// stop accepting deliveries and drain the queue.
func NewAsyncHandler(v *Verifier, process ProcessFunc, opts ...HandlerOption) (*Handler, error) {
	h, c, err := newHandler(v, opts)
	if err != nil {
		return nil, err
	}
	if process == nil {
		return nil, fmt.Errorf("%w: process function is nil", ErrInvalidConfig)
	}
	h.process = process
	h.queue = make(chan job, c.queueSize)
	h.ctx, h.cancel = context.WithCancel(context.Background())
	h.wg.Add(c.workers)
	for range c.workers {
		go h.work()
	}
	return h, nil
}

// ServeHTTP implements http.Handler.
// A Handler not made by NewHandler or NewAsyncHandler answers 500 to
// everything.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.v == nil || h.log == nil || (h.next == nil && h.process == nil) {
		w.WriteHeader(http.StatusInternalServerError)
		return
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
	key := d.ID
	if h.keyFunc != nil {
		key = h.keyFunc(d, body)
	}
	if h.dedup != nil && key != "" {
		fresh, err := h.dedup.Claim(ctx, key)
		if err != nil {
			h.log.LogAttrs(ctx, slog.LevelError, "webhook: deduper claim failed", slog.String("error", err.Error()))
			h.refuse(ctx, w, http.StatusServiceUnavailable, errDedupStore)
			return
		}
		if !fresh {
			h.log.LogAttrs(ctx, slog.LevelInfo, "webhook: duplicate acknowledged", slog.String("reason", ErrDuplicate.Error()))
			w.WriteHeader(h.status)
			return
		}
	} else {
		key = ""
	}
	if h.process != nil {
		h.enqueue(w, r, job{ev: Event{Delivery: d, Body: body, Header: r.Header.Clone()}, key: key})
		return
	}
	h.serveNext(w, r, body, d, key)
}

func (h *Handler) serveNext(w http.ResponseWriter, r *http.Request, body []byte, d Delivery, key string) {
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
		h.log.LogAttrs(r.Context(), slog.LevelWarn, "webhook: handler failed; delivery left for the sender's retry", slog.Int("status", sw.code))
		h.release(r.Context(), key)
	}
}

func (h *Handler) enqueue(w http.ResponseWriter, r *http.Request, j job) {
	h.mu.RLock()
	if h.closed {
		h.mu.RUnlock()
		h.release(r.Context(), j.key)
		h.refuse(r.Context(), w, http.StatusServiceUnavailable, ErrClosed)
		return
	}
	select {
	case h.queue <- j:
		h.mu.RUnlock()
		w.WriteHeader(h.status)
	default:
		h.mu.RUnlock()
		h.release(r.Context(), j.key)
		h.refuse(r.Context(), w, http.StatusServiceUnavailable, ErrQueueFull)
	}
}

func (h *Handler) work() {
	defer h.wg.Done()
	for j := range h.queue {
		h.run(j)
	}
}

func (h *Handler) run(j job) {
	defer func() {
		if p := recover(); p != nil {
			h.log.LogAttrs(h.ctx, slog.LevelError, "webhook: process panicked; delivery released")
			h.release(h.ctx, j.key)
		}
	}()
	if err := h.process(h.ctx, j.ev); err != nil {
		h.log.LogAttrs(h.ctx, slog.LevelWarn, "webhook: process failed; delivery released")
		h.release(h.ctx, j.key)
	}
}

// Shutdown stops an asynchronous Handler: deliveries arriving from now on get
// 503, and Shutdown waits for the queued ones to be processed. If ctx ends
// first, the workers' context is cancelled and ctx's error returned. Call it
// after http.Server.Shutdown, so no request is still being enqueued. For a
// synchronous Handler it does nothing. It is safe to call more than once.
func (h *Handler) Shutdown(ctx context.Context) error {
	if h.process == nil {
		return nil
	}
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.queue)
	}
	h.mu.Unlock()
	done := make(chan struct{})
	go func() {
		h.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		h.cancel()
		return nil
	case <-ctx.Done():
		h.cancel()
		return ctx.Err()
	}
}

func (h *Handler) release(ctx context.Context, key string) {
	if h.dedup == nil || key == "" {
		return
	}
	if err := h.dedup.Release(context.WithoutCancel(ctx), key); err != nil {
		h.log.LogAttrs(ctx, slog.LevelError, "webhook: deduper release failed", slog.String("error", err.Error()))
	}
}

func (h *Handler) refuse(ctx context.Context, w http.ResponseWriter, code int, err error) {
	h.log.LogAttrs(ctx, slog.LevelWarn, "webhook: delivery refused", slog.Int("status", code), slog.String("reason", err.Error()))
	w.WriteHeader(code)
}

// statusFor maps a verification error to the generic status sent back.
func statusFor(err error) int {
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrUnsupportedEncoding), errors.Is(err, ErrUnsupportedMediaType):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, ErrMissingSignature), errors.Is(err, ErrNoValidSignature),
		errors.Is(err, ErrTimestampTooOld), errors.Is(err, ErrTimestampTooNew):
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
