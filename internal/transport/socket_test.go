package transport

// Tests where real sockets matter: resets and timeouts after the request was written, dial
// and TLS failures, HTTP/2, redirects across two servers, connection reuse. Waits are a
// microsecond and attempt timeouts a few tens of milliseconds, so each test stays well
// under a second.

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// a write reset or closed by the server after it read the request reaches the server
// once and fails with ErrOutcomeUnknown; a GET in the same situation is retried.
func TestSocketResetAfterWrite(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"close", "reset"} {
		for _, method := range []string{http.MethodPost, http.MethodPatch, http.MethodGet} {
			t.Run(mode+"/"+method, func(t *testing.T) {
				t.Parallel()
				var hits serverHits
				srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					hits.record(r)
					conn, _, err := w.(http.Hijacker).Hijack()
					if err != nil {
						return
					}
					if tc, ok := conn.(*net.TCPConn); ok && mode == "reset" {
						_ = tc.SetLinger(0) // RST instead of FIN
					}
					_ = conn.Close()
				}), false)
				c := newClient(t, socketSettings(srv))
				r := post("/orders", map[string]string{"patient": "Jane"})
				r.Method = method
				if method == http.MethodGet {
					r.JSON = nil
				}

				_, err := c.Do(t.Context(), r, nil)

				require.Error(t, err)
				if method == http.MethodGet {
					assert.Equal(t, 1+DefaultMaxRetries, hits.count())
					assert.NotErrorIs(t, err, ErrOutcomeUnknown)
					return
				}
				assert.Equal(t, 1, hits.count(), "the write reached the server once")
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
			})
		}
	}
}

// a write whose attempt times out after the request was sent reaches the server
// once and fails with ErrOutcomeUnknown; a GET's attempt timeout is retried.
func TestSocketTimeoutAfterWrite(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodPost, http.MethodPatch, http.MethodGet} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			var hits serverHits
			srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.record(r)
				<-r.Context().Done() // never answers
			}), false)
			s := socketSettings(srv)
			s.AttemptTimeout = 50 * time.Millisecond
			c := newClient(t, s)
			r := post("/orders", map[string]string{"patient": "Jane"})
			r.Method = method

			_, err := c.Do(t.Context(), r, nil)

			assert.ErrorIs(t, err, context.DeadlineExceeded, "the attempt timeout is the cause")
			var re *RequestError
			require.ErrorAs(t, err, &re)
			if method == http.MethodGet {
				assert.Equal(t, 1+DefaultMaxRetries, hits.count(), "a GET's attempt timeout is retried")
				assert.Equal(t, 1+DefaultMaxRetries, re.Attempts)
				return
			}
			assert.Equal(t, 1, hits.count())
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
		})
	}
}

// a POST is retried when the connection is refused: it never left.
func TestSocketDialRefusedRetried(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	s := Settings{
		Vendor: "acme", BaseURL: "http://" + closedAddr(t) + "/api", Auth: BearerAuth("k"),
		RetryWaitMin: time.Microsecond, RetryWaitMax: 2 * time.Microsecond,
		Middleware: []Middleware{attemptCounter(&n)},
	}
	c := newClient(t, s)

	_, err := c.Do(t.Context(), post("/orders", map[string]int{"n": 1}), nil)

	require.Error(t, err)
	assert.Equal(t, int64(1+DefaultMaxRetries), n.Load())
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	var op *net.OpError
	require.ErrorAs(t, err, &op)
	assert.Equal(t, "dial", op.Op)
	var re *RequestError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 1+DefaultMaxRetries, re.Attempts)
}

