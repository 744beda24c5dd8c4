package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R-01: RetryMax=n against an always-503 server makes exactly n+1 attempts, and the error
// reports the attempts and the last status.
func TestMaxAttempts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		maxRetries int
		want       int
	}{
		{NoRetries, 1}, {1, 2}, {2, 3}, {4, 5},
	} {
		t.Run("retries="+strconv.Itoa(tc.maxRetries), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(answer(http.StatusServiceUnavailable))
				s := testSettings(sc.transport())
				s.MaxRetries = tc.maxRetries
				c := newClient(t, s)

				resp, err := c.Do(t.Context(), get("/orders/{id}", "o-1"), nil)

				assert.Equal(t, tc.want, sc.count(), "attempts at the server")
				var ae *APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, http.StatusServiceUnavailable, ae.StatusCode)
				assert.Equal(t, tc.want, ae.Attempts)
				assert.ErrorIs(t, err, ErrServer)
				assert.Contains(t, err.Error(), "503")
				if tc.want > 1 {
					assert.Contains(t, err.Error(), strconv.Itoa(tc.want)+" attempts")
				}
				require.NotNil(t, resp)
				assert.Equal(t, tc.want, resp.Attempts)
				assert.Equal(t, sc.opened.Load(), sc.closed.Load(), "every body closed")
			})
		})
	}
}

// R-01 for transport errors: the RequestError reports attempts and the last status seen.
func TestMaxAttemptsTransportError(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc := newScript(answer(http.StatusBadGateway), fail(errReset))
		s := testSettings(sc.transport())
		s.MaxRetries = 3
		c := newClient(t, s)

		_, err := c.Do(t.Context(), get("/orders"), nil)

		assert.Equal(t, 4, sc.count())
		var re *RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 4, re.Attempts)
		assert.Equal(t, http.StatusBadGateway, re.LastStatus)
		assert.Contains(t, err.Error(), "4 attempts")
		assert.Contains(t, err.Error(), "last status 502")
		var op *net.OpError
		assert.ErrorAs(t, err, &op, "the cause stays reachable")
	})
}

// R-02: a POST or PATCH that may have reached the server is never retried; the error
// matches ErrOutcomeUnknown. (Socket-level resets and timeouts are in socket_test.go.)
func TestWriteNotRetriedAfterSend(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodPost, http.MethodPatch} {
		for _, st := range []step{
			answer(http.StatusInternalServerError),
			answer(http.StatusBadGateway),
			answer(http.StatusServiceUnavailable),
			answer(http.StatusGatewayTimeout),
			fail(errReset),
			{err: io.ErrUnexpectedEOF, wrote: true},
			{err: errRefused, wrote: true}, // written, then a dial-looking error: still unknown
		} {
			name := method + "/" + strconv.Itoa(st.status)
			if st.err != nil {
				name = method + "/" + st.err.Error()
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				synctest.Test(t, func(t *testing.T) {
					sc := newScript(st, answer(http.StatusCreated))
					c := newClient(t, testSettings(sc.transport()))
					r := post("/orders", map[string]string{"patient": "p"})
					r.Method = method

					_, err := c.Do(t.Context(), r, nil)

					assert.Equal(t, 1, sc.count(), "a write that may have arrived is sent once")
					assert.ErrorIs(t, err, ErrOutcomeUnknown)
					assert.Contains(t, err.Error(), "outcome unknown")
					if st.status != 0 {
						assert.ErrorIs(t, err, ErrServer)
					}
				})
			})
		}
	}
}

// R-02: a write is retried when the request provably never left (dial failure) and when the
// server answered 429; such a call is not "outcome unknown".
func TestWriteRetriedWhenNotSent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		first step
	}{
		{"dial refused", fail(errRefused)},
		{"dial timeout", fail(&net.OpError{Op: "dial", Net: "tcp", Err: &timeoutErr{}})},
		{"TLS record header", fail(tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"})},
		{"TLS alert", fail(tls.AlertError(40))},
		{"429", answer(http.StatusTooManyRequests)},
		{"429 after write", step{status: http.StatusTooManyRequests, wrote: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(tc.first, answer(http.StatusCreated))
				c := newClient(t, testSettings(sc.transport()))

				resp, err := c.Do(t.Context(), post("/orders", map[string]int{"n": 1}), nil)

				require.NoError(t, err)
				assert.Equal(t, http.StatusCreated, resp.StatusCode)
				assert.Equal(t, 2, sc.count())
				assert.Equal(t, 2, resp.Attempts)
			})
		})
	}
}

