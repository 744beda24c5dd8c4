package dispatch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is an io.Writer safe for the concurrent writes of a logger.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newLogger() (*slog.Logger, *lockedBuffer) {
	buf := &lockedBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// signedRequest is a POST of body signed with the timestamped scheme at now.
func signedRequest(now time.Time, body string, secrets ...string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
	r.Header.Set(tsHeaderName, webhook.SignTimestamped(now, []byte(body), secrets...))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// recordingNext records what the wrapped handler saw.
type recordingNext struct {
	mu     sync.Mutex
	calls  int
	bodies []string
	status int // 0: write nothing
}

func (n *recordingNext) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	replayed, _ := io.ReadAll(r.Body)
	fromCtx, ok := BodyFromContext(r.Context())
	if !ok || !bytes.Equal(replayed, fromCtx) {
		panic("body not replayable or not in context")
	}
	if _, ok := DeliveryFromContext(r.Context()); !ok {
		panic("delivery not in context")
	}
	n.mu.Lock()
	n.calls++
	n.bodies = append(n.bodies, string(replayed))
	status := n.status
	n.mu.Unlock()
	if status != 0 {
		w.WriteHeader(status)
	}
}

func (n *recordingNext) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.calls
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerAcceptsAndReplaysBody(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})
	next := &recordingNext{}
	h, err := NewHandler(v, next)
	require.NoError(t, err)

	w := serve(h, signedRequest(now, vecBody, vecSecret))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, []string{vecBody}, next.bodies)

	h204, err := NewHandler(v, next, WithSuccessStatus(http.StatusNoContent))
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, serve(h204, signedRequest(now, vecBody, vecSecret)).Code)

	next.status = http.StatusAccepted
	assert.Equal(t, http.StatusAccepted, serve(h204, signedRequest(now, vecBody, vecSecret)).Code, "the handler's own 2xx wins")
}

func TestHandlerRefusals(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret}, webhook.WithMaxBodyBytes(64))
	big := strings.Repeat("x", 65)
	cases := []struct {
		id     string
		req    func() *http.Request
		opts   []HandlerOption
		status int
		reason string
	}{
		{id: "N1_unsigned", req: func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(vecBody))
		}, status: 401, reason: webhook.ErrMissingSignature.Error()},
		{id: "N12_wrong_mac", req: func() *http.Request { return signedRequest(now, vecBody, "another-secret") }, status: 401, reason: webhook.ErrNoValidSignature.Error()},
		{id: "N13_malformed", req: func() *http.Request {
			r := signedRequest(now, vecBody, vecSecret)
			r.Header.Set(tsHeaderName, "t=1,t=2,v1="+v1Hex)
			return r
		}, status: 400, reason: webhook.ErrMalformedHeader.Error()},
		{id: "N30_too_old", req: func() *http.Request { return signedRequest(now.Add(-time.Hour), vecBody, vecSecret) }, status: 401, reason: webhook.ErrTimestampTooOld.Error()},
		{id: "N31_too_new", req: func() *http.Request { return signedRequest(now.Add(time.Hour), vecBody, vecSecret) }, status: 401, reason: webhook.ErrTimestampTooNew.Error()},
		{id: "N40_body_over_cap_content_length", req: func() *http.Request { return signedRequest(now, big, vecSecret) }, status: 413, reason: webhook.ErrBodyTooLarge.Error()},
		{id: "N40_body_over_cap_chunked", req: func() *http.Request {
			r := signedRequest(now, big, vecSecret)
			r.ContentLength = -1
			r.Body = io.NopCloser(strings.NewReader(big)) // hides the length
			return r
		}, status: 413, reason: webhook.ErrBodyTooLarge.Error()},
		{id: "N41_body_shorter_than_content_length", req: func() *http.Request {
			r := signedRequest(now, vecBody, vecSecret)
			r.ContentLength = int64(len(vecBody) + 10)
			return r
		}, status: 400, reason: webhook.ErrBodyRead.Error()},
		{id: "N41_read_error", req: func() *http.Request {
			r := signedRequest(now, vecBody, vecSecret)
			r.Body = io.NopCloser(io.MultiReader(strings.NewReader(vecBody[:5]), errReader{}))
			return r
		}, status: 400, reason: webhook.ErrBodyRead.Error()},
		{id: "N42_gzip", req: func() *http.Request {
			r := signedRequest(now, vecBody, vecSecret)
			r.Header.Set("Content-Encoding", "gzip")
			return r
		}, status: 415, reason: webhook.ErrUnsupportedEncoding.Error()},
		{id: "N42_identity_then_br", req: func() *http.Request {
			r := signedRequest(now, vecBody, vecSecret)
			r.Header.Set("Content-Encoding", "identity, br")
			return r
		}, status: 415, reason: webhook.ErrUnsupportedEncoding.Error()},
		{id: "N43_wrong_content_type", opts: []HandlerOption{WithContentTypes("application/json")}, req: func() *http.Request {
			r := signedRequest(now, vecBody, vecSecret)
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, status: 415, reason: webhook.ErrUnsupportedMediaType.Error()},
		{id: "N43_missing_content_type", opts: []HandlerOption{WithContentTypes("application/json")}, req: func() *http.Request {
			r := signedRequest(now, vecBody, vecSecret)
			r.Header.Del("Content-Type")
			return r
		}, status: 415, reason: webhook.ErrUnsupportedMediaType.Error()},
		{id: "method_get", req: func() *http.Request { return httptest.NewRequest(http.MethodGet, "/hook", nil) }, status: 405, reason: webhook.ErrInvalidRequest.Error()},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			next := &recordingNext{}
			log, logs := newLogger()
			h, err := NewHandler(v, next, append([]HandlerOption{WithLogger(log)}, c.opts...)...)
			require.NoError(t, err)
			w := serve(h, c.req())
			assert.Equal(t, c.status, w.Code)
			assert.Empty(t, w.Body.String(), "refusals never say why")
			assert.Zero(t, next.count(), "refused deliveries are not handed on")
			assert.Contains(t, logs.String(), c.reason)
		})
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestHandlerAcceptedVariants(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})
	next := &recordingNext{}
	h, err := NewHandler(v, next, WithContentTypes("application/json"))
	require.NoError(t, err)
	r := signedRequest(now, vecBody, vecSecret)
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	r.Header.Set("Content-Encoding", "identity")
	assert.Equal(t, 200, serve(h, r).Code)

	// N18 over a real connection: the header name is sent in lower case.
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(vecBody))
	require.NoError(t, err)
	req.Header["webhook-signature"] = []string{webhook.SignTimestamped(now, []byte(vecBody), vecSecret)}
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 2, next.count())
}