// a POST is retried after a failed TLS handshake (here: the server offers no TLS
// version the client accepts), and the handler never runs.
func TestSocketTLSHandshakeFailureRetried(t *testing.T) {
	t.Parallel()
	var hits serverHits
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.record(r) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	var n atomic.Int64
	s := Settings{
		Vendor: "acme", BaseURL: srv.URL + "/api", Auth: BearerAuth("k"),
		RetryWaitMin: time.Microsecond, RetryWaitMax: 2 * time.Microsecond,
		Middleware: []Middleware{attemptCounter(&n)},
	}
	c := newClient(t, s)

	_, err := c.Do(t.Context(), post("/orders", map[string]int{"n": 1}), nil)

	require.Error(t, err)
	assert.Equal(t, int64(1+DefaultMaxRetries), n.Load())
	assert.Equal(t, 0, hits.count())
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Contains(t, err.Error(), "tls: protocol version not supported")
}

// TLS spoken to a plain HTTP server is a configuration error: not retried, even for a GET.
func TestSocketHTTPSToPlainServerNotRetried(t *testing.T) {
	t.Parallel()
	var hits serverHits
	srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.record(r) }), false)
	var n atomic.Int64
	s := Settings{
		Vendor: "acme", BaseURL: strings.Replace(srv.URL, "http://", "https://", 1) + "/api", Auth: BearerAuth("k"),
		RetryWaitMin: time.Microsecond, RetryWaitMax: 2 * time.Microsecond,
		Middleware: []Middleware{attemptCounter(&n)},
	}
	c := newClient(t, s)

	_, err := c.Do(t.Context(), get("/orders"), nil)

	require.Error(t, err)
	assert.Equal(t, int64(1), n.Load())
	assert.Equal(t, 0, hits.count())
}

// a certificate the client does not trust is not retried, and the error has no URL.
func TestSocketUntrustedCertificateNotRetried(t *testing.T) {
	t.Parallel()
	var hits serverHits
	srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.record(r) }), true)
	var n atomic.Int64
	var logs bytes.Buffer
	s := Settings{
		Vendor: "acme", BaseURL: srv.URL + "/api", Auth: BearerAuth(canaryToken),
		RetryWaitMin: time.Microsecond, RetryWaitMax: 2 * time.Microsecond,
		Middleware: []Middleware{attemptCounter(&n)},
		Logger:     slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	c := newClient(t, s)

	_, err := c.Do(t.Context(), canaryRequest(http.MethodGet), nil)

	require.Error(t, err)
	assert.Equal(t, int64(1), n.Load())
	assert.Equal(t, 0, hits.count())
	var ua x509.UnknownAuthorityError
	assert.ErrorAs(t, err, &ua)
	for _, c := range canaries { // the TLS failure path
		assert.NotContains(t, sprintAll(err), c)
		assert.NotContains(t, logs.String(), c)
	}
	assert.NotContains(t, sprintAll(err), srv.URL)
	assert.NotEmpty(t, logs.String())
}

