package wiretest

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/fake"
)

// recT records failures instead of failing the test, so the assertions can be shown to fail.
type recT struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recT) Helper() {}
func (r *recT) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recT) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func seen() Seen {
	return Seen{
		Method: http.MethodPatch, Path: "/developer/v2/items/a%2Fb", RawQuery: "page=2&status=open&status=done",
		Header: http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer t"}},
		Body:   []byte(`{"a":"x","b":[1,2]}`),
	}
}

func TestAssertRequestPassesOnTheSameRequest(t *testing.T) {
	t.Parallel()
	r := &recT{TB: t}
	ok := AssertRequest(r, seen(), Want{
		Method: http.MethodPatch, Path: "/developer/v2/items/a%2Fb",
		Query:      url.Values{"page": {"2"}, "status": {"open", "done"}},
		Header:     map[string]string{"Content-Type": "application/json", "Idempotency-Key": ""},
		BodyGolden: "body.json",
	})
	assert.True(t, ok)
	assert.Empty(t, r.errors)
}

func TestAssertRequestReportsEachDifference(t *testing.T) {
	t.Parallel()
	tests := map[string]Want{
		"method":          {Method: http.MethodPost, AnyBody: true},
		"path":            {Path: "/developer/v2/items/a/b", AnyBody: true},
		"query":           {Query: url.Values{"page": {"2"}}, AnyBody: true},
		"no query wanted": {Query: url.Values{}, AnyBody: true},
		"header":          {Header: map[string]string{"Content-Type": "text/plain"}, AnyBody: true},
		"absent header":   {Header: map[string]string{"Authorization": ""}, AnyBody: true},
		"body":            {Body: `{"a":"y","b":[1,2]}`},
		"unexpected body": {},
	}
	for name, want := range tests {
		r := &recT{TB: t}
		assert.False(t, AssertRequest(r, seen(), want), name)
		assert.Len(t, r.errors, 1, name)
	}
}

func TestFromFakeAndFromHTTP(t *testing.T) {
	t.Parallel()
	var got Seen
	srv := fake.Start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = FromHTTP(r)
		w.WriteHeader(http.StatusNoContent)
	}))
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v2/items/a%2Fb?x=1", strings.NewReader(`{"k":1}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	want := Want{Method: http.MethodPost, Path: "/v2/items/a%2Fb", Query: url.Values{"x": {"1"}},
		Header: map[string]string{"Content-Type": "application/json"}, Body: `{"k":1}`}
	AssertRequest(t, got, want)
	recorded := srv.Requests()
	require.Len(t, recorded, 1)
	AssertRequest(t, FromFake(recorded[0]), want)
}

func TestCanariesInErrors(t *testing.T) {
	t.Parallel()
	cs := Canaries{"CANARY-Jane", "tok-CANARY"}
	clean := fmt.Errorf("whoop: GET /v2/x: %w", errors.New("404 not found"))
	r := &recT{TB: t}
	assert.True(t, cs.AssertError(r, clean))
	assert.Empty(t, r.errors)

	leaks := map[string]error{
		"in the text":         errors.New("patient CANARY-Jane not found"),
		"in a wrapped cause":  fmt.Errorf("outer: %w", &hiddenText{shown: "ok", inner: errors.New("Bearer tok-CANARY")}),
		"only under %#v":      &goStringLeak{},
		"base64 in the text":  errors.New("Authorization: Basic Q0FOQVJZLUphbmU="),
		"URL-escaped":         errors.New("GET /p?name=CANARY-Jane%21"),
		"hex in the text":     errors.New("digest 43414e4152592d4a616e65"),
		"joined second error": errors.Join(errors.New("a"), errors.New("CANARY-Jane")),
	}
	for name, err := range leaks {
		r := &recT{TB: t}
		assert.False(t, cs.AssertError(r, err), name)
		assert.NotEmpty(t, r.errors, name)
	}
	r = &recT{TB: t}
	assert.False(t, cs.AssertError(r, nil), "nil proves nothing")
}

type hiddenText struct {
	shown string
	inner error
}

func (e *hiddenText) Error() string { return e.shown }
func (e *hiddenText) Unwrap() error { return e.inner }

type goStringLeak struct{}

func (*goStringLeak) Error() string    { return "fine" }
func (*goStringLeak) GoString() string { return "leak CANARY-Jane" }

func TestCanariesInLogs(t *testing.T) {
	t.Parallel()
	cs := Canaries{"CANARY-Jane"}
	l, logs := NewLogs()
	l.Debug("call", "route", "/v2/x/{id}", "status", 200)
	r := &recT{TB: t}
	assert.True(t, cs.AssertLogs(r, logs))
	assert.Len(t, logs.JSONLines(), 1)
	assert.Contains(t, logs.String(), "level=DEBUG")

	l.With("g", "v").WithGroup("grp").Info("call", "name", "CANARY-Jane")
	r = &recT{TB: t}
	assert.False(t, cs.AssertLogs(r, logs))
	assert.Len(t, r.errors, 1)
	assert.Len(t, logs.JSONLines(), 2)
	recs := logs.Records(t)
	require.Len(t, recs, 2)
	assert.Equal(t, "call", recs[0]["msg"])
	assert.Equal(t, "/v2/x/{id}", recs[0]["route"])
	assert.Equal(t, "v", recs[1]["g"])
}

func TestClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := NewClock(start)
	assert.Equal(t, start, c.Now())
	assert.Equal(t, start.Add(time.Hour), c.Advance(time.Hour))
	assert.Equal(t, start.Add(time.Hour), c.Now())
	c.Set(start)
	assert.Equal(t, start, c.Now())
	var now func() time.Time = c.Now // fits where code takes a clock
	assert.Equal(t, start, now())
}

func TestGoldenRefusesPathsOutsideTestdata(t *testing.T) {
	t.Parallel()
	assert.JSONEq(t, `{"a":"x","b":[1,2]}`, string(Golden(t, "body.json")))
}