func TestHandlerDedup(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})

	t.Run("N35_exact_replay", func(t *testing.T) {
		t.Parallel()
		d, err := NewMemoryDeduper(10*time.Minute, 100)
		require.NoError(t, err)
		next := &recordingNext{}
		h, err := NewHandler(v, next, WithDeduper(d), WithSuccessStatus(204))
		require.NoError(t, err)
		assert.Equal(t, 204, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		assert.Equal(t, 204, serve(h, signedRequest(now, vecBody, vecSecret)).Code, "duplicate acknowledged with 2xx")
		assert.Equal(t, 1, next.count(), "duplicate not handed on")
	})

	t.Run("N36_sender_retry_new_t_same_event", func(t *testing.T) {
		t.Parallel()
		d, err := NewMemoryDeduper(10*time.Minute, 100)
		require.NoError(t, err)
		next := &recordingNext{}
		eventID := func(_ webhook.Delivery, body []byte) string {
			var e struct{ ID string }
			if json.Unmarshal(body, &e) != nil {
				return ""
			}
			return e.ID
		}
		h, err := NewHandler(v, next, WithDeduper(d), WithDedupKey(eventID))
		require.NoError(t, err)
		assert.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		assert.Equal(t, 200, serve(h, signedRequest(now.Add(30*time.Second), vecBody, vecSecret)).Code)
		assert.Equal(t, 1, next.count())
	})

	t.Run("handler_failure_releases_key", func(t *testing.T) {
		t.Parallel()
		d, err := NewMemoryDeduper(10*time.Minute, 100)
		require.NoError(t, err)
		next := &recordingNext{status: 500}
		log, logs := newLogger()
		h, err := NewHandler(v, next, WithDeduper(d), WithLogger(log))
		require.NoError(t, err)
		assert.Equal(t, 500, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		assert.Contains(t, logs.String(), "left for the sender's retry")
		next.status = 0
		assert.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		assert.Equal(t, 2, next.count(), "the retry after a failure is processed")
		assert.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		assert.Equal(t, 2, next.count(), "after success it is a duplicate")
	})

	t.Run("handler_panic_releases_key", func(t *testing.T) {
		t.Parallel()
		d, err := NewMemoryDeduper(10*time.Minute, 100)
		require.NoError(t, err)
		h, err := NewHandler(v, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }), WithDeduper(d))
		require.NoError(t, err)
		assert.Panics(t, func() { serve(h, signedRequest(now, vecBody, vecSecret)) })
		assert.Zero(t, d.Len(), "key released after a panic")
	})

	t.Run("deduper_error_is_503", func(t *testing.T) {
		t.Parallel()
		next := &recordingNext{}
		h, err := NewHandler(v, next, WithDeduper(failingDeduper{}))
		require.NoError(t, err)
		assert.Equal(t, 503, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		assert.Zero(t, next.count())
	})

	t.Run("unverified_delivery_never_claims", func(t *testing.T) {
		t.Parallel()
		d, err := NewMemoryDeduper(10*time.Minute, 100)
		require.NoError(t, err)
		h, err := NewHandler(v, &recordingNext{}, WithDeduper(d))
		require.NoError(t, err)
		assert.Equal(t, 401, serve(h, signedRequest(now, vecBody, "wrong-secret")).Code)
		assert.Zero(t, d.Len())
	})
}

