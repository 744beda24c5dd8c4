package inboxadmin

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewValidates(t *testing.T) {
	t.Parallel()
	ib, _ := newInbox(t)
	_, err := New(nil, allowOperator)
	assert.ErrorIs(t, err, dispatch.ErrInvalidConfig)
	_, err = New(ib, nil)
	assert.ErrorIs(t, err, dispatch.ErrInvalidConfig, "closed by default: authorize is required")
	for name, o := range map[string]Option{
		"nil option":         nil,
		"nil logger":         WithLogger(nil),
		"limit 0":            WithListLimit(0),
		"limit too big":      WithListLimit(MaxListLimit + 1),
		"retention 0":        WithMinPurgeRetention(0),
		"short key":          WithCSRFKey(make([]byte, 31)),
		"bad origin":         WithTrustedOrigin("not an origin"),
		"origin with path":   WithTrustedOrigin("https://ops.example.com/admin"),
		"nil unauthorized h": WithUnauthorizedHandler(nil),
	} {
		_, err := New(ib, allowOperator, o)
		assert.ErrorIs(t, err, dispatch.ErrInvalidConfig, name)
	}
	_, err = New(ib, allowOperator, WithTrustedOrigin("https://ops.example.com"), WithCSRFKey(make([]byte, 32)),
		WithListLimit(MaxListLimit), WithMinPurgeRetention(time.Minute), WithLogger(slog.New(slog.DiscardHandler)))
	assert.NoError(t, err)
}

// attr finds the element with id and returns its opening tag.
func tag(t *testing.T, page, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<[a-z0-9]+ [^>]*id="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(page)
	require.NotEmpty(t, m, "element #%s", id)
	return m
}

func TestPageShowsCountsDeadLettersAndRetrying(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	w := get(newHandler(t, ib), "/")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
	page := w.Body.String()

	for id, count := range map[string]string{
		"count-whoop-pending": "2", "count-whoop-leased": "0", "count-whoop-completed": "1", "count-whoop-dead": "2",
		"retrying-whoop": "1", "throughput-minute-whoop": "0", "throughput-hour-whoop": "1",
		"count-rupa-dead": "1", "count-rupa-pending": "0", "retrying-rupa": "0",
	} {
		assert.Contains(t, tag(t, page, id), `data-count="`+count+`"`, id)
	}
	assert.Contains(t, tag(t, page, "count-whoop-dead"), `data-state="dead"`)
	assert.Contains(t, tag(t, page, "oldest-whoop"), `data-age-seconds="150"`, "w2 received at t0, now t0+2m30s")
	assert.NotContains(t, tag(t, page, "oldest-rupa"), "data-age-seconds", "nothing waits in rupa")
	assert.Contains(t, tag(t, page, "now"), `datetime="2026-03-02T09:02:30Z"`)

	// Dead letters: ids 3 and 4 of whoop, 6 of rupa, with their buttons.
	assert.Contains(t, tag(t, page, "dead-whoop"), `data-source="whoop"`)
	for id, cause := range map[string]string{"3": "outcome_unknown", "4": "permanent", "6": "validation"} {
		row := tag(t, page, "record-"+id)
		assert.Contains(t, row, `data-state="dead"`)
		assert.Contains(t, row, `data-cause="`+cause+`"`)
		assert.Contains(t, row, `data-attempts="1"`)
		assert.Contains(t, tag(t, page, "requeue-"+id), `data-action="requeue" data-id="`+id+`"`)
	}
	assert.Contains(t, tag(t, page, "record-3"), `data-event-type="result.ready"`)
	assert.Contains(t, tag(t, page, "requeue-source-whoop"), `data-source="whoop"`)
	assert.Contains(t, tag(t, page, "requeue-source-rupa"), `data-source="rupa"`)
	// Retrying: id 2, next try in an hour (by t0+30s+1h), from t0+2m30s.
	row := tag(t, page, "record-2")
	assert.Contains(t, row, `data-state="pending"`)
	assert.Contains(t, row, `data-cause="server"`)
	assert.Contains(t, page, `<time datetime="2026-03-02T10:00:30Z">2026-03-02 10:00:30 UTC</time> <span class="muted">in 58m</span>`)
	tag(t, page, "retrying-list-whoop")
	tag(t, page, "retrying-none-rupa")
	// The completed (1) and the fresh pending (5) are counted, not listed.
	assert.NotContains(t, page, `id="record-1"`)
	assert.NotContains(t, page, `id="record-5"`)
	tag(t, page, "purge-form")
	tag(t, page, "purge-retention")
	tag(t, page, "purge")
	assert.NotContains(t, page, `id="flash"`)
	assert.NotContains(t, page, "<script")
}

