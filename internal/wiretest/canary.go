package wiretest

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Canaries are values a test plants — a token, a client secret, a patient's name — that must
// never appear in an error text or a log line. Make them distinctive ("CANARY-Jane"), at
// least 4 bytes. A canary also counts as shown in its hex, base64 and URL-escaped forms.
type Canaries []string

// forms returns the spellings of c that count as showing it.
func forms(c string) []string {
	return []string{
		c,
		hex.EncodeToString([]byte(c)),
		strings.ToUpper(hex.EncodeToString([]byte(c))),
		base64.StdEncoding.EncodeToString([]byte(c)),
		base64.RawURLEncoding.EncodeToString([]byte(c)),
		url.QueryEscape(c),
		url.PathEscape(c),
	}
}

// AssertAbsent fails t for each canary that text shows; where says what text is.
func (cs Canaries) AssertAbsent(t testing.TB, where, text string) bool {
	t.Helper()
	ok := true
	for _, c := range cs {
		if len(c) < 4 {
			t.Fatalf("wiretest: canary %q is too short to be distinctive", c)
		}
		for _, f := range forms(c) {
			if strings.Contains(text, f) {
				t.Errorf("wiretest: %s shows canary %q:\n%s", where, c, text)
				ok = false
				break
			}
		}
	}
	return ok
}

// AssertError fails t if err, or any error it wraps, shows a canary in its Error text, under
// the fmt verbs users print errors with (%v %+v %s %q %#v) or logged as an slog attribute by
// the text and JSON handlers. A nil err fails: the test meant to check a failure. (The
// fields an error exposes on purpose, such as APIError.Body, are not renderings.)
func (cs Canaries) AssertError(t testing.TB, err error) bool {
	t.Helper()
	if err == nil {
		t.Error("wiretest: AssertError on a nil error proves nothing")
		return false
	}
	ok := true
	for e := range chain(err) {
		for how, text := range errorRenderings(e) {
			ok = cs.AssertAbsent(t, "error "+how, text) && ok
		}
	}
	return ok
}

// errorRenderings yields the ways users print and log err.
func errorRenderings(err error) func(func(string, string) bool) {
	return func(yield func(string, string) bool) {
		if !yield("Error()", err.Error()) {
			return
		}
		for _, verb := range []string{"%v", "%+v", "%s", "%q", "%#v"} {
			if !yield("fmt "+verb, fmt.Sprintf(verb, err)) {
				return
			}
		}
		var text, js bytes.Buffer
		slog.New(slog.NewTextHandler(&text, nil)).Error("failed", "err", err)
		slog.New(slog.NewJSONHandler(&js, nil)).Error("failed", slog.Any("err", err))
		if yield("slog text", text.String()) {
			yield("slog JSON", js.String())
		}
	}
}

// AssertLogs fails t if a line of logs shows a canary.
func (cs Canaries) AssertLogs(t testing.TB, logs *Logs) bool {
	t.Helper()
	return cs.AssertAbsent(t, "logs", logs.String())
}

// chain yields err and every error it wraps, depth first.
func chain(err error) func(func(error) bool) {
	return func(yield func(error) bool) {
		var walk func(error) bool
		walk = func(e error) bool {
			if e == nil {
				return true
			}
			if !yield(e) {
				return false
			}
			switch u := e.(type) {
			case interface{ Unwrap() []error }:
				for _, x := range u.Unwrap() {
					if !walk(x) {
						return false
					}
				}
			default:
				return walk(errors.Unwrap(e))
			}
			return true
		}
		walk(err)
	}
}

// Logs collects what a *slog.Logger from NewLogs writes, at every level, in both slog's
// text and JSON forms. It is safe for concurrent use.
type Logs struct {
	mu   sync.Mutex
	text bytes.Buffer
	json bytes.Buffer
}

// NewLogs returns a logger at Debug level writing to both handlers of the returned Logs.
func NewLogs() (*slog.Logger, *Logs) {
	l := &Logs{}
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	h := fanout{slog.NewTextHandler(lockedWriter{l, &l.text}, opts), slog.NewJSONHandler(lockedWriter{l, &l.json}, opts)}
	return slog.New(h), l
}

// String returns the text lines, then the JSON lines.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.text.String() + l.json.String()
}

// JSONLines returns the JSON form of each record, one per line.
func (l *Logs) JSONLines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := strings.TrimSpace(l.json.String())
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Records returns each JSON record decoded, in order, for a test that asserts on an
// attribute (a failure line's event_type or category). A line that does not decode fails tb.
func (l *Logs) Records(tb testing.TB) []map[string]any {
	tb.Helper()
	var out []map[string]any
	for _, line := range l.JSONLines() {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			tb.Fatalf("wiretest: a log line is not JSON: %v", err)
		}
		out = append(out, r)
	}
	return out
}

type lockedWriter struct {
	l *Logs
	b *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.l.mu.Lock()
	defer w.l.mu.Unlock()
	return w.b.Write(p)
}