type failingDeduper struct{}

func (failingDeduper) Claim(context.Context, string) (bool, error) {
	return false, errors.New("store down")
}
func (failingDeduper) Release(context.Context, string) error { return errors.New("store down") }

func TestHandlerShortSecretWarningN39(t *testing.T) {
	t.Parallel()
	log, logs := newLogger()
	v := newTS(t, time.Unix(vecT, 0), []string{vecSecret})
	_, err := NewHandler(v, &recordingNext{}, WithLogger(log))
	require.NoError(t, err)
	assert.Contains(t, logs.String(), "secret shorter than recommended")
	assert.NotContains(t, logs.String(), vecSecret)

	log2, logs2 := newLogger()
	v2 := newTS(t, time.Unix(vecT, 0), []string{strings.Repeat("k", webhook.RecommendedMinSecretBytes)})
	_, err = NewHandler(v2, &recordingNext{}, WithLogger(log2))
	require.NoError(t, err)
	assert.Empty(t, logs2.String())
}

func TestHandlerConstructor(t *testing.T) {
	t.Parallel()
	v := newTS(t, time.Unix(vecT, 0), []string{vecSecret})
	next := &recordingNext{}
	cases := []struct {
		id    string
		build func() (*Handler, error)
		field string
	}{
		{"nil_verifier", func() (*Handler, error) { return NewHandler(nil, next) }, "verifier"},
		{"nil_next", func() (*Handler, error) { return NewHandler(v, nil) }, "next"},
		{"nil_process", func() (*Handler, error) { return NewAsyncHandler(v, nil) }, "process"},
		{"status_not_2xx", func() (*Handler, error) { return NewHandler(v, next, WithSuccessStatus(302)) }, "WithSuccessStatus"},
		{"nil_deduper", func() (*Handler, error) { return NewHandler(v, next, WithDeduper(nil)) }, "WithDeduper"},
		{"nil_key_func", func() (*Handler, error) { return NewHandler(v, next, WithDedupKey(nil)) }, "WithDedupKey"},
		{"nil_logger", func() (*Handler, error) { return NewHandler(v, next, WithLogger(nil)) }, "WithLogger"},
		{"no_content_types", func() (*Handler, error) { return NewHandler(v, next, WithContentTypes()) }, "WithContentTypes"},
		{"workers_zero", func() (*Handler, error) { return NewAsyncHandler(v, nopProcess, WithWorkers(0)) }, "WithWorkers"},
		{"queue_zero", func() (*Handler, error) { return NewAsyncHandler(v, nopProcess, WithQueueSize(0)) }, "WithQueueSize"},
		{"async_option_on_sync", func() (*Handler, error) { return NewHandler(v, next, WithWorkers(2)) }, "WithWorkers does not apply to NewHandler"},
		{"sync_and_inbox", func() (*Handler, error) {
			return NewEventHandler(v, nopProcess, WithSync(), WithInbox(mustMemoryInbox(t)))
		}, "WithSync and WithInbox"},
		{"retries_in_sync_mode", func() (*Handler, error) {
			return NewEventHandler(v, nopProcess, WithSync(), WithRetries(3, time.Second, time.Minute))
		}, "WithRetries does not apply to sync mode"},
		{"lease_without_inbox", func() (*Handler, error) { return NewEventHandler(v, nopProcess, WithLease(time.Minute)) }, "WithLease does not apply to asynchronous mode"},
		{"queue_with_inbox", func() (*Handler, error) {
			return NewEventHandler(v, nopProcess, WithInbox(mustMemoryInbox(t)), WithQueueSize(3))
		}, "WithQueueSize"},
		{"retries_zero", func() (*Handler, error) {
			return NewEventHandler(v, nopProcess, WithRetries(0, time.Second, time.Second))
		}, "WithRetries"},
		{"retries_max_below_min", func() (*Handler, error) {
			return NewEventHandler(v, nopProcess, WithRetries(2, time.Minute, time.Second))
		}, "WithRetries"},
		{"nil_dead_letter", func() (*Handler, error) { return NewEventHandler(v, nopProcess, WithDeadLetter(nil)) }, "WithDeadLetter"},
		{"nil_inbox", func() (*Handler, error) { return NewEventHandler(v, nopProcess, WithInbox(nil)) }, "WithInbox"},
		{"zero_timeout", func() (*Handler, error) { return NewEventHandler(v, nopProcess, WithProcessTimeout(0)) }, "WithProcessTimeout"},
		{"timeout_on_next", func() (*Handler, error) { return NewHandler(v, next, WithProcessTimeout(time.Second)) }, "WithProcessTimeout"},
		{"empty_source", func() (*Handler, error) { return NewEventHandler(v, nopProcess, WithSource("")) }, "WithSource"},
		{"zero_poll", func() (*Handler, error) { return NewEventHandler(v, nopProcess, WithPollInterval(0)) }, "WithPollInterval"},
		{"batch_zero", func() (*Handler, error) {
			return NewEventHandler(v, nopProcess, WithInbox(mustMemoryInbox(t)), WithClaimBatch(0))
		}, "WithClaimBatch"},
		{"batch_without_inbox", func() (*Handler, error) { return NewEventHandler(v, nopProcess, WithClaimBatch(2)) }, "WithClaimBatch does not apply"},
		{"nil_event_type", func() (*Handler, error) { return NewEventHandler(v, nopProcess, WithEventType(nil)) }, "WithEventType"},
		{"nil_option", func() (*Handler, error) { return NewHandler(v, next, nil) }, "option 0"},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			h, err := c.build()
			require.ErrorIs(t, err, ErrInvalidConfig)
			assert.Contains(t, err.Error(), c.field)
			assert.Nil(t, h)
		})
	}
}