// A POST that got a 429 and then runs out of attempts or time is not "outcome unknown":
// the server said it did not process it.
func TestWriteAfter429NotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	t.Run("cancelled during the wait", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			sc := newScript(step{status: http.StatusTooManyRequests, wrote: true})
			c := newClient(t, testSettings(sc.transport()))
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(100*time.Millisecond, cancel)

			_, err := c.Do(ctx, post("/orders", map[string]int{"n": 1}), nil)

			assert.ErrorIs(t, err, context.Canceled)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown)
		})
	})
	t.Run("then a dial failure", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			sc := newScript(step{status: http.StatusTooManyRequests, wrote: true}, fail(errRefused))
			s := testSettings(sc.transport())
			s.MaxRetries = 1
			c := newClient(t, s)

			_, err := c.Do(t.Context(), post("/orders", map[string]int{"n": 1}), nil)

			assert.Equal(t, 2, sc.count())
			assert.NotErrorIs(t, err, ErrOutcomeUnknown)
		})
	})
	t.Run("429 then 500 is unknown", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			sc := newScript(answer(http.StatusTooManyRequests), answer(http.StatusInternalServerError))
			c := newClient(t, testSettings(sc.transport()))

			_, err := c.Do(t.Context(), post("/orders", map[string]int{"n": 1}), nil)

			assert.Equal(t, 2, sc.count())
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
		})
	})
}

// R-02/R-03: a POST marked Idempotent, or carrying an IdempotencyKey, is retried after
// ambiguous failures, and the same key rides every attempt; another call carries its own key.
func TestIdempotentWriteRetried(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		mark   func(*Request)
		header string
	}{
		{"Idempotent", func(r *Request) { r.Idempotent = true }, ""},
		{"IdempotencyKey", func(r *Request) { r.IdempotencyKey = "key-1" }, "Idempotency-Key"},
		{"custom header", func(r *Request) { r.IdempotencyKey = "key-1"; r.IdempotencyHeader = "X-Idempotency-Key" }, "X-Idempotency-Key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(answer(http.StatusInternalServerError), fail(errReset),
					answer(http.StatusServiceUnavailable), answer(http.StatusCreated))
				s := testSettings(sc.transport())
				s.MaxRetries = 3
				c := newClient(t, s)
				r := post("/orders", map[string]string{"patient": "p"})
				tc.mark(r)

				resp, err := c.Do(t.Context(), r, nil)

				require.NoError(t, err)
				assert.Equal(t, 4, resp.Attempts)
				hits := sc.all()
				require.Len(t, hits, 4)
				if tc.header != "" {
					for i, h := range hits {
						assert.Equal(t, "key-1", h.Header.Get(tc.header), "attempt %d", i+1)
					}
					r2 := post("/orders", map[string]string{"patient": "p"})
					tc.mark(r2)
					r2.IdempotencyKey = "key-2"
					_, err = c.Do(t.Context(), r2, nil)
					require.NoError(t, err)
					hits = sc.all()
					assert.Equal(t, "key-2", hits[len(hits)-1].Header.Get(tc.header))
				}
			})
		})
	}
}

type timeoutErr struct{}

func (*timeoutErr) Error() string   { return "i/o timeout" }
func (*timeoutErr) Timeout() bool   { return true }
func (*timeoutErr) Temporary() bool { return true }