// every attempt sends byte-identical bodies with the same Content-Length, over
// HTTP/1.1 and HTTP/2.
func TestSocketBodyFidelity(t *testing.T) {
	t.Parallel()
	big := make([]map[string]string, 40)
	for i := range big {
		big[i] = map[string]string{"code": fmt.Sprintf("TEST-%04d", i), "display": "Comprehensive metabolic panel"}
	}
	bodies := map[string]func(*Request){
		"json": func(r *Request) { r.JSON = map[string]any{"patient": "Jane Doe", "tests": big} },
		"form": func(r *Request) { r.Form = map[string][]string{"a": {"1", "2"}, "b": {strings.Repeat("x", 3000)}} },
		"multipart": func(r *Request) {
			r.Multipart = &Multipart{
				Fields: []MultipartField{{Name: "kind", Value: "requisition"}},
				Files:  []MultipartFile{{Field: "file", Filename: "req.pdf", ContentType: "application/pdf", Data: []byte(strings.Repeat("%PDF", 2000))}},
			}
		},
		"raw": func(r *Request) { r.Body = []byte(strings.Repeat("0123456789", 700)); r.ContentType = "text/plain" },
	}
	for _, proto := range []string{"HTTP/1.1", "HTTP/2"} {
		for name, setBody := range bodies {
			for _, method := range []string{http.MethodPut, http.MethodPost} {
				t.Run(proto+"/"+name+"/"+method, func(t *testing.T) {
					t.Parallel()
					var hits serverHits
					var protos sync.Map
					h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						protos.Store(fmt.Sprintf("HTTP/%d", r.ProtoMajor), true)
						if r.ProtoMajor == 1 {
							protos.Store("HTTP/1.1", true)
						}
						if hits.record(r); hits.count() < 3 {
							w.WriteHeader(http.StatusServiceUnavailable)
							return
						}
						_, _ = w.Write([]byte(`{"ok":true}`))
					})
					var srv *httptest.Server
					if proto == "HTTP/2" {
						srv = httptest.NewUnstartedServer(h)
						srv.EnableHTTP2 = true
						srv.StartTLS()
						t.Cleanup(srv.Close)
					} else {
						srv = quietServer(t, h, false)
					}
					c := newClient(t, socketSettings(srv))
					r := &Request{Method: method, Route: "/orders/{id}", Params: []string{"o-1"}, Idempotent: true}
					setBody(r)

					_, err := c.Do(t.Context(), r, nil)

					require.NoError(t, err)
					hs := hits.all()
					require.Len(t, hs, 3)
					for i, h := range hs[1:] {
						assert.Equal(t, sha(hs[0].Body), sha(h.Body), "attempt %d body", i+2)
						assert.Equal(t, hs[0].CL, h.CL, "attempt %d Content-Length", i+2)
						assert.Equal(t, hs[0].Header.Get("Content-Type"), h.Header.Get("Content-Type"))
					}
					assert.Equal(t, int64(len(hs[0].Body)), hs[0].CL)
					assert.NotEmpty(t, hs[0].Body)
					_, ok := protos.Load(proto)
					assert.True(t, ok, "served over %s", proto)
				})
			}
		}
	}
}

// many concurrent calls with retries on one client reuse connections, which they can
// only do if every intermediate body was drained and closed.
func TestSocketConnectionReuse(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string]int{}
	srv, conns := connCountingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path]++
		n := seen[r.URL.Path]
		mu.Unlock()
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(strings.Repeat("e", 2048)))
			return
		}
		_, _ = w.Write([]byte(`{"id":"x"}`))
	}))
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 64
	t.Cleanup(base.CloseIdleConnections)
	s := socketSettings(srv)
	s.HTTPClient = &http.Client{Transport: base}
	c := newClient(t, s)

	const workers, calls = 24, 5
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range calls {
				var out struct{ ID string }
				_, err := c.Do(t.Context(), get("/orders/{id}", fmt.Sprintf("o-%d-%d", w, i)), &out)
				assert.NoError(t, err)
				assert.Equal(t, "x", out.ID)
			}
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, conns.Load(), int64(2*workers), "%d requests over %d connections", 2*workers*calls, conns.Load())
}