func nopProcess(context.Context, Event) error { return nil }

func mustMemoryInbox(t *testing.T) *MemoryInbox {
	t.Helper()
	ib, err := NewMemoryInbox(time.Hour)
	require.NoError(t, err)
	return ib
}

func mustDeduper(t *testing.T) *MemoryDeduper {
	t.Helper()
	d, err := NewMemoryDeduper(time.Hour, 1000)
	require.NoError(t, err)
	return d
}

// customScheme accepts a fixed token header and checks it saw the verifier's clock.
type customScheme struct{ want time.Time }

func (c customScheme) Verify(h http.Header, _ []byte, now time.Time) (webhook.Delivery, error) {
	if !now.Equal(c.want) {
		return webhook.Delivery{}, webhook.ErrTimestampTooOld
	}
	if h.Get("X-Token") != "t0k3n" {
		return webhook.Delivery{}, webhook.ErrNoValidSignature
	}
	return webhook.Delivery{ID: "custom-id"}, nil
}

func TestCustomScheme(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v, err := webhook.NewVerifier(customScheme{want: now}, webhook.WithClock(fixedClock(now)))
	require.NoError(t, err)
	next := &recordingNext{}
	h, err := NewHandler(v, next)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(vecBody))
	r.Header.Set("X-Token", "t0k3n")
	assert.Equal(t, 200, serve(h, r).Code)
	r = httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(vecBody))
	assert.Equal(t, 401, serve(h, r).Code)

	_, err = webhook.NewVerifier(nil)
	require.ErrorIs(t, err, ErrInvalidConfig)
	_, err = webhook.NewVerifier(customScheme{}, webhook.WithTolerance(time.Minute))
	require.ErrorIs(t, err, ErrInvalidConfig)
}