// R-04: the retryable set for an idempotent GET, table-driven like stripe-go's TestShouldRetry.
func TestRetryableSet(t *testing.T) {
	t.Parallel()
	retried := func(status int) bool {
		switch status {
		case 429, 500, 502, 503, 504:
			return true
		}
		return false
	}
	type tcase struct {
		name  string
		step  step
		retry bool
		is    error
	}
	var cases []tcase
	for _, code := range []int{429, 500, 502, 503, 504, 400, 401, 403, 404, 405, 408, 409, 410, 422, 501, 505} {
		cases = append(cases, tcase{name: strconv.Itoa(code), step: answer(code), retry: retried(code)})
	}
	cases = append(cases,
		tcase{name: "connection reset", step: fail(errReset), retry: true},
		tcase{name: "connection refused", step: fail(errRefused), retry: true},
		tcase{name: "unexpected EOF", step: fail(io.ErrUnexpectedEOF), retry: true},
		tcase{name: "DNS temporary", step: fail(&net.DNSError{Err: "server misbehaving", Name: "lab.test", IsTemporary: true}), retry: true},
		tcase{name: "DNS not found", step: fail(&net.DNSError{Err: "no such host", Name: "lab.test", IsNotFound: true}), retry: false},
		tcase{name: "x509 unknown authority", step: fail(x509.UnknownAuthorityError{}), retry: false},
		tcase{name: "TLS verification", step: fail(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), retry: false},
		tcase{name: "x509 invalid", step: fail(x509.CertificateInvalidError{Reason: x509.Expired}), retry: false},
		tcase{name: "unsupported scheme", step: fail(errors.New(`unsupported protocol scheme "ftp"`)), retry: false},
		tcase{name: "response too large", step: fail(&TooLargeError{Limit: 1}), retry: false, is: ErrResponseTooLarge},
	)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(tc.step)
				c := newClient(t, testSettings(sc.transport()))

				_, err := c.Do(t.Context(), get("/orders"), nil)

				require.Error(t, err)
				want := 1
				if tc.retry {
					want = 1 + DefaultMaxRetries
				}
				assert.Equal(t, want, sc.count())
				if tc.is != nil {
					assert.ErrorIs(t, err, tc.is)
				}
				assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a GET is never outcome-unknown")
			})
		})
	}
	t.Run("cancelled context", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			var n int
			rt := rtFunc(func(r *http.Request) (*http.Response, error) {
				n++
				cancel()
				return nil, r.Context().Err()
			})
			c := newClient(t, testSettings(rt))

			_, err := c.Do(ctx, get("/orders"), nil)

			assert.Equal(t, 1, n)
			assert.ErrorIs(t, err, context.Canceled)
		})
	})
}