// a cross-origin redirect is not followed: the second server sees nothing, and the
// redirect is the answer. A same-origin redirect of a GET is followed with credentials.
func TestSocketRedirects(t *testing.T) {
	t.Parallel()
	var stolen serverHits
	other := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { stolen.record(r) }), false)
	var hits serverHits
	api := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := hits.record(r)
		code := 307
		_, _ = fmt.Sscanf(r.URL.Query().Get("code"), "%d", &code)
		switch {
		case strings.HasSuffix(h.Path, "/cross"):
			http.Redirect(w, r, other.URL+"/steal", code)
		case strings.HasSuffix(h.Path, "/old"):
			http.Redirect(w, r, "/api/new", code)
		case strings.HasSuffix(h.Path, "/loop"):
			http.Redirect(w, r, "/api/loop", code)
		default:
			_, _ = w.Write([]byte(`{"ok":true}`))
		}
	}), false)

	for _, code := range []int{301, 302, 303, 307, 308} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(fmt.Sprintf("cross/%d/%s", code, method), func(t *testing.T) {
				c := newClient(t, socketSettings(api))
				r := post("/cross", map[string]string{"patient": "Jane"})
				r.Method = method
				r.Query = map[string][]string{"code": {fmt.Sprint(code)}}

				_, err := c.Do(t.Context(), r, nil)

				var ae *APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, code, ae.StatusCode)
				assert.Equal(t, 0, stolen.count(), "nothing reached the other origin")
			})
			t.Run(fmt.Sprintf("same/%d/%s", code, method), func(t *testing.T) {
				if method != http.MethodGet {
					t.Skip("a write is never redirected: TestWriteNeverRedirected")
				}
				c := newClient(t, socketSettings(api))
				r := post("/old", map[string]string{"patient": "Jane"})
				r.Method = method
				r.Idempotent = true
				r.Query = map[string][]string{"code": {fmt.Sprint(code)}}
				before := len(hits.all())

				_, err := c.Do(t.Context(), r, nil)

				require.NoError(t, err)
				hs := hits.all()[before:]
				require.Len(t, hs, 2)
				assert.Equal(t, "/api/new", hs[1].Path)
				assert.Equal(t, "Bearer test-key", hs[1].Header.Get("Authorization"))
			})
		}
	}
	t.Run("loop", func(t *testing.T) {
		c := newClient(t, socketSettings(api))
		before := len(hits.all())
		_, err := c.Do(t.Context(), get("/loop"), nil)
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, http.StatusTemporaryRedirect, ae.StatusCode)
		assert.LessOrEqual(t, len(hits.all())-before, 6)
	})
	t.Run("token client follows none", func(t *testing.T) {
		s := socketSettings(api)
		resp, err := s.TokenHTTPClient().Post(api.URL+"/api/cross?code=307", "application/x-www-form-urlencoded",
			strings.NewReader("grant_type=client_credentials&client_secret=s3cret"))
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
		assert.Equal(t, 0, stolen.count())
	})
}

// a server that never sends headers trips the attempt timeout; so does one that
// trickles the body. Both with a timer per attempt (under watchdogMin) and under the
// watchdog (watchdogMin: these take a second).
func TestSocketAttemptTimeouts(t *testing.T) {
	t.Parallel()
	for _, timeout := range []time.Duration{40 * time.Millisecond, watchdogMin} {
		t.Run("no headers/"+timeout.String(), func(t *testing.T) {
			t.Parallel()
			var hits serverHits
			srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.record(r)
				<-r.Context().Done()
			}), false)
			s := socketSettings(srv)
			s.AttemptTimeout = timeout
			s.MaxRetries = NoRetries
			c := newClient(t, s)

			start := time.Now()
			_, err := c.Do(t.Context(), get("/orders"), nil)

			assert.GreaterOrEqual(t, time.Since(start), timeout)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Contains(t, err.Error(), "attempt timed out after "+timeout.String())
			assert.Equal(t, 1, hits.count())
		})
	}
	t.Run("watchdog/trickled body of a write", func(t *testing.T) {
		t.Parallel()
		var hits serverHits
		srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.record(r)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"items":[`))
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-r.Context().Done():
					return
				case <-tick.C:
					_, _ = w.Write([]byte(`1,`))
					w.(http.Flusher).Flush()
				}
			}
		}), false)
		s := socketSettings(srv)
		s.AttemptTimeout = watchdogMin
		c := newClient(t, s)

		_, err := c.Do(t.Context(), &Request{Method: http.MethodPost, Route: "/orders", JSON: map[string]int{"n": 1}}, nil)

		require.Error(t, err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.Equal(t, 1, hits.count(), "a write is sent once")
	})
	t.Run("trickled body", func(t *testing.T) {
		t.Parallel()
		srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"items":[`))
			tick := time.NewTicker(5 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-r.Context().Done():
					return
				case <-tick.C:
					_, _ = w.Write([]byte(`1,`))
					w.(http.Flusher).Flush()
				}
			}
		}), false)
		s := socketSettings(srv)
		s.AttemptTimeout = 60 * time.Millisecond
		c := newClient(t, s)

		_, err := c.Do(t.Context(), get("/orders"), nil)

		require.Error(t, err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var re *RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 200, re.LastStatus)
	})
}

