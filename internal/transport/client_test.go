package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// Base URL: scheme and host required, prefix kept, https unless loopback, no userinfo,
// query or fragment.
func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw, want, err string
	}{
		{raw: "https://lab.test", want: "https://lab.test"},
		{raw: "https://lab.test/", want: "https://lab.test"},
		{raw: "https://lab.test/developer/", want: "https://lab.test/developer"},
		{raw: "HTTPS://Lab.Test:8443/v2", want: "https://Lab.Test:8443/v2"},
		{raw: "https://lab.test/a%20b", want: "https://lab.test/a%20b"},
		{raw: "http://127.0.0.1:8080/api", want: "http://127.0.0.1:8080/api"},
		{raw: "http://127.9.9.9", want: "http://127.9.9.9"},
		{raw: "http://localhost:1", want: "http://localhost:1"},
		{raw: "http://[::1]:80/x", want: "http://[::1]:80/x"},
		{raw: "", err: "empty"},
		{raw: "lab.test/api", err: "scheme and a host"},
		{raw: "https://", err: "scheme and a host"},
		{raw: "https://:443", err: "scheme and a host"},
		{raw: "https:lab.test", err: "scheme and a host"},
		{raw: "/api", err: "scheme and a host"},
		{raw: "http://lab.test", err: "https"},
		{raw: "http://10.0.0.1", err: "https"},
		{raw: "http://localhost.evil.test", err: "https"},
		{raw: "http://127.0.0.1.nip.io", err: "https"},
		{raw: "ftp://lab.test", err: "scheme must be https"},
		{raw: "https://user:pass@lab.test", err: "user info"},
		{raw: "https://lab.test/api?key=1", err: "query"},
		{raw: "https://lab.test/api?", err: "query"},
		{raw: "https://lab.test/api#frag", err: "fragment"},
		{raw: "https://lab.test/%zz", err: "does not parse"},
		{raw: "https://lab test", err: "does not parse"},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			b, err := ParseBaseURL(tc.raw)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				if tc.raw != "" {
					assert.NotContains(t, err.Error(), tc.raw, "the URL is not echoed")
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, b.String())
		})
	}
}

