package transport

// Tests for the hardening items of issue 7 and the escape hatch of issue 8, each named for
// the behaviour it proves.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
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

// assertChainClean (auth_test.go) walks the whole unwrap chain, every fmt verb.

// Issue 7 item 10: the causes reached with errors.Unwrap are as clean as Error(): no server
// text (net/http's quoted echoes, a MIME line, a time.ParseError, a JSON error), no URL or
// query, no context cause the caller chose, at any depth; and the categories a caller tests
// (context.Canceled, ECONNREFUSED, a dial *net.OpError, a timeout, EOF) still match.
func TestCauseChainHoldsNoServerValues(t *testing.T) {
	t.Parallel()
	const wire = "CANARY-WIRE-2001"
	for _, answer := range []string{
		"HTTP/1.1 200 OK\r\nBad Header " + wire + "\r\n\r\n",
		"HTTP/1.1 2x0 " + wire + "\r\n\r\n",
		wire + "\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: " + wire + "\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: " + wire + "\r\n\r\n",
		"HTTP/1.1 200 OK\r\n" + wire + "\r\n\r\n",
	} {
		t.Run("wire/"+strings.Fields(answer)[0], func(t *testing.T) {
			t.Parallel()
			addr := rawServer(t, answer)
			c := newClient(t, Settings{Vendor: "acme", BaseURL: "http://" + addr + "/api", Auth: BearerAuth(canaryToken), MaxRetries: NoRetries})
			_, err := c.Do(t.Context(), canaryRequest(http.MethodGet), nil)
			require.Error(t, err)
			assertChainClean(t, err, append([]string{wire, addr}, canaries...)...)
		})
	}
	t.Run("refused, with query and path id", func(t *testing.T) {
		t.Parallel()
		addr := closedAddr(t)
		c := newClient(t, Settings{Vendor: "acme", BaseURL: "http://" + addr + "/api", Auth: BearerAuth(canaryToken), MaxRetries: NoRetries})
		_, err := c.Do(t.Context(), canaryRequest(http.MethodGet), nil)
		require.Error(t, err)
		assertChainClean(t, err, append([]string{addr}, canaries...)...)
		assert.ErrorIs(t, err, syscall.ECONNREFUSED)
		var op *net.OpError
		require.ErrorAs(t, err, &op)
		assert.Equal(t, "dial", op.Op)
	})
	t.Run("time.ParseError with server text", func(t *testing.T) {
		t.Parallel()
		sc := newScript(step{status: 200, body: `{"at":"` + canaryResp + `"}`})
		c := newClient(t, testSettings(sc.transport()))
		var out struct{ At time.Time }
		_, err := c.Do(t.Context(), get("/orders"), &out)
		require.Error(t, err)
		assertChainClean(t, err, canaryResp)
		var pe *time.ParseError
		assert.False(t, errors.As(err, &pe), "the ParseError is not reachable")
	})
	t.Run("JSON syntax error", func(t *testing.T) {
		t.Parallel()
		sc := newScript(step{status: 200, body: `{"id": ` + canaryResp + `}`})
		c := newClient(t, testSettings(sc.transport()))
		var out struct{ ID string }
		_, err := c.Do(t.Context(), get("/orders"), &out)
		require.Error(t, err)
		assertChainClean(t, err, canaryResp, "'C'")
	})
	t.Run("context cause chosen by the caller", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancelCause(t.Context())
		cancel(errors.New(canaryMessage))
		sc := newScript(answer(200))
		c := newClient(t, testSettings(sc.transport()))
		_, err := c.Do(ctx, canaryRequest(http.MethodGet), nil)
		require.Error(t, err)
		assertChainClean(t, err, canaries...)
		assert.ErrorIs(t, err, context.Canceled)
	})
	t.Run("attempt timeout", func(t *testing.T) {
		t.Parallel()
		srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}), false)
		s := socketSettings(srv)
		s.AttemptTimeout = 20 * time.Millisecond
		s.MaxRetries = NoRetries
		c := newClient(t, s)
		_, err := c.Do(t.Context(), canaryRequest(http.MethodGet), nil)
		require.Error(t, err)
		assertChainClean(t, err, canaries...)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var ne net.Error
		require.ErrorAs(t, err, &ne)
		assert.True(t, ne.Timeout())
	})
	t.Run("EOF after the request", func(t *testing.T) {
		t.Parallel()
		srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		}), false)
		s := socketSettings(srv)
		s.MaxRetries = NoRetries
		c := newClient(t, s)
		_, err := c.Do(t.Context(), canaryRequest(http.MethodGet), nil)
		require.Error(t, err)
		assertChainClean(t, err, canaries...)
		assert.ErrorIs(t, err, io.EOF)
	})
}