// a hung token endpoint trips the token client's timeout; the call fails with a
// deadline error (not ErrUnauthorized: the credentials were not rejected, issue 7.5) that
// names neither the token URL nor the secret, and the API is never called.
func TestSocketHungTokenEndpoint(t *testing.T) {
	t.Parallel()
	const canary = "CANARY-tenant-5510"
	tokenSrv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // so the server notices the client leaving
		<-r.Context().Done()
	}), false)
	var hits serverHits
	api := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.record(r) }), false)
	s := socketSettings(api)
	s.tokenTimeout = 50 * time.Millisecond
	cc := &clientcredentials.Config{
		ClientID: "id", ClientSecret: "secret-" + canary,
		TokenURL:  tokenSrv.URL + "/oauth/token?tenant=" + canary,
		AuthStyle: oauth2.AuthStyleInParams,
	}
	bg := context.WithValue(context.Background(), oauth2.HTTPClient, s.TokenHTTPClient())
	s.Auth = TokenAuth(cc.TokenSource(bg))
	c := newClient(t, s)

	_, err := c.Do(t.Context(), get("/orders"), nil)

	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, 0, hits.count())
	assert.NotContains(t, sprintAll(err), canary)
	assert.NotContains(t, sprintAll(err), tokenSrv.URL)
	assert.Contains(t, err.Error(), "obtaining a token")
}

// A token answered by a real endpoint through TokenHTTPClient is used as a Bearer token.
func TestSocketClientCredentials(t *testing.T) {
	t.Parallel()
	var fetches atomic.Int64
	tokenSrv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at-1", "token_type": "bearer", "expires_in": 3600})
	}), false)
	var hits serverHits
	api := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.record(r) }), false)
	s := socketSettings(api)
	cc := &clientcredentials.Config{ClientID: "id", ClientSecret: "secret", TokenURL: tokenSrv.URL + "/token", AuthStyle: oauth2.AuthStyleInHeader}
	bg := context.WithValue(context.Background(), oauth2.HTTPClient, s.TokenHTTPClient())
	s.Auth = TokenAuth(cc.TokenSource(bg))
	c := newClient(t, s)

	for range 3 {
		_, err := c.Do(t.Context(), get("/orders"), nil)
		require.NoError(t, err)
	}
	assert.Equal(t, int64(1), fetches.Load())
	for _, h := range hits.all() {
		assert.Equal(t, "Bearer at-1", h.Header.Get("Authorization"))
	}
}

// An answer whose body breaks off mid-way is retried for a read (the body is read inside
// the retry loop) and not for a write, which the server answered and so may have processed.
func TestSocketBodyBrokenOff(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			var hits serverHits
			srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.record(r)
				if hits.count() == 1 {
					conn, buf, err := w.(http.Hijacker).Hijack()
					if err != nil {
						return
					}
					_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":")
					_ = buf.Flush()
					_ = conn.Close()
					return
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"id":"req-1"}`)
			}), false)
			c := newClient(t, socketSettings(srv))
			r := get("/orders/{id}", "req-1")
			if method == http.MethodPost {
				r = post("/orders", map[string]string{"code": "CBC"})
			}
			var out struct{ ID string }

			resp, err := c.Do(t.Context(), r, &out)

			if method == http.MethodGet {
				require.NoError(t, err)
				assert.Equal(t, "req-1", out.ID)
				assert.Equal(t, 2, resp.Attempts)
				assert.Equal(t, 2, hits.count())
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, 1, hits.count(), "the write is not sent again")
		})
	}
}