// R-15: the fault-injection matrix, storage-conformance style: operation class × fault
// script → success or failure, and the exact attempts consumed.
func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	type outcome struct {
		ok      bool
		hits    int
		unknown bool
		is      error
	}
	ra1 := http.Header{"Retry-After": {"1"}}
	scripts := []struct {
		name  string
		steps []step
		// expected per class: read, idempotent write, keyed POST, unkeyed POST
		want [4]outcome
	}{
		{"503,503,ok", []step{answer(503), answer(503), answer(200)},
			[4]outcome{{ok: true, hits: 3}, {ok: true, hits: 3}, {ok: true, hits: 3}, {hits: 1, unknown: true, is: ErrServer}}},
		{"reset,reset,ok", []step{fail(errReset), fail(errReset), answer(200)},
			[4]outcome{{ok: true, hits: 3}, {ok: true, hits: 3}, {ok: true, hits: 3}, {hits: 1, unknown: true}}},
		{"reset,503,ok", []step{fail(errReset), answer(503), answer(200)},
			[4]outcome{{ok: true, hits: 3}, {ok: true, hits: 3}, {ok: true, hits: 3}, {hits: 1, unknown: true}}},
		{"dial,ok", []step{fail(errRefused), answer(200)},
			[4]outcome{{ok: true, hits: 2}, {ok: true, hits: 2}, {ok: true, hits: 2}, {ok: true, hits: 2}}},
		{"400", []step{answer(400)},
			[4]outcome{{hits: 1, is: ErrBadRequest}, {hits: 1, is: ErrBadRequest}, {hits: 1, is: ErrBadRequest}, {hits: 1, is: ErrBadRequest}}},
		{"401,401", []step{answer(401), answer(401), answer(200)},
			[4]outcome{{hits: 2, is: ErrUnauthorized}, {hits: 2, is: ErrUnauthorized}, {hits: 2, is: ErrUnauthorized}, {hits: 2, is: ErrUnauthorized}}},
		{"401,ok", []step{answer(401), answer(200)},
			[4]outcome{{ok: true, hits: 2}, {ok: true, hits: 2}, {ok: true, hits: 2}, {ok: true, hits: 2}}},
		{"429(Retry-After:1),ok", []step{{status: 429, header: ra1}, answer(200)},
			[4]outcome{{ok: true, hits: 2}, {ok: true, hits: 2}, {ok: true, hits: 2}, {ok: true, hits: 2}}},
	}
	classes := []struct {
		name string
		req  func() *Request
	}{
		{"read", func() *Request { return get("/orders/{id}", "o-1") }},
		{"idempotent write", func() *Request {
			return &Request{Method: http.MethodPut, Route: "/orders/{id}", Params: []string{"o-1"}, JSON: map[string]int{"n": 1}}
		}},
		{"keyed POST", func() *Request { r := post("/orders", map[string]int{"n": 1}); r.IdempotencyKey = "k"; return r }},
		{"unkeyed POST", func() *Request { return post("/orders", map[string]int{"n": 1}) }},
	}
	for _, sc := range scripts {
		for i, cls := range classes {
			want := sc.want[i]
			t.Run(sc.name+"/"+cls.name, func(t *testing.T) {
				t.Parallel()
				synctest.Test(t, func(t *testing.T) {
					scr := newScript(sc.steps...)
					s := testSettings(scr.transport())
					s.Auth = TokenAuth(&countingSource{})
					c := newClient(t, s)

					_, err := c.Do(t.Context(), cls.req(), nil)

					assert.Equal(t, want.hits, scr.count(), "attempts consumed")
					if want.ok {
						assert.NoError(t, err)
						return
					}
					require.Error(t, err)
					assert.Equal(t, want.unknown, errors.Is(err, ErrOutcomeUnknown), "outcome unknown")
					if want.is != nil {
						assert.ErrorIs(t, err, want.is)
					}
				})
			})
		}
	}
}

// R-05: with an injected rand the waits follow the formula exactly, and never exceed
// RetryWaitMax.
func TestBackoffShape(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rs := []float64{0, 0.5, 0.75, 0.25, 0}
		i := 0
		sc := newScript(answer(http.StatusServiceUnavailable))
		s := testSettings(sc.transport())
		s.MaxRetries = 5
		s.RetryWaitMin = time.Second
		s.RetryWaitMax = 5 * time.Second
		s.rand = func() float64 { r := rs[i%len(rs)]; i++; return r }
		c := newClient(t, s)

		_, err := c.Do(t.Context(), get("/orders"), nil)

		require.ErrorIs(t, err, ErrServer)
		// step n = min(5s, 1s·2^n); wait = step/2 + r·step/2
		assert.Equal(t, []time.Duration{
			500 * time.Millisecond,  // step 1s, r=0
			1500 * time.Millisecond, // step 2s, r=.5
			3500 * time.Millisecond, // step 4s, r=.75
			3125 * time.Millisecond, // step 5s (capped), r=.25
			2500 * time.Millisecond, // step 5s, r=0
		}, sc.waits())
	})
}

