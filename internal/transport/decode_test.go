package transport

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 7 item 3: a 2xx without a usable body, where the call returns a resource, is an
// error matching ErrInvalidResponse (not a zero struct and nil); a call that returns nothing
// still accepts it.
func TestIssue7Item3EmptyOrNullAnswerIsAnError(t *testing.T) {
	t.Parallel()
	type resource struct {
		ID string `json:"id"`
	}
	tests := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"empty 200", 200, "", "no body"},
		{"blank 200", 200, " \r\n\t ", "no body"},
		{"null 200", 200, "null", "null"},
		{"null with blanks", 201, "\n null \n", "null"},
		{"204 on a resource call", 204, "", "204"},
		{"204 with a body on a resource call", 204, `{"id":"x"}`, "204"},
		{"invalid JSON", 200, `{"id":`, "invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				sc := newScript(step{status: tc.status, body: tc.body})
				c := newClient(t, testSettings(sc.transport()))
				var out resource
				_, err := c.Do(t.Context(), get("/things/{id}", "1"), &out)
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrInvalidResponse)
				var re *RequestError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tc.status, re.LastStatus)
				assert.Contains(t, err.Error(), tc.want)
				assert.NotErrorIs(t, err, ErrOutcomeUnknown)
				assert.Equal(t, 1, sc.count(), "not retried")
			})
		})
	}
	// A write answered 2xx with an unusable body happened: not ErrOutcomeUnknown, and the log
	// names the category.
	synctest.Test(t, func(t *testing.T) {
		sc := newScript(step{status: 201, body: "", wrote: true})
		var logs bytes.Buffer
		s := testSettings(sc.transport())
		s.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		c := newClient(t, s)
		var out resource
		_, err := c.Do(t.Context(), post("/things", map[string]string{"a": "b"}), &out)
		require.ErrorIs(t, err, ErrInvalidResponse)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
		assert.Contains(t, logs.String(), "error=invalid_response")
	})
	// A call that returns nothing (out == nil) accepts an empty 204, an empty 200 and null.
	for _, st := range []step{{status: 204}, {status: 200}, {status: 200, body: "null"}, {status: 201, body: " "}} {
		synctest.Test(t, func(t *testing.T) {
			sc := newScript(st)
			c := newClient(t, testSettings(sc.transport()))
			_, err := c.Do(t.Context(), post("/things", map[string]string{"a": "b"}), nil)
			assert.NoError(t, err, "status %d body %q", st.status, st.body)
		})
	}
}