// An id can never change the route: the server sees exactly the escaped segment under
// the prefix.
func TestRoutePathValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		id, path string
	}{
		{"o-1", "/api/orders/o-1/items"},
		{"../x", "/api/orders/..%2Fx/items"},
		{"../../admin", "/api/orders/..%2F..%2Fadmin/items"},
		{"a/b", "/api/orders/a%2Fb/items"},
		{"%2e%2e", "/api/orders/%252e%252e/items"},
		{"x?admin=1", "/api/orders/x%3Fadmin=1/items"},
		{"x#frag", "/api/orders/x%23frag/items"},
		{"...", "/api/orders/.../items"},
		{"a b", "/api/orders/a%20b/items"},
		{"ü", "/api/orders/%C3%BC/items"},
		{`\..\`, "/api/orders/%5C..%5C/items"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			sc := newScript(answer(200))
			c := newClient(t, testSettings(sc.transport()))
			_, err := c.Do(t.Context(), get("/orders/{id}/items", tc.id), nil)
			require.NoError(t, err)
			require.Equal(t, 1, sc.count())
			assert.Equal(t, tc.path, sc.all()[0].Path)
		})
	}
	for _, id := range []string{"..", ".", ""} {
		t.Run("refused "+id, func(t *testing.T) {
			sc := newScript(answer(200))
			c := newClient(t, testSettings(sc.transport()))
			_, err := c.Do(t.Context(), get("/orders/{id}/items", id), nil)
			assert.ErrorIs(t, err, ErrValidation)
			assert.Equal(t, 0, sc.count())
		})
	}
	b, err := ParseBaseURL("https://lab.test/api/")
	require.NoError(t, err)
	for route, params := range map[string][]string{
		"orders":           nil,        // no leading slash
		"/orders/{id":      {"a"},      // unclosed
		"/orders/{id}":     nil,        // missing value
		"/orders":          {"a"},      // extra value
		"/a/{x}/b/{y}/{z}": {"1", "2"}, // missing value
	} {
		_, err := b.URL(route, params, nil)
		assert.Error(t, err, route)
	}
	u, err := b.URL("/a/{x}/b/{y}", []string{"1", "2"}, url.Values{"q": {"a b"}, "p": {"&"}})
	require.NoError(t, err)
	assert.Equal(t, "https://lab.test/api/a/1/b/2?p=%26&q=a+b", u)
	assert.Equal(t, "https://lab.test", b.Origin())
}

// Errors match their category sentinels, and only theirs.
func TestErrorCategories(t *testing.T) {
	t.Parallel()
	all := []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict,
		ErrValidation, ErrRateLimited, ErrServer, ErrOutcomeUnknown, ErrResponseTooLarge}
	for _, tc := range []struct {
		err  error
		want []error
	}{
		{&APIError{StatusCode: 400}, []error{ErrBadRequest}},
		{&APIError{StatusCode: 401}, []error{ErrUnauthorized}},
		{&APIError{StatusCode: 403}, []error{ErrForbidden}},
		{&APIError{StatusCode: 404}, []error{ErrNotFound}},
		{&APIError{StatusCode: 409}, []error{ErrConflict}},
		{&APIError{StatusCode: 422}, []error{ErrValidation}},
		{&APIError{StatusCode: 429}, []error{ErrRateLimited}},
		{&APIError{StatusCode: 500}, []error{ErrServer}},
		{&APIError{StatusCode: 503, rateLimited: true}, []error{ErrServer, ErrRateLimited}},
		{&APIError{StatusCode: 502, outcomeUnknown: true}, []error{ErrServer, ErrOutcomeUnknown}},
		{&APIError{StatusCode: 418}, nil},
		{&APIError{StatusCode: 302}, nil},
		{&ValidationError{Field: "id"}, []error{ErrValidation}},
		{&RequestError{Err: errReset}, nil},
		{&RequestError{Err: errReset, outcomeUnknown: true}, []error{ErrOutcomeUnknown}},
		{&RequestError{Err: &tokenFailure{err: errors.New("x")}, category: ErrUnauthorized}, []error{ErrUnauthorized}},
		{&RequestError{Err: &TooLargeError{Limit: 1}, category: ErrResponseTooLarge}, []error{ErrResponseTooLarge}},
		{fmt.Errorf("wrapped: %w", &APIError{StatusCode: 404}), []error{ErrNotFound}},
	} {
		t.Run(fmt.Sprintf("%T/%v", tc.err, tc.want), func(t *testing.T) {
			for _, s := range all {
				want := false
				for _, w := range tc.want {
					want = want || w == s
				}
				assert.Equal(t, want, errors.Is(tc.err, s), "errors.Is(%v, %v)", tc.err, s)
			}
		})
	}
	// Keep Is trivial: matching against foreign or nil targets never panics.
	var nilURLErr *url.Error
	assert.False(t, errors.Is(&APIError{StatusCode: 404}, nilURLErr))
	assert.False(t, errors.Is(&RequestError{}, nil))
	ve := &ValidationError{Vendor: "acme", Field: "Observations[2].Value", Reason: "must be set"}
	assert.Equal(t, "acme: invalid Observations[2].Value: must be set", ve.Error())
}

func TestErrorClassNames(t *testing.T) {
	t.Parallel()
	for err, want := range map[error]string{
		&APIError{StatusCode: 404}:                                                        "not_found",
		&APIError{StatusCode: 503, outcomeUnknown: true}:                                  "outcome_unknown",
		&APIError{StatusCode: 418}:                                                        "http_status",
		&RequestError{Err: context.Canceled}:                                              "canceled",
		&RequestError{Err: &tokenFailure{err: errors.New("")}}:                            "token",
		&RequestError{Err: &tokenFailure{err: &tokenStatus{code: 503}}}:                   "token_server",
		&RequestError{Err: &tokenFailure{err: errors.New("")}, category: ErrUnauthorized}: "token_unauthorized",
		&RequestError{Err: errReset}:                                                      "transport",
	} {
		assert.Equal(t, want, errorClass(err))
	}
}

// The User-Agent names labwire, the vendor and Go, plus the app; Accept and Content-Type
// are set; caller headers are kept; the middleware sees every attempt and never the
// credentials.
func TestHeadersUserAgentMiddleware(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc := newScript(answer(503), answer(503), answer(201))
		var mu sync.Mutex
		var seen []http.Header
		var order []string
		mw := func(name string) Middleware {
			return func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
				mu.Lock()
				order = append(order, name)
				if name == "outer" {
					seen = append(seen, req.Header.Clone())
				}
				mu.Unlock()
				resp, err := next(req)
				if name == "inner" && resp != nil {
					resp.Header.Set("X-Seen-By", "inner")
				}
				return resp, err
			}
		}
		s := testSettings(sc.transport())
		s.AppInfo = "labapp/2.1"
		s.Auth = TokenAuth(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok"}))
		s.Middleware = []Middleware{mw("outer"), mw("inner")}
		c := newClient(t, s)
		r := post("/orders", map[string]int{"n": 1})
		r.Idempotent = true
		r.Header = http.Header{"X-Trace": {"t1"}}

		resp, err := c.Do(t.Context(), r, nil)

		require.NoError(t, err)
		assert.Equal(t, "inner", resp.Header.Get("X-Seen-By"))
		ua := "labwire/" + Version + " (acme) go/" + runtime.Version() + " labapp/2.1"
		assert.Equal(t, ua, c.UserAgent())
		for _, h := range sc.all() {
			assert.Equal(t, ua, h.Header.Get("User-Agent"))
			assert.Equal(t, "application/json", h.Header.Get("Accept"))
			assert.Equal(t, "application/json", h.Header.Get("Content-Type"))
			assert.Equal(t, "t1", h.Header.Get("X-Trace"))
			assert.Equal(t, "Bearer tok", h.Header.Get("Authorization"))
		}
		assert.Len(t, seen, 3, "the middleware sees every attempt")
		for _, h := range seen {
			assert.Empty(t, h.Get("Authorization"), "the middleware never sees credentials")
			assert.Equal(t, ua, h.Get("User-Agent"))
		}
		assert.Equal(t, []string{"outer", "inner", "outer", "inner", "outer", "inner"}, order)
		assert.Nil(t, r.Header["User-Agent"], "the caller's Request is not modified")
	})
}

// Nothing is logged by default: not through slog's default logger, not through the log
// package (go-retryablehttp's default logger).
func TestNoLoggingByDefault(t *testing.T) {
	var buf bytes.Buffer
	prevSlog := slog.Default()
	prevOut, prevFlags := log.Writer(), log.Flags()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	log.SetOutput(&buf)
	t.Cleanup(func() { slog.SetDefault(prevSlog); log.SetOutput(prevOut); log.SetFlags(prevFlags) })

	synctest.Test(t, func(t *testing.T) {
		sc := newScript(answer(503), fail(errReset), answer(404))
		c := newClient(t, testSettings(sc.transport()))
		_, err := c.Do(t.Context(), get("/orders"), nil)
		require.ErrorIs(t, err, ErrNotFound)
	})
	assert.Empty(t, buf.String())
}

// With a logger, every attempt, retry and failure is one metadata record.
func TestLoggingMetadata(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		sc := newScript(answer(503), step{status: 404, header: http.Header{"X-Request-Id": {"rid-9"}}})
		s := testSettings(sc.transport())
		s.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c := newClient(t, s)

		_, err := c.Do(t.Context(), get("/orders/{id}", "o-secret"), nil)

		require.ErrorIs(t, err, ErrNotFound)
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		require.Len(t, lines, 4)
		assert.Contains(t, lines[0], `msg="labwire attempt"`)
		assert.Contains(t, lines[0], "status=503")
		assert.Contains(t, lines[1], `msg="labwire retry"`)
		assert.Contains(t, lines[1], "wait=500ms")
		assert.Contains(t, lines[2], "attempt=2")
		assert.Contains(t, lines[2], "request_id=rid-9")
		assert.Contains(t, lines[3], `msg="labwire call failed"`)
		assert.Contains(t, lines[3], "error=not_found")
		assert.Contains(t, buf.String(), "route=/orders/{id}")
		assert.NotContains(t, buf.String(), "o-secret")
	})
}

// ≥20 concurrent calls on one client, with retries, errors and decoding, under
// -race; every response body opened is closed.
func TestConcurrentCallsCloseBodies(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		seen := map[string]int{}
		var opened, closed atomic.Int64
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			if r.Body != nil {
				_, _ = io.Copy(io.Discard, r.Body)
				_ = r.Body.Close()
			}
			mu.Lock()
			seen[r.URL.Path]++
			n := seen[r.URL.Path]
			mu.Unlock()
			id := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
			status, body := 200, `{"id":"`+id+`"}`
			switch {
			case strings.HasPrefix(id, "retry") && n == 1:
				status, body = 503, strings.Repeat("x", 8<<10)
			case strings.HasPrefix(id, "reset") && n == 1:
				return nil, errReset
			case strings.HasPrefix(id, "missing"):
				status, body = 404, `{"message":"no"}`
			case strings.HasPrefix(id, "bad"):
				body = `{"id":`
			}
			opened.Add(1)
			return &http.Response{StatusCode: status, Header: http.Header{},
				Body: &countingBody{r: strings.NewReader(body), closed: &closed}}, nil
		})
		c := newClient(t, testSettings(rt))

		const workers = 32
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i, kind := range []string{"ok", "retry", "reset", "missing", "bad"} {
					id := fmt.Sprintf("%s-%d-%d", kind, w, i)
					var out struct{ ID string }
					_, err := c.Do(t.Context(), get("/orders/{id}", id), &out)
					switch kind {
					case "missing":
						assert.ErrorIs(t, err, ErrNotFound)
					case "bad":
						assert.Error(t, err)
					default:
						if assert.NoError(t, err) {
							assert.Equal(t, id, out.ID)
						}
					}
				}
			})
		}
		wg.Wait()
		assert.Equal(t, int64(workers*6), opened.Load())
		assert.Equal(t, opened.Load(), closed.Load(), "every body closed")
	})
}

// a body over MaxResponseBytes fails with ErrResponseTooLarge after reading at most
// the cap (plus one byte); an error answer over the cap keeps its status.
func TestResponseSizeCap(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var read atomic.Int64
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, ContentLength: -1,
				Body: io.NopCloser(&endless{n: &read})}, nil
		})
		s := testSettings(rt)
		s.MaxResponseBytes = 1024
		c := newClient(t, s)
		var out map[string]any

		_, err := c.Do(t.Context(), get("/results"), &out)

		assert.ErrorIs(t, err, ErrResponseTooLarge)
		var tl *TooLargeError
		require.ErrorAs(t, err, &tl)
		assert.Equal(t, int64(1024), tl.Limit)
		assert.LessOrEqual(t, read.Load(), int64(1025), "reading stopped at the cap")
		assert.Contains(t, err.Error(), "exceeds 1024 bytes")
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	})
	synctest.Test(t, func(t *testing.T) {
		sc := newScript(step{status: 404, body: `{"message":"` + strings.Repeat("x", 100<<10) + `"}`})
		s := testSettings(sc.transport())
		s.MaxResponseBytes = 1024
		c := newClient(t, s)

		_, err := c.Do(t.Context(), get("/results"), nil)

		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 404, ae.StatusCode)
		assert.Len(t, ae.Body, 1024)
	})
	synctest.Test(t, func(t *testing.T) {
		sc := newScript(step{status: 500, body: strings.Repeat("x", 100<<10)})
		c := newClient(t, testSettings(sc.transport()))
		r := get("/results")
		r.MaxRetries = NoRetries

		_, err := c.Do(t.Context(), r, nil)

		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Len(t, ae.Body, maxErrorBody)
	})
}

type endless struct{ n *atomic.Int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n.Add(int64(len(p)))
	return len(p), nil
}

// decode failures describe the problem without quoting the body.
func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	type out struct {
		Name  string `json:"name"`
		Count int8   `json:"count"`
		Items []struct {
			Value float64 `json:"value"`
		} `json:"items"`
	}
	for _, tc := range []struct {
		body, want string
	}{
		{`{"name": Jane}`, "invalid JSON at byte 10"},
		{`{"name": 12}`, "field name: JSON number does not fit string"},
		{`{"count": 1234567}`, "field count: JSON number does not fit int8"},
		{`{"items": [{"value": "7.2 mmol/L"}]}`, "field items.value: JSON string does not fit float64"},
		{`["Jane"]`, "(top level): JSON array does not fit"},
		{`{"name": "Jane"} trailing`, "invalid JSON"},
	} {
		t.Run(tc.body, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(step{status: 200, body: tc.body})
				c := newClient(t, testSettings(sc.transport()))
				var o out
				_, err := c.Do(t.Context(), get("/results"), &o)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				for _, leak := range []string{"Jane", "1234567", "mmol", "trailing"} {
					assert.NotContains(t, sprintAll(err), leak)
				}
				assert.Equal(t, 1, sc.count(), "a decode failure is not retried")
			})
		})
	}
}

// New validates its settings and never panics.
func TestNewValidates(t *testing.T) {
	t.Parallel()
	ok := Settings{Vendor: "acme", BaseURL: testBaseURL, Auth: NoAuth}
	for _, tc := range []struct {
		name string
		mod  func(*Settings)
		err  string
	}{
		{"no vendor", func(s *Settings) { s.Vendor = "" }, "Vendor is required"},
		{"no auth", func(s *Settings) { s.Auth = nil }, "credentials are required"},
		{"bad base", func(s *Settings) { s.BaseURL = "http://lab.test" }, "https"},
		{"negative retries", func(s *Settings) { s.MaxRetries = -5 }, "MaxRetries"},
		{"max below min", func(s *Settings) { s.RetryWaitMin = 2 * DefaultRetryWaitMax }, "RetryWaitMax"},
		{"two-line app info", func(s *Settings) { s.AppInfo = "a\r\nX-Evil: 1" }, "AppInfo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ok
			tc.mod(&s)
			c, err := New(s)
			assert.Nil(t, c)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
		})
	}
	c, err := New(ok)
	require.NoError(t, err)
	assert.Equal(t, DefaultMaxRetries, c.s.MaxRetries)
	assert.Equal(t, DefaultAttemptTimeout, c.s.AttemptTimeout)
	assert.Equal(t, int64(DefaultMaxResponseBytes), c.s.MaxResponseBytes)
	assert.Equal(t, "acme", c.Vendor())
	assert.Equal(t, testBaseURL, c.BaseURL().String())
	//lint:ignore SA1012 a nil context is refused, not a panic
	_, err = c.Do(nil, get("/x"), nil)
	assert.Error(t, err)

	s := ok
	s.MaxRetries = NoRetries
	c, err = New(s)
	require.NoError(t, err)
	assert.Equal(t, 0, c.s.MaxRetries)
}

// The default transport is hardened: TLS 1.2 minimum, HTTP/2 kept, timeouts set; the token
// client follows no redirects and has a timeout.
func TestHardenedTransport(t *testing.T) {
	t.Parallel()
	tr := newHardenedTransport()
	assert.EqualValues(t, 0x0303, tr.TLSClientConfig.MinVersion)
	assert.False(t, tr.TLSClientConfig.InsecureSkipVerify)
	assert.True(t, tr.ForceAttemptHTTP2)
	assert.Positive(t, tr.TLSHandshakeTimeout)
	assert.Positive(t, tr.ResponseHeaderTimeout)
	assert.Positive(t, tr.IdleConnTimeout)
	assert.Equal(t, DefaultMaxIdleConnsPerHost, tr.MaxIdleConnsPerHost)
	assert.NotNil(t, tr.DialContext)

	var s Settings
	tc := s.TokenHTTPClient()
	assert.Equal(t, DefaultTokenTimeout, tc.Timeout)
	assert.Same(t, defaultTransport, tc.Transport)
	assert.ErrorIs(t, tc.CheckRedirect(nil, nil), http.ErrUseLastResponse)
}

// Request.Apply copies; options set headers, retries and the response sink.
func TestRequestOptions(t *testing.T) {
	t.Parallel()
	base := Request{Method: http.MethodGet, Route: "/x", Header: http.Header{"A": {"1"}}}
	var meta Response
	r := base.Apply([]RequestOption{WithHeader("B", "2"), WithMaxRetries(NoRetries), WithResponse(&meta), nil})
	assert.Equal(t, "2", r.Header.Get("B"))
	assert.Empty(t, base.Header.Get("B"), "the original is not modified")
	assert.Equal(t, NoRetries, r.MaxRetries)
	assert.Same(t, &meta, r.Response)
	r2 := Request{}.Apply([]RequestOption{WithHeader("C", "3")})
	assert.Equal(t, "3", r2.Header.Get("C"))
}

func TestReadCapped(t *testing.T) {
	t.Parallel()
	body := []byte(strings.Repeat("0123456789", 300)) // 3000 bytes
	for _, limit := range []int64{1, 511, 512, 2999, 3000, 3001, 1 << 20} {
		for _, size := range []int64{-1, 0, 10, 2999, 3000, 3001, 1 << 30} {
			for name, wrap := range map[string]func(io.Reader) io.Reader{
				"plain":    func(r io.Reader) io.Reader { return r },
				"one byte": iotest.OneByteReader,
				"data+EOF": iotest.DataErrReader,
				"half":     iotest.HalfReader,
			} {
				var read atomic.Int64
				r := &countingReader{r: wrap(bytes.NewReader(body)), n: &read}
				got, err := readCapped(r, limit, size)
				if int64(len(body)) > limit {
					require.ErrorIs(t, err, ErrResponseTooLarge, "limit %d size %d %s", limit, size, name)
					assert.Equal(t, body[:limit], got)
				} else {
					require.NoError(t, err, "limit %d size %d %s", limit, size, name)
					assert.Equal(t, body, got)
				}
				assert.LessOrEqual(t, read.Load(), limit+1, "limit %d size %d %s", limit, size, name)
			}
		}
	}
	_, err := readCapped(iotest.ErrReader(errReset), 10, -1)
	assert.ErrorIs(t, err, errReset)
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// A caller's Accept header (a JSON:API route wants application/vnd.api+json) is sent as set;
// without one, Accept is application/json.
func TestCallerAcceptKept(t *testing.T) {
	t.Parallel()
	sc := newScript(step{status: 200, body: `{}`})
	c := newClient(t, testSettings(sc.transport()))
	_, err := c.Do(t.Context(), get("/patients").Apply([]RequestOption{WithHeader("Accept", "application/vnd.api+json")}), nil)
	require.NoError(t, err)
	_, err = c.Do(t.Context(), get("/patients"), nil)
	require.NoError(t, err)
	hs := sc.all()
	assert.Equal(t, []string{"application/vnd.api+json"}, hs[0].Header.Values("Accept"))
	assert.Equal(t, []string{"application/json"}, hs[1].Header.Values("Accept"))
}