func TestJSONHasTheSameData(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	w := get(newHandler(t, ib), "/api")
	require.Equal(t, http.StatusOK, w.Code)
	s := decode(t, w)
	require.Len(t, s.Sources, 2)
	assert.NotEmpty(t, s.CSRFToken)
	rupa, whoop := s.Sources[0], s.Sources[1]
	assert.Equal(t, "rupa", rupa.Source)
	assert.Equal(t, map[dispatch.InboxState]int64{"pending": 2, "leased": 0, "completed": 1, "dead": 2}, whoop.Counts)
	assert.Equal(t, int64(1), whoop.Retrying)
	assert.Equal(t, t0, whoop.OldestWaiting)
	require.NotNil(t, whoop.OldestWaitingAgeSeconds)
	assert.Equal(t, int64(150), *whoop.OldestWaitingAgeSeconds)
	assert.Nil(t, rupa.OldestWaitingAgeSeconds)
	assert.Equal(t, int64(0), whoop.CompletedLastMinute)
	assert.Equal(t, int64(1), whoop.CompletedLastHour)
	assert.Equal(t, t0.Add(150*time.Second), whoop.Now)
	require.Len(t, whoop.DeadLetters, 2)
	assert.Equal(t, Record{ID: "3", EventType: "result.ready", State: "dead", Attempts: 1, LastCause: "outcome_unknown",
		ReceivedAt: t0, FinishedAt: t0.Add(30 * time.Second)}, whoop.DeadLetters[0])
	assert.Zero(t, whoop.MoreDeadLetters)
	require.Len(t, whoop.RetryingRecords, 1)
	assert.Equal(t, Record{ID: "2", EventType: "service_request.updated", State: "pending", Attempts: 1, LastCause: "server",
		ReceivedAt: t0, NextTryAt: t0.Add(time.Hour + 30*time.Second)}, whoop.RetryingRecords[0])
	assert.Empty(t, rupa.RetryingRecords)
	assert.NotNil(t, rupa.RetryingRecords, "an empty list is [], not null")

	// The wire names, and no key field at all.
	var raw struct {
		Sources []map[string]any `json:"sources"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &raw))
	assert.ElementsMatch(t, []string{"source", "counts", "retrying", "oldest_waiting", "oldest_waiting_age_seconds",
		"completed_last_minute", "completed_last_hour", "now", "dead_letters", "more_dead_letters", "retrying_records", "more_retrying"},
		keys(raw.Sources[1]))
	dead := raw.Sources[1]["dead_letters"].([]any)[0].(map[string]any)
	assert.ElementsMatch(t, []string{"id", "event_type", "state", "attempts", "last_cause", "received_at", "finished_at"}, keys(dead))
	retry := raw.Sources[1]["retrying_records"].([]any)[0].(map[string]any)
	assert.ElementsMatch(t, []string{"id", "event_type", "state", "attempts", "last_cause", "received_at", "next_try_at"}, keys(retry))
	assert.NotContains(t, raw.Sources[0], "oldest_waiting_age_seconds")
	assert.NotContains(t, strings.ToLower(w.Body.String()), `"key"`)
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestEmptyInbox(t *testing.T) {
	t.Parallel()
	ib, _ := newInbox(t)
	h := newHandler(t, ib)
	w := get(h, "/")
	require.Equal(t, http.StatusOK, w.Code)
	tag(t, w.Body.String(), "empty")
	tag(t, w.Body.String(), "purge-form")
	assert.JSONEq(t, `[]`, mustJSON(t, decode(t, get(h, "/api")).Sources))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestListLimit(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := newHandler(t, ib, WithListLimit(1))
	page := get(h, "/").Body.String()
	tag(t, page, "record-3")
	assert.NotContains(t, page, `id="record-4"`)
	assert.Contains(t, tag(t, page, "dead-more-whoop"), `data-count="1"`)
	s := decode(t, get(h, "/api"))
	assert.Len(t, s.Sources[1].DeadLetters, 1)
	assert.Equal(t, int64(1), s.Sources[1].MoreDeadLetters)
}

func TestRequeueOne(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := newHandler(t, ib)
	s := open(t, h)
	w := serve(h, postForm(s, "/requeue", url.Values{"id": {"3"}}))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "./?flash=requeued", w.Header().Get("Location"))
	r := record(t, ib, "3")
	assert.Equal(t, dispatch.InboxPending, r.State)
	assert.Zero(t, r.Attempts)
	assert.Equal(t, dispatch.InboxDead, record(t, ib, "4").State, "only the one")

	page := get(h, "/?flash=requeued").Body.String()
	assert.Contains(t, tag(t, page, "flash"), `data-kind="ok" data-code="requeued"`)
	assert.NotContains(t, page, `id="requeue-3"`)

	// Again: it is no longer a dead letter.
	w = serve(h, postForm(s, "/requeue", url.Values{"id": {"3"}}))
	assert.Equal(t, "./?flash=not-dead", w.Header().Get("Location"))
	assert.Contains(t, tag(t, get(h, "/?flash=not-dead").Body.String(), "flash"), `data-kind="error" data-code="not-dead"`)
	// No id.
	w = serve(h, postForm(s, "/requeue", url.Values{}))
	assert.Equal(t, "./?flash=bad-request", w.Header().Get("Location"))
}

func TestRequeueSource(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := newHandler(t, ib)
	s := open(t, h)
	w := serve(h, postForm(s, "/requeue-source", url.Values{"source": {"whoop"}}))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "./?flash=requeued-source&n=2", w.Header().Get("Location"))
	assert.Equal(t, dispatch.InboxPending, record(t, ib, "3").State)
	assert.Equal(t, dispatch.InboxPending, record(t, ib, "4").State)
	assert.Equal(t, dispatch.InboxDead, record(t, ib, "6").State, "rupa's is left")
	page := get(h, "/?flash=requeued-source&n=2").Body.String()
	assert.Contains(t, tag(t, page, "flash"), `data-count="2"`)
	assert.Contains(t, page, "Requeued 2 dead letter(s) of the source.")
	tag(t, page, "dead-none-whoop")
	assert.NotContains(t, page, `id="requeue-source-whoop"`)

	w = serve(h, postForm(s, "/requeue-source", url.Values{"source": {""}}))
	assert.Equal(t, "./?flash=bad-request", w.Header().Get("Location"))
}

func TestPurge(t *testing.T) {
	t.Parallel()
	ib, clock := fixture(t)
	h := newHandler(t, ib)
	s := open(t, h)
	before := state(t, ib)
	for _, bad := range []string{"", "abc", "72", "30m", "59m59s", "0", "-72h", "1h ", "1e9h"} {
		w := serve(h, postForm(s, "/purge", url.Values{"retention": {bad}}))
		require.Equal(t, http.StatusSeeOther, w.Code, "%q", bad)
		assert.Equal(t, "./?flash=retention", w.Header().Get("Location"), "%q", bad)
	}
	assert.Equal(t, before, state(t, ib), "refused retentions purge nothing")
	page := get(h, "/?flash=retention").Body.String()
	assert.Contains(t, tag(t, page, "flash"), `data-kind="error" data-code="retention"`)
	assert.Contains(t, page, "Retention must be a Go duration of at least 1h0m0s")

	// The completed one finished at t0+30s; at t0+2h it is older than 1h.
	clock.advance(2 * time.Hour)
	w := serve(h, postForm(s, "/purge", url.Values{"retention": {"3h"}}))
	assert.Equal(t, "./?flash=purged&n=0", w.Header().Get("Location"))
	w = serve(h, postForm(s, "/purge", url.Values{"retention": {"1h"}}))
	assert.Equal(t, "./?flash=purged&n=1", w.Header().Get("Location"))
	all, err := ib.List(context.Background(), dispatch.RecordQuery{State: dispatch.InboxCompleted})
	require.NoError(t, err)
	assert.Empty(t, all)
	assert.Equal(t, dispatch.InboxDead, record(t, ib, "3").State, "dead letters are kept")

	// A smaller minimum, when configured.
	h2 := newHandler(t, ib, WithMinPurgeRetention(time.Minute))
	s2 := open(t, h2)
	assert.Equal(t, "./?flash=purged&n=0", serve(h2, postForm(s2, "/purge", url.Values{"retention": {"30m"}})).Header().Get("Location"))
}

func TestActionsAnswerJSONClients(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := newHandler(t, ib)
	// A script's session: the JSON's token, with the cookie the same response set.
	w := get(h, "/api")
	sess := session{cookies: w.Result().Cookies(), token: decode(t, w).CSRFToken}
	require.Len(t, sess.cookies, 1)
	for _, c := range []struct {
		path   string
		form   url.Values
		status int
		body   string
	}{
		{"/requeue", url.Values{"id": {"3"}}, 200, `{"ok":true,"code":"requeued","message":"Requeued the dead letter: it is pending again, ready now."}`},
		{"/requeue", url.Values{"id": {"3"}}, 409, `{"ok":false,"code":"not-dead","message":"That delivery is not a dead letter (any more): nothing was requeued."}`},
		{"/requeue-source", url.Values{"source": {"rupa"}}, 200, `{"ok":true,"code":"requeued-source","message":"Requeued 1 dead letter(s) of the source.","count":1}`},
		{"/purge", url.Values{"retention": {"1m"}}, 400, `{"ok":false,"code":"retention","message":"Retention must be a Go duration of at least 1h0m0s, such as 72h or 720h: nothing was purged."}`},
		{"/purge", url.Values{"retention": {"24h"}}, 200, `{"ok":true,"code":"purged","message":"Purged 0 completed deliveries.","count":0}`},
	} {
		r := postForm(sess, c.path, c.form)
		r.Header.Set("Accept", "application/json")
		w := serve(h, r)
		assert.Equal(t, c.status, w.Code, c.path)
		assert.JSONEq(t, c.body, w.Body.String(), c.path)
	}
	// A browser's Accept (HTML first, */* too) gets the redirect.
	r := postForm(sess, "/requeue", url.Values{"id": {"4"}})
	r.Header.Set("Accept", "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8")
	assert.Equal(t, http.StatusSeeOther, serve(h, r).Code)
}

func TestUnauthorizedIsRefusedAndShownNothing(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := newHandler(t, ib)
	s := open(t, h)
	before := state(t, ib)
	reqs := []*http.Request{
		httptest.NewRequest(http.MethodGet, "/", nil),
		httptest.NewRequest(http.MethodGet, "/api", nil),
		httptest.NewRequest(http.MethodGet, "/?flash=requeued", nil),
		httptest.NewRequest(http.MethodGet, "/nope", nil),
		httptest.NewRequest(http.MethodHead, "/", nil),
	}
	for _, p := range []struct{ path, field, value string }{
		{"/requeue", "id", "3"}, {"/requeue-source", "source", "whoop"}, {"/purge", "retention", "1h"},
	} {
		r := postForm(s, p.path, url.Values{p.field: {p.value}}) // a valid token and cookie
		r.Header.Del(operatorHeader)
		reqs = append(reqs, r)
	}
	wrong := httptest.NewRequest(http.MethodGet, "/", nil)
	wrong.Header.Set(operatorHeader, "no")
	reqs = append(reqs, wrong)
	for _, r := range reqs {
		w := serve(h, r)
		assert.Equal(t, http.StatusForbidden, w.Code, r.Method+" "+r.URL.String())
		if r.Method != http.MethodHead {
			assert.Equal(t, "forbidden\n", w.Body.String())
		}
		assert.Empty(t, w.Header().Values("Set-Cookie"), "no token for a refused request")
		assert.Empty(t, w.Header().Get("Location"))
		assertSecurityHeaders(t, w)
	}
	assert.Equal(t, before, state(t, ib))

	// WithUnauthorizedHandler answers instead, e.g. to ask for Basic credentials.
	h2 := newHandler(t, ib, WithUnauthorizedHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="inbox"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
	})))
	w := serve(h2, httptest.NewRequest(http.MethodGet, "/api", nil))
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Equal(t, `Basic realm="inbox"`, w.Header().Get("WWW-Authenticate"))
	assert.NotContains(t, w.Body.String(), "whoop")
	assertSecurityHeaders(t, w)
}

func TestCrossSiteActionsAreRefused(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := newHandler(t, ib)
	s := open(t, h)
	other := open(t, newHandler(t, ib)) // another Handler: another key
	before := state(t, ib)

	cases := map[string]func() *http.Request{
		"Sec-Fetch-Site cross-site": func() *http.Request {
			r := postForm(s, "/requeue", url.Values{"id": {"3"}})
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			return r
		},
		"Sec-Fetch-Site same-site": func() *http.Request {
			r := postForm(s, "/requeue-source", url.Values{"source": {"whoop"}})
			r.Header.Set("Sec-Fetch-Site", "same-site")
			return r
		},
		"Origin of another site": func() *http.Request {
			r := postForm(s, "/purge", url.Values{"retention": {"1h"}})
			r.Header.Del("Sec-Fetch-Site")
			r.Header.Set("Origin", "https://evil.example")
			return r
		},
		"no token": func() *http.Request {
			return postForm(s, "/requeue", url.Values{"id": {"3"}, "csrf": {""}})
		},
		"wrong token": func() *http.Request {
			return postForm(s, "/requeue", url.Values{"id": {"3"}, "csrf": {strings.Repeat("A", 43)}})
		},
		"token without its cookie": func() *http.Request {
			return postForm(session{token: s.token}, "/requeue", url.Values{"id": {"3"}})
		},
		"token with another cookie": func() *http.Request {
			return postForm(session{token: s.token, cookies: other.cookies}, "/requeue", url.Values{"id": {"3"}})
		},
		"another handler's cookie and token": func() *http.Request {
			return postForm(other, "/requeue", url.Values{"id": {"3"}})
		},
		"a planted cookie": func() *http.Request {
			return postForm(session{token: s.token, cookies: []*http.Cookie{{Name: CookieName, Value: "AAAAAAAAAAAAAAAAAAAAAAAAAA"}}}, "/requeue", url.Values{"id": {"3"}})
		},
		"token in the query, not the form": func() *http.Request {
			r := postForm(s, "/requeue?csrf="+url.QueryEscape(s.token), url.Values{"id": {"3"}, "csrf": {""}})
			return r
		},
		"no cross-site headers, no cookie (a plain form from a script)": func() *http.Request {
			r := postForm(session{}, "/requeue", url.Values{"id": {"3"}})
			r.Header.Del("Sec-Fetch-Site")
			return r
		},
	}
	for name, mk := range cases {
		w := serve(h, mk())
		assert.Equal(t, http.StatusForbidden, w.Code, name)
		assert.Empty(t, w.Header().Get("Location"), name)
		assertSecurityHeaders(t, w)
	}
	assert.Equal(t, before, state(t, ib), "nothing changed")

	// The same requests from the page itself go through.
	assert.Equal(t, http.StatusSeeOther, serve(h, postForm(s, "/requeue", url.Values{"id": {"3"}})).Code)
	r := postForm(s, "/requeue", url.Values{"id": {"4"}})
	r.Header.Del("Sec-Fetch-Site")
	r.Header.Set("Origin", "http://example.com") // httptest's Host
	assert.Equal(t, http.StatusSeeOther, serve(h, r).Code)
	// A trusted origin (a proxy rewriting Host).
	h2 := newHandler(t, ib, WithTrustedOrigin("https://ops.example.org"))
	s2 := open(t, h2)
	r = postForm(s2, "/requeue", url.Values{"id": {"6"}})
	r.Header.Del("Sec-Fetch-Site")
	r.Header.Set("Origin", "https://ops.example.org")
	assert.Equal(t, http.StatusSeeOther, serve(h2, r).Code)
}

func TestSharedCSRFKey(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	key := []byte(strings.Repeat("k", 32))
	a, b := newHandler(t, ib, WithCSRFKey(key)), newHandler(t, ib, WithCSRFKey(key))
	s := open(t, a)
	assert.Equal(t, http.StatusSeeOther, serve(b, postForm(s, "/requeue", url.Values{"id": {"3"}})).Code, "replicas with one key accept each other's tokens")
	// The page reuses the browser's cookie rather than setting a new one.
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set(operatorHeader, "yes")
	r.AddCookie(s.cookies[0])
	w := serve(b, r)
	assert.Empty(t, w.Header().Values("Set-Cookie"))
	assert.Equal(t, s.token, tokenRE.FindStringSubmatch(w.Body.String())[1])
}

func TestGETChangesNothing(t *testing.T) {
	t.Parallel()
	ib, clock := fixture(t)
	clock.advance(2 * time.Hour) // the completed one is purgeable
	h := newHandler(t, ib)
	s := open(t, h)
	before := state(t, ib)
	tok := url.QueryEscape(s.token)
	for _, target := range []string{
		"/requeue?id=3&csrf=" + tok,
		"/requeue-source?source=whoop&csrf=" + tok,
		"/purge?retention=1h&csrf=" + tok,
		"/?action=requeue&id=3&csrf=" + tok,
		"/?requeue=3&source=whoop&retention=1h&csrf=" + tok,
		"/api?action=purge&retention=1h&csrf=" + tok,
	} {
		for _, m := range []string{http.MethodGet, http.MethodHead} {
			r := httptest.NewRequest(m, target, nil)
			r.Header.Set(operatorHeader, "yes")
			r.AddCookie(s.cookies[0])
			w := serve(h, r)
			if strings.HasPrefix(target, "/?") || strings.HasPrefix(target, "/api") {
				assert.Equal(t, http.StatusOK, w.Code, target)
			} else {
				assert.Equal(t, http.StatusMethodNotAllowed, w.Code, target)
				assert.Equal(t, "POST", w.Header().Get("Allow"))
			}
		}
	}
	// Other methods on the page are refused too.
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		r := postForm(s, "/", url.Values{"id": {"3"}})
		r.Method = m
		assert.Equal(t, http.StatusMethodNotAllowed, serve(h, r).Code)
	}
	assert.Equal(t, before, state(t, ib))
}

// Issue 20: nothing from a delivery's content (body, headers, dedup key)
// reaches a page, the JSON, a redirect, a cookie or a log line, whatever the
// request.
func TestNoDeliveryContentInResponsesOrLogs(t *testing.T) {
	t.Parallel()
	ib, clock := fixture(t)
	var logs syncBuffer
	h := newHandler(t, ib, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	broken := newHandler(t, &fakeAdmin{err: errStore}, WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	s := open(t, h)
	var seen []string
	record := func(w *httptest.ResponseRecorder) {
		seen = append(seen, w.Body.String())
		for k, vs := range w.Header() {
			seen = append(seen, k+": "+strings.Join(vs, ", "))
		}
	}
	for _, target := range []string{"/", "/api", "/?flash=requeued", "/?flash=" + url.QueryEscape(canaryBody), "/nope"} {
		record(get(h, target))
		record(get(broken, target))
	}
	for _, p := range []struct{ path, field, value string }{
		{"/requeue", "id", "3"}, {"/requeue", "id", "999"}, {"/requeue-source", "source", "whoop"},
		{"/purge", "retention", "bad"}, {"/purge", "retention", "1h"},
	} {
		record(serve(h, postForm(s, p.path, url.Values{p.field: {p.value}})))
		r := postForm(s, p.path, url.Values{p.field: {p.value}})
		r.Header.Set("Accept", "application/json")
		record(serve(h, r))
		record(serve(h, postForm(session{}, p.path, url.Values{p.field: {p.value}})))
	}
	clock.advance(2 * time.Hour)
	record(serve(h, postForm(s, "/purge", url.Values{"retention": {"1h"}})))
	// The broken store's actions, with a token it issued.
	bs := open2(t, broken)
	for _, p := range []struct{ path, field, value string }{
		{"/requeue", "id", "3"}, {"/requeue-source", "source", "whoop"}, {"/purge", "retention", "1h"},
	} {
		w := serve(broken, postForm(bs, p.path, url.Values{p.field: {p.value}}))
		assert.Equal(t, "./?flash=store", w.Header().Get("Location"))
		record(w)
	}
	all := strings.Join(seen, "\n") + "\n" + logs.String()
	for _, c := range canaries {
		assert.NotContains(t, all, c)
	}
	assert.Contains(t, logs.String(), `"op":"requeue","category":"error"`, "store failures are logged by category")
	assert.Contains(t, logs.String(), `reason=bad_token`)
	assert.Contains(t, logs.String(), `msg="inboxadmin: requeue" id=3`)
}

// open2 is open for a Handler whose page may answer 503 (a broken store):
// the token is in the purge form anyway.
func open2(t *testing.T, h http.Handler) session {
	t.Helper()
	w := get(h, "/")
	m := tokenRE.FindStringSubmatch(w.Body.String())
	require.NotNil(t, m)
	return session{cookies: w.Result().Cookies(), token: m[1]}
}

func TestStoreErrorIsAFixedMessage(t *testing.T) {
	t.Parallel()
	h := newHandler(t, &fakeAdmin{err: errStore})
	w := get(h, "/")
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	tag(t, w.Body.String(), "store-error")
	assert.NotContains(t, w.Body.String(), "pq:")
	w = get(h, "/api")
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.JSONEq(t, `{"error":"the inbox store failed; reload the page to see what changed"}`, w.Body.String())
	page := get(h, "/?flash=store").Body.String()
	assert.Contains(t, tag(t, page, "flash"), `data-code="store"`)
}

// Every field an inbox returns is escaped: a source, an ID, an event type, a
// cause or a state carrying markup renders as text.
func TestEveryFieldIsEscaped(t *testing.T) {
	t.Parallel()
	const (
		src   = `<script>alert("src")</script>`
		id    = `"><script>alert('id')</script>`
		typ   = `<img src=x onerror=alert(1)>`
		cause = `</td><script>alert(2)</script>`
		st    = dispatch.InboxState(`<b onmouseover=alert(3)>`)
	)
	now := t0.Add(time.Hour)
	f := &fakeAdmin{
		overview: []dispatch.SourceOverview{{
			Source: src, Counts: map[dispatch.InboxState]int64{dispatch.InboxDead: 1, st: 2, dispatch.InboxPending: 1},
			Retrying: 1, OldestWaiting: t0, Now: now,
		}},
		records: []dispatch.InboxRecord{
			{ID: id, Source: src, Key: canaryKey, EventType: typ, State: dispatch.InboxDead, Attempts: 3, LastCause: cause, ReceivedAt: t0, FinishedAt: now},
			{ID: id + "2", Source: src, Key: canaryKey, EventType: typ, State: dispatch.InboxPending, Attempts: 1, LastCause: cause, ReceivedAt: t0, AvailableAt: now.Add(time.Minute)},
		},
	}
	h := newHandler(t, f)
	page := get(h, "/").Body.String()
	for _, bad := range []string{"<script", "<img", "<b ", "</td><script"} {
		assert.NotContains(t, page, bad)
	}
	assert.Contains(t, page, "&lt;script&gt;alert(&#34;src&#34;)&lt;/script&gt;")
	assert.Contains(t, page, `data-source="&lt;script&gt;alert(&#34;src&#34;)&lt;/script&gt;"`)
	assert.Contains(t, page, `data-id="&#34;&gt;&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;"`)
	// The element ids are plain identifiers.
	tag(t, page, "requeue-"+Anchor(id))
	tag(t, page, "count-"+Anchor(src)+"-"+Anchor(string(st)))
	assert.Regexp(t, `^[A-Za-z0-9_-]+$`, Anchor(id))
	assert.NotContains(t, page, canaryKey)

	body := get(h, "/api").Body.String()
	for _, bad := range []string{"<script", "<img", "<b "} {
		assert.NotContains(t, body, bad, "encoding/json escapes <, > and &")
	}
	assert.NotContains(t, body, canaryKey)
}

