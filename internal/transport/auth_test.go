package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// countingSource is an uncached token source: every Token call is one trip to the token
// endpoint. Token n is "tok-n", valid for lifetime (an hour by default).
type countingSource struct {
	calls    atomic.Int64
	lifetime time.Duration
	delay    time.Duration // simulated endpoint latency (fake time under synctest)
	err      error
}

func (s *countingSource) Token() (*oauth2.Token, error) {
	n := s.calls.Add(1)
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	if s.err != nil {
		return nil, s.err
	}
	life := s.lifetime
	if life == 0 {
		life = time.Hour
	}
	return &oauth2.Token{AccessToken: "tok-" + strconv.FormatInt(n, 10), TokenType: "Bearer", Expiry: time.Now().Add(life)}, nil
}

// N concurrent calls with an expired token make exactly one token fetch.
func TestTokenSingleRefreshUnderConcurrency(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &countingSource{delay: 200 * time.Millisecond}
		cached := NewCachedTokenSource(src, 0)
		cached.tok = &oauth2.Token{AccessToken: "expired", Expiry: time.Now().Add(-time.Minute)}
		var seen sync.Map
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			seen.Store(r.Header.Get("Authorization"), true)
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody}, nil
		})
		s := testSettings(rt)
		s.Auth = TokenAuth(cached)
		c := newClient(t, s)

		const n = 50
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := c.Do(t.Context(), get("/orders"), nil)
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}

		assert.Equal(t, int64(1), src.calls.Load(), "one token fetch")
		var tokens []string
		seen.Range(func(k, _ any) bool { tokens = append(tokens, k.(string)); return true })
		assert.Equal(t, []string{"Bearer tok-1"}, tokens)
	})
}

// a 401 invalidates the token, fetches exactly one new one and replays once, with the
// same body bytes for a POST.
func TestTokenRefreshOn401(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPatch} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(answer(http.StatusUnauthorized), answer(http.StatusOK))
				src := &countingSource{}
				s := testSettings(sc.transport())
				s.Auth = TokenAuth(src)
				c := newClient(t, s)
				r := get("/orders")
				if method != http.MethodGet {
					r = post("/orders", map[string]string{"patient": "Jane"})
					r.Method = method
				}

				resp, err := c.Do(t.Context(), r, nil)

				require.NoError(t, err)
				assert.Equal(t, 1, resp.Attempts, "the replay is part of the attempt")
				hits := sc.all()
				require.Len(t, hits, 2)
				assert.Equal(t, "Bearer tok-1", hits[0].Header.Get("Authorization"))
				assert.Equal(t, "Bearer tok-2", hits[1].Header.Get("Authorization"))
				assert.Equal(t, int64(2), src.calls.Load())
				assert.Equal(t, sha(hits[0].Body), sha(hits[1].Body))
				assert.Equal(t, hits[0].CL, hits[1].CL)
				assert.Equal(t, sc.opened.Load(), sc.closed.Load(), "the 401 body was closed")
			})
		})
	}
}

// a second 401 is an error matching ErrUnauthorized; there is only one replay per
// call, even when retries follow.
func TestTokenSecond401IsError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		steps []step
		hits  int
	}{
		{"401,401", []step{answer(401), answer(401), answer(200)}, 2},
		{"401,503,401", []step{answer(401), answer(503), answer(401), answer(200)}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(tc.steps...)
				src := &countingSource{}
				s := testSettings(sc.transport())
				s.Auth = TokenAuth(src)
				c := newClient(t, s)

				_, err := c.Do(t.Context(), get("/orders"), nil)

				assert.ErrorIs(t, err, ErrUnauthorized)
				var ae *APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, http.StatusUnauthorized, ae.StatusCode)
				assert.Equal(t, tc.hits, sc.count())
				assert.Equal(t, int64(2), src.calls.Load(), "one refresh")
				assert.Equal(t, sc.opened.Load(), sc.closed.Load())
			})
		})
	}
}

// Many calls failing with the same token cause one refresh, not one each.
func TestToken401ConcurrentSingleRefresh(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &countingSource{}
		var gate sync.WaitGroup
		const n = 20
		gate.Add(n)
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			if r.Header.Get("Authorization") == "Bearer tok-1" {
				gate.Done()
				gate.Wait() // every call holds tok-1 before any sees the 401
				return &http.Response{StatusCode: 401, Header: http.Header{}, Body: http.NoBody}, nil
			}
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody}, nil
		})
		s := testSettings(rt)
		s.Auth = TokenAuth(src)
		c := newClient(t, s)

		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				_, err := c.Do(t.Context(), get("/orders"), nil)
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		assert.Equal(t, int64(2), src.calls.Load())
	})
}

// A static key's 401 is final: nothing to refresh, no replay.
func TestStatic401NotReplayed(t *testing.T) {
	t.Parallel()
	for name, auth := range map[string]Auth{"bearer": BearerAuth("k"), "basic": BasicAuth("u", "p")} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(answer(401), answer(200))
				s := testSettings(sc.transport())
				s.Auth = auth
				c := newClient(t, s)
				_, err := c.Do(t.Context(), get("/orders"), nil)
				assert.ErrorIs(t, err, ErrUnauthorized)
				assert.Equal(t, 1, sc.count())
			})
		})
	}
}