func TestVerifyRequest(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})
	body, d, err := v.VerifyRequest(nil, signedRequest(now, vecBody, vecSecret))
	require.NoError(t, err)
	assert.Equal(t, vecBody, string(body))
	assert.Equal(t, vecKey, d.Key(body))
	assert.Equal(t, webhook.DefaultMaxBodyBytes, v.MaxBodyBytes())

	body, _, err = v.VerifyRequest(nil, signedRequest(now, vecBody, "wrong"))
	require.ErrorIs(t, err, webhook.ErrNoValidSignature)
	assert.Nil(t, body, "unverified bytes are never returned")

	r := httptest.NewRequest(http.MethodPost, "/hook", nil)
	r.Header.Set(tsHeaderName, "t=1565712055,v1="+v3Hex)
	body, _, err = v.VerifyRequest(nil, r)
	require.NoError(t, err, "P8 empty body")
	assert.Empty(t, body)
}

// TestConcurrentVerifyAndDedup runs many goroutines through one Handler: the
// pooled HMAC states must not be shared (-race), valid and invalid deliveries
// must each get the right answer, and of many concurrent copies of one
// delivery exactly one must be handed on.
func TestConcurrentVerifyAndDedup(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{"the-new-secret-0123456789", vecSecret})
	d, err := NewMemoryDeduper(10*time.Minute, 10_000)
	require.NoError(t, err)
	next := &recordingNext{}
	h, err := NewHandler(v, next, WithDeduper(d))
	require.NoError(t, err)

	const goroutines, perG = 8, 50
	var wg sync.WaitGroup
	var bad, wrongAnswer atomic.Int64
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perG {
				unique := `{"id":"evt_` + strconv.Itoa(g) + `_` + strconv.Itoa(i) + `"}`
				if serve(h, signedRequest(now, unique, []string{vecSecret, "the-new-secret-0123456789"}[i%2])).Code != 200 {
					wrongAnswer.Add(1)
				}
				if serve(h, signedRequest(now, unique, "forged")).Code != 401 {
					bad.Add(1)
				}
				// every goroutine also sends the same shared delivery
				if serve(h, signedRequest(now, vecBody, vecSecret)).Code != 200 {
					wrongAnswer.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, bad.Load(), "forged deliveries accepted")
	assert.Zero(t, wrongAnswer.Load())
	assert.Equal(t, goroutines*perG+1, next.count(), "each unique delivery once, the shared one once")
}

func TestZeroValuesFailClosed(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	var nilV *webhook.Verifier
	_, err := nilV.Verify(signedRequest(now, vecBody, vecSecret).Header, []byte(vecBody))
	require.ErrorIs(t, err, ErrInvalidConfig)
	_, err = (&webhook.Verifier{}).Verify(signedRequest(now, vecBody, vecSecret).Header, []byte(vecBody))
	require.ErrorIs(t, err, ErrInvalidConfig)
	_, _, err = (&webhook.Verifier{}).VerifyRequest(nil, signedRequest(now, vecBody, vecSecret))
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.Equal(t, 500, serve(&Handler{}, signedRequest(now, vecBody, vecSecret)).Code)
}

// longIDScheme is a careless custom webhook.Scheme that uses the whole body as the
// delivery's ID.
type longIDScheme struct{}

func (longIDScheme) Verify(_ http.Header, body []byte, _ time.Time) (webhook.Delivery, error) {
	return webhook.Delivery{ID: string(body)}, nil
}

// A custom webhook.Scheme's ID went into the Deduper and the inbox unbounded (only
// WithDedupKey keys were hashed): a 10 KB ID cannot be stored by a Postgres
// inbox (index entries hold under 3 KB), so every delivery was answered 503
// for ever. Like WithDedupKey keys, a long ID is stored as its SHA-256,
// and still deduplicates.
func TestCustomSchemeLongIDIsBoundedAsKey(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		v, err := webhook.NewVerifier(longIDScheme{})
		require.NoError(t, err)
		ib := mustMemoryInbox(t)
		h, err := NewEventHandler(v, nopProcess, WithInbox(ib), WithSource("s"))
		require.NoError(t, err)
		body := strings.Repeat("x", 10_000)
		for range 2 {
			r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
			require.Equal(t, http.StatusOK, serve(h, r).Code)
		}
		require.NoError(t, h.WaitIdle(context.Background()))
		recs, err := ib.Records(context.Background(), "s")
		require.NoError(t, err)
		require.Len(t, recs, 1, "the second copy is a duplicate")
		assert.LessOrEqual(t, len(recs[0].Key), 256)
		require.NoError(t, h.Shutdown(context.Background()))
	})
}