// The same through a MemoryInbox: a source and an event type carrying
// markup, as WithSource and WithEventType could be given.
func TestMemoryInboxFieldsAreEscaped(t *testing.T) {
	t.Parallel()
	ib, _ := newInbox(t)
	const src, typ = `<script>alert("s")</script>`, `"><script>alert("t")</script>`
	accept(t, ib, src, "k1", typ)
	require.NoError(t, ib.DeadLetter(context.Background(), claim(t, ib, src, 1)[0], "permanent"))
	h := newHandler(t, ib)
	page := get(h, "/").Body.String()
	assert.NotContains(t, page, "<script")
	assert.Contains(t, page, `data-event-type="&#34;&gt;&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;"`)
	tag(t, page, "requeue-source-"+Anchor(src))
	assert.NotContains(t, get(h, "/api").Body.String(), "<script")
	// Its requeue-source form round-trips the source.
	s := open(t, h)
	assert.Equal(t, "./?flash=requeued-source&n=1", serve(h, postForm(s, "/requeue-source", url.Values{"source": {src}})).Header().Get("Location"))
}

func TestAnchor(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"whoop": "whoop", "order-events": "order-events", "42": "42", "a_b": "a_5fb", "a b": "a_20b", "a.b": "a_2eb",
		"": "", "é": "_c3_a9",
	} {
		assert.Equal(t, want, Anchor(in), in)
	}
	assert.NotEqual(t, Anchor("a_5fb"), Anchor("a_b"), "injective")
}