// R-10, 7.5: a failing foreign token source is asked once per call (never in a loop), the
// API is not called, and the error keeps the failure's category: only a rejection of the
// credentials (400/401, invalid_client) or an opaque failure matches ErrUnauthorized. No
// error in the unwrap chain holds the endpoint's body, code or URL.
func TestTokenSourceFailure(t *testing.T) {
	t.Parallel()
	const canary = "CANARY-token-body-7731"
	for _, tc := range []struct {
		name         string
		err          error
		unauthorized bool
		category     error
	}{
		{"retrieve error 400 with body", &oauth2.RetrieveError{
			Response: &http.Response{StatusCode: 400, Status: "400 " + canary},
			Body:     []byte(`{"error":"invalid_client","error_description":"` + canary + `"}`),
		}, true, ErrBadRequest},
		{"retrieve error 401 with code", &oauth2.RetrieveError{
			Response:         &http.Response{StatusCode: 401, Status: "401 Unauthorized"},
			Body:             []byte(canary),
			ErrorCode:        "invalid_client",
			ErrorDescription: canary,
		}, true, ErrUnauthorized},
		{"retrieve error 403 invalid_grant", &oauth2.RetrieveError{
			Response:  &http.Response{StatusCode: 403, Status: "403 Forbidden"},
			ErrorCode: "invalid_grant",
		}, true, ErrForbidden},
		{"retrieve error 503 echoing a code", &oauth2.RetrieveError{
			Response:  &http.Response{StatusCode: 503, Status: "503 " + canary},
			Body:      []byte(canary),
			ErrorCode: canary,
		}, false, ErrServer},
		{"retrieve error 429", &oauth2.RetrieveError{
			Response: &http.Response{StatusCode: 429, Status: "429 Too Many Requests"},
			Body:     []byte(canary),
		}, false, ErrRateLimited},
		{"retrieve error without response", &oauth2.RetrieveError{Body: []byte(canary)}, true, ErrUnauthorized},
		{"plain error", errors.New("oauth2: cannot fetch token: " + canary), true, ErrUnauthorized},
		{"url error timeout", &urlErr{canary}, false, context.DeadlineExceeded},
		{"url error reset", &url.Error{Op: "Post", URL: "https://auth.lab.test/token?tenant=" + canary, Err: errReset}, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(answer(200))
				src := &countingSource{err: tc.err}
				s := testSettings(sc.transport())
				s.Auth = TokenAuth(src)
				s.MaxRetries = 4
				c := newClient(t, s)

				_, err := c.Do(t.Context(), get("/orders"), nil)

				require.Error(t, err)
				assert.Equal(t, tc.unauthorized, errors.Is(err, ErrUnauthorized), "ErrUnauthorized")
				if tc.category != nil {
					assert.ErrorIs(t, err, tc.category)
				}
				assert.Equal(t, int64(1), src.calls.Load(), "no retry loop on the token endpoint")
				assert.Equal(t, 0, sc.count(), "the API is not called without a token")
				assert.Contains(t, err.Error(), "obtaining a token")
				assertChainClean(t, err, canary)
			})
		})
	}
}

// assertChainClean fails if any canary appears in err, printed every way, or in any error
// of its unwrap chain (what error reporters walk).
func assertChainClean(t *testing.T, err error, canaries ...string) {
	t.Helper()
	var walk func(e error, depth int)
	walk = func(e error, depth int) {
		if e == nil || depth > 32 {
			return
		}
		text := sprintAll(e)
		for _, c := range canaries {
			assert.NotContains(t, text, c, "at depth %d (%T)", depth, e)
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), depth+1)
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x, depth+1)
			}
		}
	}
	walk(err, 0)
}

type urlErr struct{ canary string }

func (e *urlErr) Error() string {
	return `Post "https://auth.lab.test/token?tenant=` + e.canary + `": context deadline exceeded`
}
func (e *urlErr) Unwrap() error { return context.DeadlineExceeded }

// A token whose lifetime is shorter than the refresh margin is still reused, not fetched
// on every call.
func TestShortLivedTokenReused(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &countingSource{lifetime: 30 * time.Second}
		cached := NewCachedTokenSource(src, time.Minute)
		for range 10 {
			tok, err := cached.Token()
			require.NoError(t, err)
			assert.Equal(t, "tok-1", tok.AccessToken)
		}
		assert.Equal(t, int64(1), src.calls.Load())
		time.Sleep(20 * time.Second) // past the half-life: refreshed early
		tok, err := cached.Token()
		require.NoError(t, err)
		assert.Equal(t, "tok-2", tok.AccessToken)
	})
}

