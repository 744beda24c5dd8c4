package transport

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// rotatingSource hands out a new token on every call: "tok-1", "tok-2", ... It is its own
// Invalidator, so TokenAuth does not cache it.
type rotatingSource struct{ n atomic.Int64 }

func (s *rotatingSource) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: "tok-" + strconv.FormatInt(s.n.Add(1), 10), Expiry: time.Now().Add(time.Hour)}, nil
}
func (*rotatingSource) Invalidate(string) {}

// lingeringTransport answers 503 to the first fails attempts and 200 after, and reads each
// request's header map once more from another goroutine after RoundTrip returned, as an
// HTTP/1 transport still writing a request the server answered early does. Under -race, a
// header map written again after it was handed over is a reported race.
type lingeringTransport struct {
	fails   int
	mu      sync.Mutex
	auth    []string // Authorization of each attempt
	readers sync.WaitGroup
}

func (lt *lingeringTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	lt.mu.Lock()
	lt.auth = append(lt.auth, r.Header.Get("Authorization"))
	n := len(lt.auth)
	lt.mu.Unlock()
	h := r.Header
	lt.readers.Go(func() {
		for k, v := range h {
			_, _ = k, len(v)
		}
		_ = h.Get("Authorization")
	})
	status := http.StatusOK
	if n <= lt.fails {
		status = http.StatusServiceUnavailable
	}
	return &http.Response{
		StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{}`)), Request: r,
	}, nil
}

// The first attempt writes Authorization into the call's own header map; every later
// attempt carries the token of its own moment (a token that changes between attempts is
// sent fresh), a header map is never written once a transport has it, and the caller's
// Request.Header is never touched.
func TestCredentialsPerAttemptNeverRewriteAHandedHeader(t *testing.T) {
	for _, tc := range []struct {
		name       string
		auth       func() Auth
		middleware bool // a middleware that sets a header on the request it is given
		jar        bool // an http.Client cookie jar, which adds its cookies to every attempt
		want       []string
	}{
		{"static", func() Auth { return BearerAuth("k1") }, false, false, []string{"Bearer k1", "Bearer k1", "Bearer k1"}},
		{"rotating token", func() Auth { return TokenAuth(&rotatingSource{}) }, false, false, []string{"Bearer tok-1", "Bearer tok-2", "Bearer tok-3"}},
		{"cached token", func() Auth { return TokenAuth(&countingSource{}) }, false, false, []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-1"}},
		{"rotating token under middleware", func() Auth { return TokenAuth(&rotatingSource{}) }, true, false, []string{"Bearer tok-1", "Bearer tok-2", "Bearer tok-3"}},
		{"no auth", func() Auth { return NoAuth }, false, false, []string{"", "", ""}},
		{"no auth under middleware", func() Auth { return NoAuth }, true, false, []string{"", "", ""}},
		{"static under a cookie jar", func() Auth { return BearerAuth("k1") }, false, true, []string{"Bearer k1", "Bearer k1", "Bearer k1"}},
		{"cached token under a cookie jar", func() Auth { return TokenAuth(&countingSource{}) }, false, true, []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-1"}},
		{"no auth under a cookie jar", func() Auth { return NoAuth }, false, true, []string{"", "", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				lt := &lingeringTransport{fails: 2}
				s := testSettings(lt)
				s.Auth = tc.auth()
				if tc.middleware {
					var n atomic.Int64
					s.Middleware = []Middleware{func(r *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
						r.Header.Set("X-Attempt", strconv.FormatInt(n.Add(1), 10))
						return next(r)
					}}
				}
				if tc.jar {
					jar, err := cookiejar.New(nil)
					require.NoError(t, err)
					u, err := url.Parse(testBaseURL)
					require.NoError(t, err)
					jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: "s1"}})
					s.HTTPClient.Jar = jar
				}
				c := newClient(t, s)
				callerHeader := http.Header{"X-Trace": {"t-1"}}
				var meta Response
				_, err := c.Do(context.Background(), &Request{Method: "GET", Route: "/things", Header: callerHeader, Response: &meta}, nil)
				require.NoError(t, err)
				lt.readers.Wait()
				assert.Equal(t, 3, meta.Attempts)
				assert.Equal(t, tc.want, lt.auth)
				assert.Equal(t, http.Header{"X-Trace": {"t-1"}}, callerHeader, "the caller's header map is not written")
			})
		})
	}
}

// A 401 replay with a fresh token also goes out on a header map of its own.
func TestCredentials401ReplayOnItsOwnHeader(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	var readers sync.WaitGroup
	rt := rtFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		n := len(seen)
		mu.Unlock()
		h := r.Header
		readers.Go(func() { _ = h.Get("Authorization") })
		status := http.StatusOK
		if n == 1 {
			status = http.StatusUnauthorized
		}
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
	})
	s := testSettings(rt)
	s.Auth = TokenAuth(&countingSource{})
	c := newClient(t, s)
	_, err := c.Do(context.Background(), &Request{Method: "GET", Route: "/things"}, nil)
	require.NoError(t, err)
	readers.Wait()
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-2"}, seen)
}

// Over real sockets, HTTP/1 and HTTP/2, a GET that is redirected within its origin and then
// retried (302 to /new, 503, then again 302 to /new, 200) under a token that changes on
// every attempt, with a cookie jar, sends exactly one Authorization on every request: the
// token of that moment, never a stale one copied along a redirect, never two.
func TestSocketRedirectedRetrySendsOneFreshAuthorization(t *testing.T) {
	t.Parallel()
	for _, proto := range []string{"HTTP/1.1", "HTTP/2"} {
		for _, jar := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/jar=%v", proto, jar), func(t *testing.T) {
				t.Parallel()
				var hits serverHits
				var news atomic.Int64
				h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					hits.record(r)
					if r.ProtoMajor != map[string]int{"HTTP/1.1": 1, "HTTP/2": 2}[proto] {
						t.Errorf("served over %s", r.Proto)
					}
					switch {
					case strings.HasSuffix(r.URL.Path, "/old"):
						http.SetCookie(w, &http.Cookie{Name: "s", Value: "1", Path: "/"})
						http.Redirect(w, r, "/api/new", http.StatusFound)
					case news.Add(1) == 1:
						w.WriteHeader(http.StatusServiceUnavailable)
					default:
						_, _ = w.Write([]byte(`{}`))
					}
				})
				srv := httptest.NewUnstartedServer(h)
				srv.Config.ErrorLog = log.New(io.Discard, "", 0)
				srv.EnableHTTP2 = proto == "HTTP/2"
				srv.StartTLS()
				t.Cleanup(srv.Close)
				s := socketSettings(srv)
				s.Auth = TokenAuth(&rotatingSource{})
				if jar {
					j, err := cookiejar.New(nil)
					require.NoError(t, err)
					s.HTTPClient.Jar = j
				}
				c := newClient(t, s)
				var meta Response

				_, err := c.Do(t.Context(), &Request{Method: http.MethodGet, Route: "/old", Response: &meta}, nil)

				require.NoError(t, err)
				assert.Equal(t, 2, meta.Attempts)
				hs := hits.all()
				require.Len(t, hs, 4)
				for i, h := range hs {
					assert.Equal(t, []string{"Bearer tok-" + strconv.Itoa(i+1)}, h.Header.Values("Authorization"), "request %d (%s)", i+1, h.Path)
				}
			})
		}
	}
}

// http.Client adds a cookie jar's cookies to the request it is given, and the retry loop
// gives it the same request on every attempt: each attempt still carries the jar's cookies
// once, after the caller's own Cookie header.
func TestCookieJarCookiesSentOncePerAttempt(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header http.Header
		want   string
	}{
		{"jar only", nil, "session=s1"},
		{"caller's cookie too", http.Header{"Cookie": {"c=1"}}, "c=1; session=s1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var mu sync.Mutex
				var cookies []string
				lt := &lingeringTransport{fails: 2}
				s := testSettings(rtFunc(func(r *http.Request) (*http.Response, error) {
					mu.Lock()
					cookies = append(cookies, strings.Join(r.Header.Values("Cookie"), "|"))
					mu.Unlock()
					return lt.RoundTrip(r)
				}))
				jar, err := cookiejar.New(nil)
				require.NoError(t, err)
				u, err := url.Parse(testBaseURL)
				require.NoError(t, err)
				jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: "s1"}})
				s.HTTPClient.Jar = jar
				c := newClient(t, s)
				var meta Response
				_, err = c.Do(context.Background(), &Request{Method: "GET", Route: "/things", Header: tc.header, Response: &meta}, nil)
				require.NoError(t, err)
				lt.readers.Wait()
				assert.Equal(t, 3, meta.Attempts)
				assert.Equal(t, []string{tc.want, tc.want, tc.want}, cookies)
			})
		})
	}
}
