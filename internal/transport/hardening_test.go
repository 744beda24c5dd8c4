package transport

// Tests for the hardening items of issue 7 and the escape hatch of issue 8, each named for
// the behaviour it proves.

import (
	"errors"
	"net/http"
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
