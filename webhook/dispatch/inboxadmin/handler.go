package inboxadmin

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
)

// Handler is the admin page of an inbox: an http.Handler to mount (see the
// package doc). It is immutable after New and safe for concurrent use.
type Handler struct {
	ib           dispatch.InboxAdmin
	authorize    func(*http.Request) bool
	cop          *http.CrossOriginProtection
	key          []byte
	limit        int
	minRetention time.Duration
	log          *slog.Logger
	deny         http.Handler
}

// New returns the admin page of ib. authorize decides, for every request
// before anything else, whether it may see the page and act; it is
// required: the page is closed unless you open it. A refused request is
// answered 403 (or by WithUnauthorizedHandler) and learns nothing about the
// inbox. A nil ib, a nil authorize or a bad option is an error matching
// dispatch.ErrInvalidConfig.
func New(ib dispatch.InboxAdmin, authorize func(*http.Request) bool, opts ...Option) (*Handler, error) {
	if ib == nil {
		return nil, fmt.Errorf("%w: inboxadmin.New: inbox is nil", dispatch.ErrInvalidConfig)
	}
	if authorize == nil {
		return nil, fmt.Errorf("%w: inboxadmin.New: authorize is nil (the page is closed by default; pass a function that checks the operator's credentials)", dispatch.ErrInvalidConfig)
	}
	c := config{limit: DefaultListLimit, minRetention: DefaultMinPurgeRetention}
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: inboxadmin.New: option %d is nil", dispatch.ErrInvalidConfig, i)
		}
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	h := &Handler{
		ib: ib, authorize: authorize, cop: http.NewCrossOriginProtection(), key: c.csrfKey,
		limit: c.limit, minRetention: c.minRetention, log: c.log, deny: c.deny,
	}
	for _, o := range c.origins {
		if err := h.cop.AddTrustedOrigin(o); err != nil { // checked by the option already
			return nil, fmt.Errorf("%w: WithTrustedOrigin: %w", dispatch.ErrInvalidConfig, err)
		}
	}
	if h.key == nil {
		h.key = make([]byte, 32)
		_, _ = rand.Read(h.key) // never fails (crypto/rand)
	}
	if h.deny == nil {
		h.deny = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			plain(w, http.StatusForbidden, "forbidden")
		})
	}
	return h, nil
}

// maxForm caps an action's body.
const maxForm = 16 << 10

// maxField caps an id or a source posted to an action.
const maxField = 512

// ServeHTTP serves the page (GET /), its JSON (GET /api) and the actions
// (POST /requeue, /requeue-source, /purge), paths relative to the mount.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())
	if !h.authorize(r) {
		h.logRefusal(r.Context(), "unauthorized")
		h.deny.ServeHTTP(w, r)
		return
	}
	switch r.URL.Path {
	case "":
		// Mounted at "/prefix" and asked for "/prefix": relative links need
		// the trailing slash.
		h.redirectToDir(w, r)
	case "/", "/api":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			plain(w, http.StatusMethodNotAllowed, "method not allowed")
			return
		}
		h.show(w, r, r.URL.Path == "/api")
	case "/requeue", "/requeue-source", "/purge":
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			plain(w, http.StatusMethodNotAllowed, "method not allowed")
			return
		}
		h.act(w, r, r.URL.Path[1:])
	default:
		plain(w, http.StatusNotFound, "not found")
	}
}

func (h *Handler) redirectToDir(w http.ResponseWriter, r *http.Request) {
	u, err := url.ParseRequestURI(r.RequestURI)
	base := ""
	if err == nil {
		base = path.Base(u.Path)
	}
	if base == "" || base == "/" || base == "." {
		plain(w, http.StatusNotFound, "not found")
		return
	}
	w.Header().Set("Location", "./"+url.PathEscape(base)+"/")
	w.WriteHeader(http.StatusPermanentRedirect)
}

// csp allows no script, no frame ancestor and no resource but the page's
// own inline style (by its hash); forms post only to the page's origin.
var csp = "default-src 'none'; style-src '" + styleHash + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// plain answers with a fixed text.
func plain(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text + "\n"))
}

