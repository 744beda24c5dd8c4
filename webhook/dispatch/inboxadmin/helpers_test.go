package inboxadmin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/stretchr/testify/require"
)

// Canaries planted in what a delivery holds; none may reach a response or
// a log line.
const (
	canaryBody   = "PHI-CANARY-BODY-Jane-Doe-1970-01-01"
	canaryHeader = "PHI-CANARY-HEADER-x9f2"
	canaryKey    = "PHI-CANARY-KEY-"
)

var canaries = []string{"PHI-CANARY", canaryBody, canaryHeader, canaryKey}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newInbox(t *testing.T) (*dispatch.MemoryInbox, *testClock) {
	t.Helper()
	c := &testClock{t: t0}
	ib, err := dispatch.NewMemoryInbox(24*time.Hour, dispatch.WithInboxClock(c.now))
	require.NoError(t, err)
	return ib, c
}

func accept(t *testing.T, ib *dispatch.MemoryInbox, source, key, eventType string) {
	t.Helper()
	ok, err := ib.Accept(context.Background(), dispatch.InboxMessage{
		Source: source, Key: canaryKey + key, EventType: eventType,
		Event: dispatch.Event{
			Body:   []byte(`{"patient":"` + canaryBody + `"}`),
			Header: http.Header{"X-Patient": {canaryHeader}, "Content-Type": {"application/json"}},
		},
	})
	require.NoError(t, err)
	require.True(t, ok)
}

func claim(t *testing.T, ib *dispatch.MemoryInbox, source string, n int) []dispatch.Lease {
	t.Helper()
	ls, err := ib.Claim(context.Background(), source, n, time.Minute)
	require.NoError(t, err)
	require.Len(t, ls, n)
	return ls
}

// fixture is an inbox with, at t0+2m30s:
//
//	whoop: 1 completed (at t0+30s), 1 retrying ("server", next try at
//	t0+1h30s), 2 dead ("outcome_unknown", "permanent"), 1 fresh pending
//	rupa:  1 dead ("validation")
//
// IDs: whoop 1..5 in that order, rupa 6.
func fixture(t *testing.T) (*dispatch.MemoryInbox, *testClock) {
	t.Helper()
	ctx := context.Background()
	ib, c := newInbox(t)
	accept(t, ib, "whoop", "w1", "service_request.updated")
	accept(t, ib, "whoop", "w2", "service_request.updated")
	accept(t, ib, "whoop", "w3", "result.ready")
	accept(t, ib, "whoop", "w4", "result.ready")
	c.advance(30 * time.Second)
	accept(t, ib, "whoop", "w5", "result.ready")
	accept(t, ib, "rupa", "r1", "order.created")
	ls := claim(t, ib, "whoop", 4)
	require.NoError(t, ib.Complete(ctx, ls[0]))
	require.NoError(t, ib.Fail(ctx, ls[1], time.Hour, "server"))
	require.NoError(t, ib.DeadLetter(ctx, ls[2], "outcome_unknown"))
	require.NoError(t, ib.DeadLetter(ctx, ls[3], "permanent"))
	require.NoError(t, ib.DeadLetter(ctx, claim(t, ib, "rupa", 1)[0], "validation"))
	c.advance(2 * time.Minute)
	return ib, c
}

const operatorHeader = "X-Test-Operator"

// allowOperator is the tests' authorize function.
func allowOperator(r *http.Request) bool { return r.Header.Get(operatorHeader) == "yes" }

func newHandler(t *testing.T, ib dispatch.InboxAdmin, opts ...Option) *Handler {
	t.Helper()
	h, err := New(ib, allowOperator, opts...)
	require.NoError(t, err)
	return h
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// get sends an authorized GET.
func get(h http.Handler, target string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Header.Set(operatorHeader, "yes")
	return serve(h, r)
}

// session is what a browser holds after loading the page: the cookie and
// the form token.
type session struct {
	cookies []*http.Cookie
	token   string
}

var tokenRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func open(t *testing.T, h http.Handler) session {
	t.Helper()
	w := get(h, "/")
	require.Equal(t, http.StatusOK, w.Code)
	m := tokenRE.FindStringSubmatch(w.Body.String())
	require.NotNil(t, m, "the page has a token")
	cs := w.Result().Cookies()
	require.Len(t, cs, 1)
	return session{cookies: cs, token: m[1]}
}

// postForm builds an authorized same-origin form POST carrying s's cookie
// and token (set token to "" in form to leave it out).
func postForm(s session, target string, form url.Values) *http.Request {
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", s.token)
	}
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set(operatorHeader, "yes")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, c := range s.cookies {
		r.AddCookie(c)
	}
	return r
}

func record(t *testing.T, ib dispatch.InboxAdmin, id string) dispatch.InboxRecord {
	t.Helper()
	all, err := ib.List(context.Background(), dispatch.RecordQuery{Limit: 1000})
	require.NoError(t, err)
	for _, r := range all {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("record %s not found", id)
	return dispatch.InboxRecord{}
}

// state is everything observable about ib, to prove a request changed
// nothing.
func state(t *testing.T, ib dispatch.InboxAdmin) string {
	t.Helper()
	ov, err := ib.Overview(context.Background())
	require.NoError(t, err)
	all, err := ib.List(context.Background(), dispatch.RecordQuery{Limit: 1000})
	require.NoError(t, err)
	b, err := json.Marshal([]any{ov, all})
	require.NoError(t, err)
	return string(b)
}

func decode(t *testing.T, w *httptest.ResponseRecorder) Snapshot {
	t.Helper()
	require.Equal(t, "application/json", w.Header().Get("Content-Type"))
	var s Snapshot
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &s))
	return s
}

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fakeAdmin is an InboxAdmin returning fixed data, or failing.
type fakeAdmin struct {
	overview []dispatch.SourceOverview
	records  []dispatch.InboxRecord
	err      error
}

func (f *fakeAdmin) Overview(context.Context) ([]dispatch.SourceOverview, error) {
	return f.overview, f.err
}

func (f *fakeAdmin) List(_ context.Context, q dispatch.RecordQuery) ([]dispatch.InboxRecord, error) {
	var out []dispatch.InboxRecord
	for _, r := range f.records {
		if r.Source == q.Source && r.State == q.State {
			out = append(out, r)
		}
	}
	return out, f.err
}

func (f *fakeAdmin) Requeue(context.Context, string) error { return f.err }

func (f *fakeAdmin) RequeueSource(context.Context, string) (int64, error) { return 0, f.err }

func (f *fakeAdmin) Purge(context.Context, time.Duration) (int64, error) { return 0, f.err }

// errStore is a store error whose text holds a canary, as a driver's error
// may quote the data it choked on.
var errStore = errors.New("pq: invalid input near " + canaryBody)
