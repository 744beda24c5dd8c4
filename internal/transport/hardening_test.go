package transport

// Tests for the hardening items of issue 7 and the escape hatch of issue 8, each named for
// the behaviour it proves.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 7 item 13: WithResponse's dst is cleared at the start of every call, so a call that
// gets no answer (refused connection, bad argument) never shows the previous call's answer.
func TestWithResponseClearedEachCall(t *testing.T) {
	t.Parallel()
	sc := newScript(step{status: http.StatusOK, header: http.Header{"X-Request-Id": {"req-1"}}, body: `{"id":"o-1"}`}, fail(errRefused))
	c := newClient(t, testSettings(sc.transport()))
	var meta Response
	r := get("/orders/{id}", "o-1").Apply([]RequestOption{WithResponse(&meta), WithMaxRetries(NoRetries)})

	_, err := c.Do(t.Context(), r, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, meta.StatusCode)
	require.Equal(t, "req-1", meta.RequestID)

	_, err = c.Do(t.Context(), r, nil)
	require.Error(t, err)
	assert.Equal(t, Response{}, meta, "a call without an answer leaves dst empty")

	meta = Response{StatusCode: 200, Body: []byte("stale")}
	bad := get("/orders/{id}").Apply([]RequestOption{WithResponse(&meta)}) // missing path value
	_, err = c.Do(t.Context(), bad, nil)
	require.ErrorIs(t, err, ErrValidation)
	assert.Equal(t, Response{}, meta, "a call refused before sending leaves dst empty")
}

// Issue 7 item 7: a Retry-After of 2^32 seconds or more, up to values that overflow every
// integer type, is longer than RetryWaitMax: the call fails at once with ErrRateLimited
// instead of treating it as absent and retrying after its own backoff.
func TestRetryAfterHugeFailsFast(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"4294967296", "9223372036", "9223372037", "18446744073709551616",
		"99999999999999999999999999999999999999"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				sc := newScript(step{status: http.StatusTooManyRequests, header: http.Header{"Retry-After": {v}}}, answer(http.StatusOK))
				c := newClient(t, testSettings(sc.transport()))

				_, err := c.Do(t.Context(), get("/orders"), nil)

				assert.Equal(t, start, time.Now(), "no time passed")
				assert.Equal(t, 1, sc.count(), "not retried")
				require.ErrorIs(t, err, ErrRateLimited)
				var ae *APIError
				require.True(t, errors.As(err, &ae))
				assert.Greater(t, ae.RetryAfter, c.s.RetryWaitMax)
				assert.Contains(t, err.Error(), "exceeds the allowed wait")
			})
		})
	}
}

// Issue 7 item 1: a write that carries an idempotency key header is not replayed by
// net/http when a reused keep-alive connection dies after the server read the request: the
// server sees exactly the attempts the retry policy made. Without Request.IdempotencyKey
// (the header set with WithHeader) the write is not retried at all and its outcome is
// unknown; with it, every resend is one of ours and counted in Attempts.
func TestKeyedWriteNotReplayedByNetHTTP(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		header string
		key    bool // set through Request.IdempotencyKey instead of a header
	}{
		{"Idempotency-Key header", "Idempotency-Key", false},
		{"X-Idempotency-Key header", "X-Idempotency-Key", false},
		{"Request.IdempotencyKey", "Idempotency-Key", true},
		{"Request.IdempotencyKey in X-Idempotency-Key", "X-Idempotency-Key", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var writes serverHits
			srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet {
					_, _ = w.Write([]byte(`{}`)) // keep-alive: the next request reuses this connection
					return
				}
				writes.record(r) // the body is read: the server may have processed it
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					_ = conn.Close()
				}
			}), false)
			c := newClient(t, socketSettings(srv))
			_, err := c.Do(t.Context(), get("/warm"), nil)
			require.NoError(t, err)

			r := post("/orders", map[string]string{"patient": "Jane"})
			if tc.key {
				r.IdempotencyKey, r.IdempotencyHeader = "key-1", tc.header
			} else {
				r = r.Apply([]RequestOption{WithHeader(tc.header, "key-1")})
			}
			var meta Response
			r.Response = &meta
			_, err = c.Do(t.Context(), r, nil)

			require.Error(t, err)
			var re *RequestError
			require.ErrorAs(t, err, &re)
			if !tc.key {
				assert.Equal(t, 1, writes.count(), "the write reached the server once")
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
				assert.Equal(t, 1, re.Attempts)
			} else {
				assert.Equal(t, 1+DefaultMaxRetries, re.Attempts)
				assert.Equal(t, re.Attempts, writes.count(), "every reception is an attempt of our policy")
			}
			for _, h := range writes.all() {
				assert.Equal(t, "key-1", h.Header.Get(tc.header))
			}
		})
	}
}

// Issue 7 item 2: a POST, PUT, PATCH or DELETE answered with a same-origin 301, 302, 303,
// 307 or 308 is never followed: the server sees the write once and nothing after it, and the
// call fails with an *APIError carrying the 3xx (for POST and PATCH matching
// ErrOutcomeUnknown). A GET still follows a same-origin redirect (TestSocketRedirects).
func TestWriteNeverRedirected(t *testing.T) {
	t.Parallel()
	var hits serverHits
	srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := hits.record(r)
		if strings.HasSuffix(h.Path, "/new") {
			_, _ = w.Write([]byte(`{"id":"unchanged"}`))
			return
		}
		code, _ := strconv.Atoi(r.URL.Query().Get("code"))
		http.Redirect(w, r, "/api/new", code)
	}), false)

	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		for _, code := range []int{301, 302, 303, 307, 308} {
			t.Run(fmt.Sprintf("%s/%d", method, code), func(t *testing.T) {
				c := newClient(t, socketSettings(srv))
				r := post("/orders/{id}", map[string]string{"status": "done"}, "o-1")
				r.Method = method
				r.Query = url.Values{"code": {strconv.Itoa(code)}}
				before := hits.count()
				var out struct{ ID string }

				_, err := c.Do(t.Context(), r, &out)

				hs := hits.all()[before:]
				require.Len(t, hs, 1, "only the write itself reached the server")
				assert.Equal(t, method, hs[0].Method)
				var ae *APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, code, ae.StatusCode)
				assert.Equal(t, "/api/new", ae.Header.Get("Location"))
				assert.Empty(t, out.ID, "nothing decoded from a redirect")
				assert.Contains(t, err.Error(), "redirect not followed")
				wantUnknown := method == http.MethodPost || method == http.MethodPatch
				assert.Equal(t, wantUnknown, errors.Is(err, ErrOutcomeUnknown))
			})
		}
	}
	t.Run("GET follows within the origin", func(t *testing.T) {
		c := newClient(t, socketSettings(srv))
		r := get("/orders/{id}", "o-1")
		r.Query = url.Values{"code": {"302"}}
		var out struct{ ID string }
		_, err := c.Do(t.Context(), r, &out)
		require.NoError(t, err)
		assert.Equal(t, "unchanged", out.ID)
	})
}