func TestCachedTokenSource(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &countingSource{lifetime: time.Hour}
		cached := NewCachedTokenSource(src, 0)
		tok, err := cached.Token()
		require.NoError(t, err)
		assert.Equal(t, "tok-1", tok.AccessToken)

		cached.Invalidate("not-the-cached-one")
		tok, _ = cached.Token()
		assert.Equal(t, "tok-1", tok.AccessToken, "invalidating another token keeps the cache")

		time.Sleep(time.Hour - DefaultTokenExpiryMargin + time.Second)
		tok, _ = cached.Token()
		assert.Equal(t, "tok-2", tok.AccessToken, "refreshed within the margin")

		cached.Invalidate("tok-2")
		tok, _ = cached.Token()
		assert.Equal(t, "tok-3", tok.AccessToken)

		noExpiry := NewCachedTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "forever"}), 0)
		time.Sleep(1000 * time.Hour)
		tok, _ = noExpiry.Token()
		assert.Equal(t, "forever", tok.AccessToken)

		src.err = errors.New("down")
		cached.Invalidate("tok-3")
		_, err = cached.Token()
		assert.Error(t, err)
	})
}

// ctxSource is a ContextTokenSource that, like a real token endpoint call, would fire the
// context's HTTP trace hooks.
type ctxSource struct {
	countingSource
	sawTrace atomic.Bool
}

func (s *ctxSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	if tr := httptrace.ContextClientTrace(ctx); tr != nil && tr.WroteHeaders != nil {
		s.sawTrace.Store(true)
		tr.WroteHeaders() // a token POST written on this context
	}
	if callFrom(ctx) != nil {
		return nil, errors.New("token fetch sees the call's internals")
	}
	return s.Token()
}

// The token fetch runs on the caller's context (cancellable) but not under the call's own
// trace: writing the token request must not count as having written the API request, or a
// POST could no longer be retried after a dial failure.
func TestContextTokenSourceIsolated(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &ctxSource{}
		sc := newScript(fail(errRefused), answer(http.StatusCreated))
		s := testSettings(sc.transport())
		s.Auth = TokenAuth(NewCachedTokenSource(src, 0))
		c := newClient(t, s)

		resp, err := c.Do(t.Context(), post("/orders", map[string]int{"n": 1}), nil)

		require.NoError(t, err)
		assert.Equal(t, 2, resp.Attempts)
		assert.False(t, src.sawTrace.Load(), "the call's trace leaked into the token fetch")
	})
}

func TestContextTokenSourceCancelled(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		block := tokenSourceFunc(func(ctx context.Context) (*oauth2.Token, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		})
		sc := newScript(answer(200))
		s := testSettings(sc.transport())
		s.Auth = TokenAuth(NewCachedTokenSource(block, 0))
		c := newClient(t, s)
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()

		_, err := c.Do(ctx, get("/orders"), nil)

		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 0, sc.count())
	})
}

type tokenSourceFunc func(context.Context) (*oauth2.Token, error)

func (f tokenSourceFunc) Token() (*oauth2.Token, error) { return f(context.Background()) }
func (f tokenSourceFunc) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	return f(ctx)
}

// A failing token endpoint is tried once for a crowd of waiting callers, not once per
// caller in turn; a later call tries again.
func TestTokenFailureSharedWithWaiters(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("token endpoint down")
		src := &countingSource{delay: time.Second, err: boom}
		cached := NewCachedTokenSource(src, 0)
		var wg sync.WaitGroup
		errs := make([]error, 20)
		for i := range errs {
			wg.Go(func() { _, errs[i] = cached.TokenContext(t.Context()) })
		}
		wg.Wait()
		for _, err := range errs {
			assert.ErrorIs(t, err, boom)
		}
		assert.Equal(t, int64(1), src.calls.Load(), "one fetch for all the callers that waited on it")

		_, err := cached.Token()
		assert.ErrorIs(t, err, boom)
		assert.Equal(t, int64(2), src.calls.Load(), "a new call tries again")

		src.err = nil
		tok, err := cached.Token()
		require.NoError(t, err)
		assert.NotEmpty(t, tok.AccessToken)
	})
}

// A fetch that failed because its caller's context ended is not shared with other callers.
func TestTokenFetchCancelledIsNotShared(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &blockingSource{}
		cached := NewCachedTokenSource(src, 0)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { _, err := cached.TokenContext(ctx); done <- err }()
		synctest.Wait() // the first caller is inside the fetch
		second := make(chan error, 1)
		go func() { _, err := cached.TokenContext(t.Context()); second <- err }()
		synctest.Wait() // the second caller waits for the fetch
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		assert.NoError(t, <-second, "the second caller fetched its own token")
	})
}

// blockingSource blocks each fetch until its context ends, except the second fetch, which succeeds.
type blockingSource struct{ calls atomic.Int64 }

func (s *blockingSource) Token() (*oauth2.Token, error) { return s.TokenContext(context.Background()) }

func (s *blockingSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	if s.calls.Add(1) == 2 {
		return &oauth2.Token{AccessToken: "second", Expiry: time.Now().Add(time.Hour)}, nil
	}
	<-ctx.Done()
	return nil, ctx.Err()
}
