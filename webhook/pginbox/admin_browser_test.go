package pginbox

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/webhook/dispatch/inboxadmin"
)

// chromiumEnv names the environment variable with the path of the Chromium
// the browser test drives; .ci/run sets it after installing Debian's
// chromium package. Without it the test looks for chromium on PATH.
const chromiumEnv = "LABWIRE_CHROMIUM"

// chromiumPath finds Chromium. The browser test runs only with a database
// (it skips without LABWIRE_PGINBOX_DSN, like every test here), and CI
// always provides one and Chromium: with a database and no Chromium the
// test fails rather than skipping unnoticed.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(chromiumEnv); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("%s=%s is not an executable: install Chromium (apt-get install -y chromium) or fix the path", chromiumEnv, p)
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatalf("Chromium is not installed, and the browser test of the admin page needs it when %s is set: "+
		"install it (apt-get install -y chromium, as .ci/run does) or set %s to its path", dsnEnv, chromiumEnv)
	return ""
}

// seen is one request the admin server answered.
type seen struct {
	method, path, secFetchSite string
	authorized                 bool
	status                     int
}

// recorder wraps the admin server, noting what each request was answered.
type recorder struct {
	mu    sync.Mutex
	reqs  []seen
	check func(*http.Request) bool
	next  http.Handler
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	rec.next.ServeHTTP(sw, r)
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, seen{method: r.Method, path: r.URL.Path, secFetchSite: r.Header.Get("Sec-Fetch-Site"),
		authorized: rec.check(r), status: sw.status})
	rec.mu.Unlock()
}

// reset forgets the requests seen so far.
func (rec *recorder) reset() {
	rec.mu.Lock()
	rec.reqs = nil
	rec.mu.Unlock()
}

// posts returns the POSTs to path seen so far.
func (rec *recorder) posts(path string) []seen {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []seen
	for _, s := range rec.reqs {
		if s.method == http.MethodPost && s.path == path {
			out = append(out, s)
		}
	}
	return out
}

// basicAuth is the admin page's authorize function for one operator, as
// the inboxadmin package doc mounts it: a constant-time compare of digests.
func basicAuth(user, password string) func(*http.Request) bool {
	want := sha256.Sum256([]byte(user + ":" + password))
	return func(r *http.Request) bool {
		u, p, ok := r.BasicAuth()
		got := sha256.Sum256([]byte(u + ":" + p))
		return ok && subtle.ConstantTimeCompare(got[:], want[:]) == 1
	}
}

// attackerPage is served by another site: a form that posts itself to the
// admin page's requeue action as soon as it loads, with a forged token.
var attackerPage = template.Must(template.New("attack").Parse(`<!doctype html>
<html><body>
<form id="attack" method="post" action="{{.Action}}">
<input type="hidden" name="id" value="{{.ID}}">
<input type="hidden" name="csrf" value="forged">
</form>
<script>document.getElementById("attack").submit()</script>
</body></html>`))