func TestBackoffBounds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ min, max time.Duration }{
		{time.Millisecond, time.Second},
		{500 * time.Millisecond, 20 * time.Second},
		{time.Second, time.Second},
		{time.Nanosecond, time.Hour},
		{time.Hour, 24 * time.Hour},
	} {
		for _, r := range []float64{0, 0.5, 0.999999999} {
			s := Settings{RetryWaitMin: tc.min, RetryWaitMax: tc.max, rand: func() float64 { return r }}
			cl := &call{c: &Client{s: s}}
			for n := range 100 {
				d := cl.backoffFor(n)
				step := tc.max
				if n < 30 && tc.min<<n > 0 && tc.min<<n < tc.max {
					step = tc.min << n
				}
				require.LessOrEqual(t, d, tc.max, "n=%d min=%v max=%v", n, tc.min, tc.max)
				require.LessOrEqual(t, d, step)
				require.GreaterOrEqual(t, d, step/2)
			}
		}
	}
	// Jitter is present: two schedules under the real RNG differ.
	s := Settings{RetryWaitMin: time.Second, RetryWaitMax: 20 * time.Second}
	cfg, err := (&Settings{Vendor: "v", Auth: NoAuth, RetryWaitMin: s.RetryWaitMin, RetryWaitMax: s.RetryWaitMax}).withDefaults()
	require.NoError(t, err)
	a, b := &call{c: &Client{s: cfg}}, &call{c: &Client{s: cfg}}
	var sa, sb []time.Duration
	for n := range 6 {
		sa = append(sa, a.backoffFor(n))
		sb = append(sb, b.backoffFor(n))
	}
	assert.NotEqual(t, sa, sb)
}

// R-06: Retry-After in seconds and as an HTTP date is honoured; negative, garbage, multiple
// and past values fall back to the backoff.
func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	const backoff = 500 * time.Millisecond // first wait of testSettings
	for _, tc := range []struct {
		name   string
		status int
		values func(now time.Time) []string
		want   time.Duration
	}{
		{"seconds", 429, func(time.Time) []string { return []string{"2"} }, 2 * time.Second},
		{"seconds on 503", 503, func(time.Time) []string { return []string{"3"} }, 3 * time.Second},
		{"at the cap", 429, func(time.Time) []string { return []string{"8"} }, 8 * time.Second},
		{"HTTP date", 429, func(now time.Time) []string { return []string{now.Add(4 * time.Second).Format(http.TimeFormat)} }, 4 * time.Second},
		{"RFC 850 date", 503, func(now time.Time) []string { return []string{now.Add(5 * time.Second).Format(time.RFC850)} }, 5 * time.Second},
		{"zero", 429, func(time.Time) []string { return []string{"0"} }, backoff},
		{"past date", 429, func(now time.Time) []string { return []string{now.Add(-time.Hour).Format(http.TimeFormat)} }, backoff},
		{"negative", 429, func(time.Time) []string { return []string{"-5"} }, backoff},
		{"fraction", 429, func(time.Time) []string { return []string{"1.5"} }, backoff},
		{"garbage", 429, func(time.Time) []string { return []string{"soon"} }, backoff},
		{"empty", 429, func(time.Time) []string { return []string{""} }, backoff},
		{"list", 429, func(time.Time) []string { return []string{"1, 2"} }, backoff},
		{"two headers", 429, func(time.Time) []string { return []string{"3", "1"} }, backoff},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				h := http.Header{"Retry-After": tc.values(time.Now())}
				sc := newScript(step{status: tc.status, header: h}, answer(http.StatusOK))
				c := newClient(t, testSettings(sc.transport()))

				_, err := c.Do(t.Context(), get("/orders"), nil)

				require.NoError(t, err)
				assert.Equal(t, []time.Duration{tc.want}, sc.waits())
			})
		})
	}
}

// R-06: a Retry-After above RetryWaitMax, or one that cannot fit in the context's deadline,
// fails at once with ErrRateLimited: no fake time passes.
func TestRetryAfterFailFast(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		status   int
		value    string
		deadline time.Duration
	}{
		{"above the cap", 429, "60", 0},
		{"an hour", 429, "3600", 0},
		{"above the cap on 503", 503, "9", 0},
		{"beyond the deadline", 429, "5", 3 * time.Second},
		{"date beyond the deadline", 429, "+5s", 3 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				v := tc.value
				if v == "+5s" {
					v = start.Add(5 * time.Second).Format(http.TimeFormat)
				}
				sc := newScript(step{status: tc.status, header: http.Header{"Retry-After": {v}}}, answer(http.StatusOK))
				c := newClient(t, testSettings(sc.transport()))
				ctx := t.Context()
				if tc.deadline > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tc.deadline)
					defer cancel()
				}

				_, err := c.Do(ctx, get("/orders"), nil)

				assert.Equal(t, start, time.Now(), "no time passed")
				assert.Equal(t, 1, sc.count())
				assert.ErrorIs(t, err, ErrRateLimited)
				var ae *APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, tc.status, ae.StatusCode)
				assert.Positive(t, ae.RetryAfter)
				assert.Contains(t, err.Error(), "retry-after")
			})
		})
	}
}