// Issue 7 item 8: a 256 KiB X-Request-Id with U+2028 and U+202E in it, and a code with a
// newline, reach Error(), every fmt verb, the Response and the log records bounded and in a
// safe charset.
func TestServerStringsBoundedAndSanitised(t *testing.T) {
	t.Parallel()
	huge := "req-" + strings.Repeat("a\u2028b\u202ec\n\"", 256<<10/8)
	for _, status := range []int{200, 404} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			sc := newScript(step{status: status, header: http.Header{"X-Request-Id": {huge}}, body: `{"code":"bad\ncode","message":"m"}`})
			var logs bytes.Buffer
			s := testSettings(sc.transport())
			s.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := newClient(t, s)
			var meta Response
			_, err := c.Do(t.Context(), get("/orders").Apply([]RequestOption{WithResponse(&meta)}), nil)

			texts := []string{logs.String(), meta.RequestID, meta.String(), fmt.Sprintf("%+v|%#v", meta, &meta)}
			if status != 200 {
				require.Error(t, err)
				var ae *APIError
				require.ErrorAs(t, err, &ae)
				assert.LessOrEqual(t, len(ae.RequestID), MaxRequestIDLen)
				assert.Empty(t, ae.Code, "a code with a newline is not a code")
				texts = append(texts, sprintAll(err))
			} else {
				require.NoError(t, err)
			}
			assert.True(t, strings.HasPrefix(meta.RequestID, "req-a___b___c__"), meta.RequestID)
			assert.LessOrEqual(t, len(meta.RequestID), MaxRequestIDLen)
			for _, text := range texts {
				assert.Less(t, len(text), 8<<10, "bounded")
				for _, bad := range []string{"\u2028", "\u202e", "a\nb", "c\n"} {
					assert.NotContains(t, text, bad)
				}
			}
			assert.Equal(t, huge, meta.Header.Get("X-Request-Id"), "the header keeps what was sent")
		})
	}
}

func TestSafeToken(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"req_ABC-123.x:y/z+w=@~", 64, "req_ABC-123.x:y/z+w=@~"},
		{"a b\nc\"d", 64, "a_b_c_d"},
		{"x\u202ey", 64, "x___y"},
		{"abcdefghij", 8, "abcde..."},
		{"abcdefghij", 3, "abc"},
		{"abc", 0, ""},
		{"", 8, ""},
	} {
		assert.Equal(t, tc.want, SafeToken(tc.in, tc.max), "SafeToken(%q, %d)", tc.in, tc.max)
	}
	assert.Zero(t, testing.AllocsPerRun(10, func() { _ = SafeToken("0f8fad5b-d9cb-469f-a165-70867728950e", 128) }))
}

// Issue 8 item 4: the escape hatch validates the method (an RFC 9110 token, upper-cased
// before sending) and the route (a path template: no query, fragment, space or control
// character) before anything is sent, and sends method, path, query and body as given.
func TestEscapeHatchValidatesMethodAndRoute(t *testing.T) {
	t.Parallel()
	sc := newScript(step{status: 200, body: `{"id":"n-1"}`})
	c := newClient(t, testSettings(sc.transport()))

	var out struct{ ID string }
	meta, err := c.DoRaw(t.Context(), &RawRequest{
		Method: "post", Route: "/v2/notes/{id}/replies", Params: []string{"n 1/x"},
		Query: url.Values{"page": {"2"}}, Body: map[string]string{"text": "hello"},
	}, &out, WithHeader("X-Trace", "t-1"))
	require.NoError(t, err)
	assert.Equal(t, "n-1", out.ID)
	assert.Equal(t, 1, meta.Attempts)
	h := sc.all()[0]
	assert.Equal(t, http.MethodPost, h.Method)
	assert.Equal(t, "/api/v2/notes/n%201%2Fx/replies", h.Path)
	assert.Equal(t, "page=2", h.RawQuery)
	assert.JSONEq(t, `{"text":"hello"}`, string(h.Body))
	assert.Equal(t, "application/json", h.Header.Get("Content-Type"))
	assert.Equal(t, "t-1", h.Header.Get("X-Trace"))

	_, err = c.DoRaw(t.Context(), &RawRequest{Method: "PUT", Route: "/v2/raw", Body: []byte(`{"a":1}`)}, nil)
	require.NoError(t, err)
	h = sc.all()[1]
	assert.Equal(t, `{"a":1}`, string(h.Body))
	assert.Equal(t, "application/json", h.Header.Get("Content-Type"))

	for _, tc := range []struct {
		name  string
		req   *RawRequest
		field string
	}{
		{"nil", nil, "request"},
		{"empty method", &RawRequest{Route: "/x"}, "Method"},
		{"space in method", &RawRequest{Method: "GE T", Route: "/x"}, "Method"},
		{"CRLF in method", &RawRequest{Method: "GET\r\nX-Evil: 1", Route: "/x"}, "Method"},
		{"non-ASCII method", &RawRequest{Method: "GÉT", Route: "/x"}, "Method"},
		{"query in route", &RawRequest{Method: "GET", Route: "/x?name=" + canaryQuery}, "Route"},
		{"fragment in route", &RawRequest{Method: "GET", Route: "/x#" + canaryQuery}, "Route"},
		{"relative route", &RawRequest{Method: "GET", Route: "x"}, "Route"},
		{"newline in route", &RawRequest{Method: "GET", Route: "/x\n" + canaryQuery}, "Route"},
		{"bad path value", &RawRequest{Method: "GET", Route: "/x/{id}", Params: []string{".."}}, "path"},
		{"dot-dot segment in route", &RawRequest{Method: "GET", Route: "/patients/../api-keys"}, "Route"},
		{"dot segment in route", &RawRequest{Method: "GET", Route: "/./x"}, "Route"},
		{"escaped dot-dot segment in route", &RawRequest{Method: "GET", Route: "/x/%2E%2e/y"}, "Route"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := sc.count()
			_, err := c.DoRaw(t.Context(), tc.req, nil)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Equal(t, before, sc.count(), "nothing sent")
			assertChainClean(t, err, canaryQuery)
		})
	}
}