// Issue 20: the admin page in a real browser, on a real Postgres inbox,
// mounted under a prefix behind HTTP Basic authentication. An operator
// sees a dead letter, clicks its requeue button, sees the message, and
// after a reload sees it completed by a handler that now succeeds; a
// request without credentials is refused; a page on another site that
// posts a requeue form to the admin page, in the same browser and with
// the operator's credentials, is refused and changes nothing.
func TestAdminPageInBrowser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ib := newInbox(t, testTable(t), 8) // skips without a database
	browser := chromiumPath(t)         // fails without Chromium

	// A handler whose ProcessFunc fails permanently until healthy: its
	// first deliveries are dead-lettered.
	var healthy atomic.Bool
	processed := make(chan string, 8)
	h, err := dispatch.NewEventHandler(newVerifier(t), func(_ context.Context, e dispatch.Event) error {
		if !healthy.Load() {
			return dispatch.Permanent(fmt.Errorf("the lab system refused the order"))
		}
		processed <- string(e.Body)
		return nil
	}, dispatch.WithInbox(ib), dispatch.WithSource("lab"), dispatch.WithWorkers(2),
		dispatch.WithPollInterval(100*time.Millisecond),
		dispatch.WithEventType(func(body []byte) string {
			var v struct {
				Type string `json:"type"`
			}
			_ = json.Unmarshal(body, &v)
			return v.Type
		}))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, h.Shutdown(context.Background())) })
	for _, body := range []string{`{"type":"order.created","n":1}`, `{"type":"order.updated","n":2}`} {
		require.Equal(t, http.StatusOK, serve(h, delivery(body)))
	}
	var dead []dispatch.InboxRecord
	require.Eventually(t, func() bool {
		dead, err = ib.List(ctx, dispatch.RecordQuery{Source: "lab", State: dispatch.InboxDead})
		return err == nil && len(dead) == 2
	}, 30*time.Second, 20*time.Millisecond, "both deliveries dead-lettered")
	target, other := dead[0], dead[1]

	// The admin page under /admin/inbox/, behind Basic authentication.
	const user = "operator"
	password := rand.Text()
	authorize := basicAuth(user, password)
	admin, err := inboxadmin.New(ib, authorize, inboxadmin.WithUnauthorizedHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="inbox admin", charset="UTF-8"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
	})))
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("/admin/inbox/", http.StripPrefix("/admin/inbox", admin))
	rec := &recorder{check: authorize, next: mux}
	adminSrv := httptest.NewServer(rec)
	t.Cleanup(adminSrv.Close)
	page := adminSrv.URL + "/admin/inbox/"

	// Without credentials, or with wrong ones, nothing is shown or done.
	for _, c := range []struct {
		name string
		set  func(*http.Request)
	}{
		{"no credentials", func(*http.Request) {}},
		{"wrong password", func(r *http.Request) { r.SetBasicAuth(user, "guess") }},
	} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			target := page
			if method == http.MethodPost {
				target += "requeue"
			}
			r, err := http.NewRequest(method, target, strings.NewReader(url.Values{"id": {other.ID}}.Encode()))
			require.NoError(t, err)
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			c.set(r)
			resp, err := http.DefaultClient.Do(r)
			require.NoError(t, err)
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s: %s %s", c.name, method, target)
			assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "Basic", c.name)
			assert.Empty(t, resp.Cookies(), "%s: no token cookie", c.name)
			assert.NotContains(t, string(b), "order.", "%s: nothing about the inbox", c.name)
		}
	}
	recs, err := ib.List(ctx, dispatch.RecordQuery{Source: "lab", State: dispatch.InboxDead})
	require.NoError(t, err)
	require.Len(t, recs, 2, "the unauthorized posts requeued nothing")
	rec.reset()

	// A headless Chromium with a fresh profile; the operator's credentials
	// go with every request (as a browser that has asked for them does).
	userData := t.TempDir()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(browser),
		chromedp.UserDataDir(userData),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-features", "HttpsUpgrades"),
		// Another site for the cross-site post: attacker.test is this machine.
		chromedp.Flag("host-resolver-rules", "MAP attacker.test 127.0.0.1"),
	)
	t.Cleanup(cancelAlloc) // after the browser context's cleanup; before TempDir's
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	bctx, cancelTimeout := context.WithTimeout(bctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	cred := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
	_, err = chromedp.Call(bctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
		Headers: network.Headers{"Authorization": "Basic " + cred},
	})
	require.NoError(t, err, "start Chromium (%s)", browser)
	attr := func(sel, name string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
		require.NoError(t, err, "%s[%s]", sel, name)
		require.True(t, v.Exists, "%s has %s", sel, name)
		return v.Value
	}

	// The page lists both dead letters; read the first one's row.
	targetRow, targetButton := "#record-"+inboxadmin.Anchor(target.ID), "#requeue-"+inboxadmin.Anchor(target.ID)
	resp, err := chromedp.Run(bctx, chromedp.NavigateResponse(page))
	require.NoError(t, err)
	assert.Equal(t, int64(http.StatusOK), resp.Status)
	require.NoError(t, chromedp.Do(bctx, chromedp.WaitVisible(chromedp.CSS(targetRow))))
	assert.Equal(t, "dead", attr(targetRow, "data-state"))
	assert.Equal(t, "order.created", attr(targetRow, "data-event-type"))
	assert.Equal(t, "permanent", attr(targetRow, "data-cause"))
	assert.Equal(t, "2", attr("#count-lab-dead", "data-count"))

	// The lab system is back; the operator clicks the requeue button and
	// is sent back to the page, which says what happened.
	healthy.Store(true)
	resp, err = chromedp.RunResponse(bctx, chromedp.Click(chromedp.CSS(targetButton)))
	require.NoError(t, err)
	assert.Equal(t, int64(http.StatusOK), resp.Status)
	assert.True(t, strings.HasSuffix(resp.URL, "/admin/inbox/?flash=requeued"), resp.URL)
	require.NoError(t, chromedp.Do(bctx, chromedp.WaitVisible(chromedp.CSS(`#flash[data-code="requeued"]`))))
	flash, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("#flash")))
	require.NoError(t, err)
	assert.Contains(t, flash, "Requeued")
	require.Len(t, rec.posts("/admin/inbox/requeue"), 1)
	assert.Equal(t, http.StatusSeeOther, rec.posts("/admin/inbox/requeue")[0].status)
	select {
	case body := <-processed:
		assert.Equal(t, `{"type":"order.created","n":1}`, body)
	case <-time.After(30 * time.Second):
		t.Fatal("the requeued delivery was not processed")
	}

	// Reloading shows it completed: one completed, one dead left, and its
	// row gone from the dead letters.
	require.Eventually(t, func() bool {
		if err := chromedp.Do(bctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#overview"))); err != nil {
			return false
		}
		rows, err := chromedp.Run(bctx, chromedp.AttributesAll(chromedp.CSSAll("#dead-lab tr[data-id]")))
		return err == nil && attr("#count-lab-completed", "data-count") == "1" && attr("#count-lab-dead", "data-count") == "1" &&
			len(rows) == 1 && rows[0]["data-id"] == other.ID
	}, 30*time.Second, 200*time.Millisecond, "the page shows the requeued delivery completed")
	recs, err = ib.List(ctx, dispatch.RecordQuery{Source: "lab", State: dispatch.InboxCompleted})
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, target.ID, recs[0].ID)

	// Another site, open in the same browser, posts a requeue form to the
	// admin page for the other dead letter. The browser sends the
	// operator's credentials with it; the admin page refuses it (403, the
	// cross-origin check) and the dead letter stays dead.
	attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = attackerPage.Execute(w, map[string]string{"Action": adminSrv.URL + "/admin/inbox/requeue", "ID": other.ID})
	}))
	t.Cleanup(attacker.Close)
	attackerURL := strings.Replace(attacker.URL, "127.0.0.1", "attacker.test", 1) + "/"
	responses := chromedp.Events(bctx, network.ResponseReceived) // subscribed before the navigation
	require.NoError(t, chromedp.Do(bctx, chromedp.Navigate(attackerURL)))
	var forgedStatus int64
	for ev, err := range responses {
		require.NoError(t, err)
		if strings.HasSuffix(ev.Response.URL, "/admin/inbox/requeue") {
			forgedStatus = ev.Response.Status
			break
		}
	}
	assert.Equal(t, int64(http.StatusForbidden), forgedStatus, "the browser got 403 for the forged post")
	shown, cancelShown := context.WithTimeout(bctx, 20*time.Second)
	defer cancelShown()
	require.NoError(t, chromedp.Do(shown, chromedp.WaitVisible(chromedp.Search(`//body[contains(., "cross-origin request refused")]`))),
		"the browser shows the admin page's refusal")
	posts := rec.posts("/admin/inbox/requeue")
	require.Len(t, posts, 2, "the cross-site form reached the admin page")
	forged := posts[1]
	assert.Equal(t, http.StatusForbidden, forged.status)
	assert.Equal(t, "cross-site", forged.secFetchSite)
	assert.True(t, forged.authorized, "refused although it carried the operator's credentials")
	recs, err = ib.List(ctx, dispatch.RecordQuery{Source: "lab", State: dispatch.InboxDead})
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, other.ID, recs[0].ID, "the other dead letter is still dead")
	assert.Equal(t, 1, recs[0].Attempts)

	otherRow := "#record-" + inboxadmin.Anchor(other.ID)
	require.NoError(t, chromedp.Do(bctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(otherRow))))
	assert.Equal(t, "dead", attr(otherRow, "data-state"), "and the page says so")
}