// Issue 7 item 11: answers are decoded strictly: invalid UTF-8, duplicate and case-variant
// keys are ErrInvalidResponse, never a value that disagrees with the raw body.
func TestIssue7Item11AnswersDecodeStrictly(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"status":"active","STATUS":"revoked"}`,
		`{"status":"active","status":"revoked"}`,
		"{\"status\":\"act\xffive\"}",
		`{"status":"\udc00"}`,
		`{"status":"a"} {"status":"b"}`,
	} {
		synctest.Test(t, func(t *testing.T) {
			sc := newScript(step{status: 200, body: body})
			c := newClient(t, testSettings(sc.transport()))
			var out struct {
				Status string `json:"status"`
			}
			_, err := c.Do(t.Context(), get("/x"), &out)
			require.ErrorIs(t, err, ErrInvalidResponse, "%q", body)
			assert.NotContains(t, sprintAll(err), "active")
			assert.NotContains(t, sprintAll(err), "revoked")
		})
	}
}

// A decoding failure is described by kind and field, and its cause chain holds no server text.
func TestDecodeFailureNeverQuotesTheBody(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc := newScript(step{status: 200, body: `{"n":"CANARY-Jane","at":"CANARY-time"}`})
		c := newClient(t, testSettings(sc.transport()))
		var out struct {
			N int `json:"n"`
		}
		_, err := c.Do(t.Context(), get("/x"), &out)
		require.ErrorIs(t, err, ErrInvalidResponse)
		assert.Contains(t, err.Error(), "field n")
		assert.NotContains(t, sprintAll(err), "CANARY")
		for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
			assert.NotContains(t, e.Error(), "CANARY")
		}
	})
}

// bigBody is an answer of n bytes ('{"a":"xxx…"}'), read in chunks as a socket delivers it.
type bigBody struct{ left int }

func (b *bigBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := min(len(p), b.left, 32<<10)
	for i := range n {
		p[i] = 'x'
	}
	b.left -= n
	return n, nil
}

func (b *bigBody) Close() error { return nil }

// allocatedBy is the heap allocated while f runs, the least of three runs.
func allocatedBy(f func()) uint64 {
	best := ^uint64(0)
	for range 3 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		best = min(best, after.TotalAlloc-before.TotalAlloc)
	}
	return best
}

// Issue 7 item 12: an answer over the cap allocates about the cap before it fails (it
// allocated six times the cap), however its length is announced; an answer within the cap
// is read with at most two copies of it. Not parallel: it measures the heap.
func TestIssue7Item12OversizedAnswerAllocatesNearTheCap(t *testing.T) {
	const limit = 4 << 20
	run := func(size int, announced int64) func() {
		return func() {
			rt := rtFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{}, ContentLength: announced,
					Body: &bigBody{left: size}, Request: r}, nil
			})
			s := testSettings(rt)
			s.MaxResponseBytes = limit
			c := newClient(t, s)
			var out map[string]any
			_, err := c.Do(t.Context(), get("/big"), &out)
			if size > limit {
				require.ErrorIs(t, err, ErrResponseTooLarge)
			}
		}
	}
	for _, tc := range []struct {
		name      string
		size      int
		announced int64
		max       uint64
	}{
		{"unannounced, 4x the cap", 4 * limit, -1, limit + limit/4},
		{"announced short, 4x the cap", 4 * limit, 1 << 10, limit + limit/4},
		{"announced over the cap", 4 * limit, 4 * limit, limit / 8},
		{"unannounced, just over the cap", limit + 1, -1, limit + limit/4},
	} {
		got := allocatedBy(run(tc.size, tc.announced))
		t.Logf("%s: allocated %.1f MiB for a %d MiB cap", tc.name, float64(got)/(1<<20), limit>>20)
		assert.LessOrEqual(t, got, tc.max, "%s: allocated %s MiB for a %d MiB cap", tc.name,
			strconv.FormatFloat(float64(got)/(1<<20), 'f', 1, 64), limit>>20)
	}
}

// readAnswerBody: a 2xx over the cap keeps nothing; an error answer keeps its first 64 KiB.
func TestReadAnswerBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status, size int
		announced    int64
		wantLen      int
		tooLarge     bool
	}{
		{200, 100, -1, 100, false},
		{200, 100, 100, 100, false},
		{200, 100, 10, 100, false}, // announced short: read on, up to the cap
		{200, 1000, -1, 0, true},
		{200, 1000, 1000, 0, true},
		{200, 512, 512, 512, false},
		{500, 100 << 10, -1, maxErrorBody, false},
		{404, 100, 1 << 30, 100, false},
	} {
		resp := &http.Response{StatusCode: tc.status, ContentLength: tc.announced, Body: &bigBody{left: tc.size}}
		data, err := readAnswerBody(resp, 512)
		if tc.status >= 300 {
			data, err = readAnswerBody(&http.Response{StatusCode: tc.status, ContentLength: tc.announced, Body: &bigBody{left: tc.size}}, 1<<20)
		}
		if tc.tooLarge {
			assert.ErrorIs(t, err, ErrResponseTooLarge, "%+v", tc)
			assert.Nil(t, data)
		} else {
			assert.NoError(t, err, "%+v", tc)
			assert.Len(t, data, tc.wantLen, "%+v", tc)
			assert.Equal(t, strings.Repeat("x", tc.wantLen), string(data))
		}
		assert.Equal(t, http.NoBody, resp.Body)
	}
	_, err := readAnswerBody(&http.Response{StatusCode: 200, ContentLength: -1, Body: io.NopCloser(io.MultiReader(bytes.NewReader([]byte("ab")), errReader{}))}, 100)
	assert.ErrorIs(t, err, errBroken)
}

var errBroken = errors.New("connection reset")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBroken }

// Issue 18 item 2: a call that returns one resource with an id (Request.HasID) refuses an
// answer whose resource has none, as ErrInvalidResponse: the write it answered happened
// (not ErrOutcomeUnknown) and it is not retried. Without HasID the same answer decodes.
func TestIssue18Item2HasIDRefusesAnswerWithoutID(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		sc := newScript(step{status: 200, body: `{"name":"CANARY"}`}, step{status: 200, body: `{"name":"CANARY"}`})
		c := newClient(t, testSettings(sc.transport()))
		var out struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		}
		r := &Request{Op: "things.get", Method: method, Route: "/things", HasID: func() bool { return out.ID != "" }}
		_, err := c.Do(t.Context(), r, &out)
		require.ErrorIs(t, err, ErrInvalidResponse, method)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, method)
		assert.NotContains(t, err.Error(), "CANARY")
		assert.Contains(t, err.Error(), "holds no id")
		assert.Len(t, sc.all(), 1, "a 2xx is not retried")

		r.HasID = nil
		_, err = c.Do(t.Context(), r, &out)
		require.NoError(t, err, method)
		assert.Equal(t, "CANARY", out.Name)
	}
}