// Issue 8 item 4: query values and path values given to the escape hatch never reach an
// error (its whole chain) or a log record, on an error answer and on a connection failure.
func TestEscapeHatchQueryNeverInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"404", "refused"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			var s Settings
			if name == "404" {
				s = testSettings(newScript(step{status: 404, body: echoBody}).transport())
			} else {
				s = Settings{Vendor: "acme", BaseURL: "http://" + closedAddr(t) + "/api", Auth: BearerAuth(canaryToken)}
			}
			s.MaxRetries = NoRetries
			s.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := newClient(t, s)

			_, err := c.DoRaw(t.Context(), &RawRequest{
				Method: "get", Route: "/patients/{id}", Params: []string{canaryPath},
				Query: url.Values{"name": {canaryQuery}},
			}, nil)

			require.Error(t, err)
			assertChainClean(t, err, canaries...)
			for _, cn := range canaries {
				assert.NotContains(t, logs.String(), cn)
			}
			assert.Contains(t, err.Error(), "GET /patients/{id}")
		})
	}
}

// A hostile server's header block is capped at 1 MiB (net/http would take 10 MB): a 2 MiB
// header fails the call after one attempt (it would fail again), with a clean error; a
// 256 KiB header is still read.
func TestHugeResponseHeaderCapped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		size int
		ok   bool
	}{{256 << 10, true}, {2 << 20, false}} {
		t.Run(strconv.Itoa(tc.size), func(t *testing.T) {
			t.Parallel()
			var hits serverHits
			srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.record(r)
				w.Header().Set("X-Junk", canaryResp+strings.Repeat("j", tc.size))
				_, _ = w.Write([]byte(`{}`))
			}), false)
			s := socketSettings(srv)
			s.HTTPClient = &http.Client{Transport: newHardenedTransport()}
			c := newClient(t, s)
			_, err := c.Do(t.Context(), get("/orders"), nil)
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, 1, hits.count(), "not retried")
			assertChainClean(t, err, canaryResp)
			assert.Contains(t, err.Error(), "server response headers exceeded")
		})
	}
}

// Issue 7 item 10: a host that does not resolve keeps its categories (a dial *net.OpError
// around a *net.DNSError with its flags) without the host name in the chain.
func TestCauseChainUnknownHost(t *testing.T) {
	t.Parallel()
	c := newClient(t, Settings{Vendor: "acme", BaseURL: "https://labwire-canary-host.invalid", Auth: NoAuth, MaxRetries: NoRetries})
	_, err := c.Do(t.Context(), get("/x"), nil)
	require.Error(t, err)
	assertChainClean(t, err, "labwire-canary-host")
	var dns *net.DNSError
	require.ErrorAs(t, err, &dns) // IsNotFound when a resolver answers; offline it may not
	var op *net.OpError
	require.ErrorAs(t, err, &op)
	assert.Equal(t, "dial", op.Op)
}