// A backoff that cannot fit in the deadline stops at once too, with the last answer; it is
// not a rate limit.
func TestBackoffBeyondDeadline(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		sc := newScript(answer(http.StatusServiceUnavailable))
		c := newClient(t, testSettings(sc.transport()))
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()

		_, err := c.Do(ctx, get("/orders"), nil)

		assert.Equal(t, start, time.Now())
		assert.Equal(t, 1, sc.count())
		assert.ErrorIs(t, err, ErrServer)
		assert.NotErrorIs(t, err, ErrRateLimited)
	})
}

// R-07: cancelling during a backoff returns at once with an error that wraps
// context.Canceled and reports attempts and last status; no attempt starts afterwards.
func TestCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc := newScript(answer(http.StatusServiceUnavailable))
		s := testSettings(sc.transport())
		s.RetryWaitMin = 10 * time.Second
		s.RetryWaitMax = 20 * time.Second
		c := newClient(t, s)
		ctx, cancel := context.WithCancel(t.Context())
		start := time.Now()
		time.AfterFunc(time.Second, cancel)

		_, err := c.Do(ctx, get("/orders/{id}", "o-1"), nil)

		assert.Equal(t, time.Second, time.Since(start), "returned when cancelled, not after the wait")
		assert.ErrorIs(t, err, context.Canceled)
		var re *RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 1, re.Attempts)
		assert.Equal(t, http.StatusServiceUnavailable, re.LastStatus)
		assert.Contains(t, err.Error(), "last status 503")
		assert.Contains(t, err.Error(), "context canceled")

		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Equal(t, 1, sc.count(), "no attempt after the context ended")
		assert.Equal(t, sc.opened.Load(), sc.closed.Load())
	})
}

func TestDeadlineDuringAttempt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var n int
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			n++
			<-r.Context().Done()
			return nil, r.Context().Err()
		})
		c := newClient(t, testSettings(rt))
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()

		_, err := c.Do(ctx, get("/orders"), nil)

		assert.Equal(t, 1, n)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var re *RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 1, re.Attempts)
	})
}

func TestNoAttemptWithDoneContext(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc := newScript(answer(http.StatusOK))
		src := &countingSource{}
		s := testSettings(sc.transport())
		s.Auth = TokenAuth(src)
		c := newClient(t, s)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()

		_, err := c.Do(ctx, get("/orders"), nil)

		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 0, sc.count(), "no attempt")
		assert.Equal(t, int64(0), src.calls.Load(), "no token fetch")
	})
}

// Per-attempt timeouts (AttemptTimeout) of an idempotent request are retried: the caller's
// context still has time.
func TestAttemptTimeoutRetried(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var n int
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			n++
			if n == 1 {
				<-r.Context().Done()
				return nil, r.Context().Err()
			}
			return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
		})
		s := testSettings(rt)
		s.AttemptTimeout = 5 * time.Second
		c := newClient(t, s)

		resp, err := c.Do(t.Context(), get("/orders"), nil)

		require.NoError(t, err)
		assert.Equal(t, 2, n)
		assert.Equal(t, 2, resp.Attempts)
	})
}

func ExampleRequestError() {
	err := &RequestError{Vendor: "acme", Method: "GET", Route: "/orders/{id}", Attempts: 3, LastStatus: 503, Err: context.Canceled}
	fmt.Println(err)
	// Output: acme: GET /orders/{id}: context canceled; 3 attempts; last status 503
}