// show serves the page or its JSON.
func (h *Handler) show(w http.ResponseWriter, r *http.Request, asJSON bool) {
	snap := Snapshot{CSRFToken: h.issueToken(w, r)}
	sources, op, err := h.snapshot(r.Context())
	if err != nil {
		h.logStoreError(r.Context(), op, err)
	}
	snap.Sources = sources
	if asJSON {
		if err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": msgStore})
			return
		}
		writeJSON(w, http.StatusOK, snap)
		return
	}
	data := pageData{Snapshot: snap, StoreError: err != nil, MinRetention: h.minRetention.String(), States: columns(sources)}
	if f, ok := h.flashFromQuery(r.URL.Query()); ok {
		data.Flash = &f
	}
	if len(sources) > 0 {
		data.Now = sources[0].Now
	}
	var buf bytes.Buffer
	if terr := pageTemplate.Execute(&buf, data); terr != nil {
		h.logStoreError(r.Context(), "render", terr)
		plain(w, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	status := http.StatusOK
	if err != nil {
		status = http.StatusServiceUnavailable
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		plain(w, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// The flash codes an action redirects with, and what each means.
const (
	codeRequeued       = "requeued"
	codeRequeuedSource = "requeued-source"
	codePurged         = "purged"
	codeNotDead        = "not-dead"
	codeBadRequest     = "bad-request"
	codeRetention      = "retention"
	codeStore          = "store"
)

const msgStore = "the inbox store failed; reload the page to see what changed"

// flash is the message shown after an action.
type flash struct {
	Kind    string // "ok" or "error"
	Code    string
	Message string
	Count   int64 // -1 when the code carries no count
}

// message returns the fixed text of code; false for an unknown code.
func (h *Handler) message(code string, n int64) (flash, bool) {
	f := flash{Kind: "ok", Code: code, Count: -1}
	switch code {
	case codeRequeued:
		f.Message = "Requeued the dead letter: it is pending again, ready now."
	case codeRequeuedSource:
		f.Message, f.Count = fmt.Sprintf("Requeued %d dead letter(s) of the source.", n), n
	case codePurged:
		f.Message, f.Count = fmt.Sprintf("Purged %d completed deliveries.", n), n
	case codeNotDead:
		f.Kind, f.Message = "error", "That delivery is not a dead letter (any more): nothing was requeued."
	case codeBadRequest:
		f.Kind, f.Message = "error", "The form was incomplete: nothing was changed."
	case codeRetention:
		f.Kind, f.Message = "error", fmt.Sprintf("Retention must be a Go duration of at least %s, such as 72h or 720h: nothing was purged.", h.minRetention)
	case codeStore:
		f.Kind, f.Message = "error", "The inbox store failed; reload the page to see what changed."
	default:
		return flash{}, false
	}
	return f, true
}

// flashFromQuery reads the message an action redirected with. Only known
// codes and a number are read, so a crafted link cannot put text on the page.
func (h *Handler) flashFromQuery(q url.Values) (flash, bool) {
	code := q.Get("flash")
	if code == "" {
		return flash{}, false
	}
	n, err := strconv.ParseInt(q.Get("n"), 10, 64)
	if err != nil || n < 0 {
		n = 0
	}
	return h.message(code, n)
}

// outcome is what an action did.
type outcome struct {
	code   string
	status int // for a JSON client
	n      int64
}

// act runs one action: a POST that passed the cross-origin check and
// carries a valid token. A browser is sent back to the page (303) with a
// flash code; a client that accepts only JSON gets the outcome as JSON.
func (h *Handler) act(w http.ResponseWriter, r *http.Request, action string) {
	if err := h.cop.Check(r); err != nil {
		h.logRefusal(r.Context(), "cross_origin")
		plain(w, http.StatusForbidden, "cross-origin request refused")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		h.logRefusal(r.Context(), "bad_form")
		plain(w, http.StatusBadRequest, "bad form")
		return
	}
	if !h.checkToken(r) {
		h.logRefusal(r.Context(), "bad_token")
		plain(w, http.StatusForbidden, "missing or invalid form token: reload the page and try again")
		return
	}
	var o outcome
	switch action {
	case "requeue":
		o = h.requeue(r.Context(), r.PostForm.Get("id"))
	case "requeue-source":
		o = h.requeueSource(r.Context(), r.PostForm.Get("source"))
	case "purge":
		o = h.purge(r.Context(), r.PostForm.Get("retention"))
	}
	f, _ := h.message(o.code, o.n)
	if wantsJSON(r) {
		v := struct {
			OK      bool   `json:"ok"`
			Code    string `json:"code"`
			Message string `json:"message"`
			Count   *int64 `json:"count,omitempty"`
		}{OK: f.Kind == "ok", Code: f.Code, Message: f.Message}
		if f.Count >= 0 {
			v.Count = &f.Count
		}
		writeJSON(w, o.status, v)
		return
	}
	loc := "./?flash=" + o.code
	if f.Count >= 0 {
		loc += "&n=" + strconv.FormatInt(f.Count, 10)
	}
	// Relative, so it resolves under whatever prefix the page is mounted;
	// http.Redirect would resolve it against the stripped path.
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusSeeOther)
}

func (h *Handler) requeue(ctx context.Context, id string) outcome {
	if id == "" || len(id) > maxField {
		return outcome{code: codeBadRequest, status: http.StatusBadRequest}
	}
	switch err := h.ib.Requeue(ctx, id); {
	case errors.Is(err, dispatch.ErrNotDeadLetter):
		return outcome{code: codeNotDead, status: http.StatusConflict}
	case err != nil:
		h.logStoreError(ctx, "requeue", err)
		return outcome{code: codeStore, status: http.StatusServiceUnavailable}
	}
	h.logAction(ctx, "requeue", slog.String("id", id))
	return outcome{code: codeRequeued, status: http.StatusOK}
}

func (h *Handler) requeueSource(ctx context.Context, source string) outcome {
	if source == "" || len(source) > maxField {
		return outcome{code: codeBadRequest, status: http.StatusBadRequest}
	}
	n, err := h.ib.RequeueSource(ctx, source)
	if err != nil {
		h.logStoreError(ctx, "requeue_source", err)
		return outcome{code: codeStore, status: http.StatusServiceUnavailable}
	}
	h.logAction(ctx, "requeue_source", slog.String("source", source), slog.Int64("count", n))
	return outcome{code: codeRequeuedSource, status: http.StatusOK, n: n}
}

func (h *Handler) purge(ctx context.Context, retention string) outcome {
	d, err := time.ParseDuration(retention)
	if err != nil || d < h.minRetention {
		return outcome{code: codeRetention, status: http.StatusBadRequest}
	}
	n, err := h.ib.Purge(ctx, d)
	if err != nil {
		h.logStoreError(ctx, "purge", err)
		return outcome{code: codeStore, status: http.StatusServiceUnavailable}
	}
	h.logAction(ctx, "purge", slog.Int64("count", n), slog.Duration("retention", d))
	return outcome{code: codePurged, status: http.StatusOK, n: n}
}

// wantsJSON reports whether the client asked for JSON and not HTML.
func wantsJSON(r *http.Request) bool {
	var jsonOK, htmlOK bool
	for _, v := range r.Header.Values("Accept") {
		for len(v) > 0 {
			var part string
			part, v, _ = strings.Cut(v, ",")
			mt, _, _ := strings.Cut(part, ";")
			switch strings.ToLower(strings.TrimSpace(mt)) {
			case "application/json":
				jsonOK = true
			case "text/html":
				htmlOK = true
			}
		}
	}
	return jsonOK && !htmlOK
}

func (h *Handler) logStoreError(ctx context.Context, op string, err error) {
	if h.log != nil {
		h.log.LogAttrs(ctx, slog.LevelError, "inboxadmin: inbox failed",
			slog.String("op", op), slog.String("category", dispatch.Category(err)))
	}
}

func (h *Handler) logRefusal(ctx context.Context, reason string) {
	if h.log != nil {
		h.log.LogAttrs(ctx, slog.LevelWarn, "inboxadmin: request refused", slog.String("reason", reason))
	}
}

func (h *Handler) logAction(ctx context.Context, action string, attrs ...slog.Attr) {
	if h.log != nil {
		h.log.LogAttrs(ctx, slog.LevelInfo, "inboxadmin: "+action, attrs...)
	}
}