func assertSecurityHeaders(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	h := w.Header()
	csp := h.Get("Content-Security-Policy")
	assert.Contains(t, csp, "default-src 'none'")
	assert.Contains(t, csp, "frame-ancestors 'none'")
	assert.Contains(t, csp, "form-action 'self'")
	assert.NotContains(t, csp, "script-src")
	assert.NotContains(t, csp, "unsafe")
	assert.Equal(t, "DENY", h.Get("X-Frame-Options"))
	assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
	assert.Equal(t, "no-store", h.Get("Cache-Control"))
	assert.Equal(t, "no-referrer", h.Get("Referrer-Policy"))
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := newHandler(t, ib)
	s := open(t, h)
	for _, w := range []*httptest.ResponseRecorder{
		get(h, "/"), get(h, "/api"), get(h, "/nope"), get(h, "/purge"),
		serve(h, postForm(s, "/requeue", url.Values{"id": {"3"}})),
		serve(h, postForm(session{}, "/requeue", url.Values{"id": {"3"}})),
		serve(h, httptest.NewRequest(http.MethodGet, "/", nil)),
	} {
		assertSecurityHeaders(t, w)
	}
	// The cookie.
	c := get(h, "/").Result().Cookies()[0]
	assert.Equal(t, CookieName, c.Name)
	assert.True(t, c.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, c.SameSite)
	assert.Empty(t, c.Path, "scoped by the browser to the mount")
	r := httptest.NewRequest(http.MethodGet, "https://example.com/", nil)
	r.Header.Set(operatorHeader, "yes")
	assert.True(t, serve(h, r).Result().Cookies()[0].Secure, "Secure over TLS")
}

// The inline style is allowed by its hash, so the CSP needs no
// 'unsafe-inline'.
func TestCSPAllowsTheInlineStyleByHash(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	w := get(newHandler(t, ib), "/")
	m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(w.Body.String())
	require.NotNil(t, m)
	sum := sha256.Sum256([]byte(m[1]))
	assert.Contains(t, w.Header().Get("Content-Security-Policy"), "style-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	assert.NotContains(t, w.Body.String(), ` style="`, "no style attributes: the CSP would block them")
}

func TestFlashOnlyShowsFixedMessages(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := newHandler(t, ib)
	page := get(h, "/?flash="+url.QueryEscape("<b>you have been hacked</b>")).Body.String()
	assert.NotContains(t, page, `id="flash"`)
	assert.NotContains(t, page, "hacked")
	page = get(h, "/?flash=purged&n=-5").Body.String()
	assert.Contains(t, page, "Purged 0 completed deliveries.")
	page = get(h, "/?flash=purged&n=abc").Body.String()
	assert.Contains(t, page, "Purged 0 completed deliveries.")
}

// Mounted under a prefix with http.StripPrefix, a browser (a client with a
// cookie jar, following redirects) loads the page, posts the requeue form
// to the URL its relative action resolves to, and lands back on the page
// with the message.
func TestMountedUnderAPrefix(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := newHandler(t, ib)
	mux := http.NewServeMux()
	mux.Handle("/admin/inbox/", http.StripPrefix("/admin/inbox", h))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set(operatorHeader, "yes") // the operator's authentication, for this test
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar}

	page := func(u string) (*http.Response, string) {
		resp, err := client.Get(u)
		require.NoError(t, err)
		defer resp.Body.Close()
		var b strings.Builder
		_, err = io.Copy(&b, resp.Body)
		require.NoError(t, err)
		return resp, b.String()
	}
	resp, body := page(srv.URL + "/admin/inbox")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "/admin/inbox/", resp.Request.URL.Path)

	// The requeue form of record 3, as a browser would submit it.
	form := regexp.MustCompile(`<form method="post" action="([^"]+)"><input type="hidden" name="csrf" value="([^"]+)"><input type="hidden" name="id" value="3">`).FindStringSubmatch(body)
	require.NotNil(t, form)
	assert.Equal(t, "requeue", form[1], "relative")
	action, err := resp.Request.URL.Parse(form[1])
	require.NoError(t, err)
	assert.Equal(t, "/admin/inbox/requeue", action.Path)
	req, err := http.NewRequest(http.MethodPost, action.String(), strings.NewReader(url.Values{"csrf": {form[2]}, "id": {"3"}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	resp, err = client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var b strings.Builder
	_, err = io.Copy(&b, resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "/admin/inbox/", resp.Request.URL.Path, "303 back to the page under the prefix")
	assert.Equal(t, "flash=requeued", resp.Request.URL.RawQuery)
	assert.Contains(t, tag(t, b.String(), "flash"), `data-code="requeued"`)
	assert.Equal(t, dispatch.InboxPending, record(t, ib, "3").State)

	// The JSON link too.
	_, body = page(srv.URL + "/admin/inbox/api")
	assert.Contains(t, body, `"csrf_token"`)
}

// Mounted without a trailing slash, the Handler sends the browser to the
// slash form, so relative links resolve under the mount.
func TestMountedWithoutTrailingSlashRedirects(t *testing.T) {
	t.Parallel()
	ib, _ := fixture(t)
	h := http.StripPrefix("/admin/inbox", newHandler(t, ib))
	w := get(h, "/admin/inbox")
	assert.Equal(t, http.StatusPermanentRedirect, w.Code)
	assert.Equal(t, "./inbox/", w.Header().Get("Location"))
	u, _ := url.Parse("https://ops.example.com/admin/inbox")
	loc, _ := u.Parse(w.Header().Get("Location"))
	assert.Equal(t, "/admin/inbox/", loc.Path)
}

func TestAShortDurationFormat(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		0: "0s", 400 * time.Millisecond: "0s", 45 * time.Second: "45s", 150 * time.Second: "2m 30s",
		time.Hour: "1h", time.Hour + 5*time.Second: "1h", 26*time.Hour + 3*time.Minute: "1d 2h", 49 * time.Hour: "2d 1h",
		58*time.Minute + 1*time.Second: "58m 1s",
	} {
		assert.Equal(t, want, short(d), d.String())
	}
	assert.Equal(t, "in 2m 30s", ago(t0, t0.Add(150*time.Second)))
	assert.Equal(t, "2m 30s ago", ago(t0.Add(150*time.Second), t0))
	assert.Empty(t, ago(t0, time.Time{}))
}
