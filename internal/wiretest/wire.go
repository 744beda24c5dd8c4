package wiretest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/fake"
)

// Seen is one request as it reached the server: what AssertRequest checks.
type Seen struct {
	Method string
	// Path is the escaped path as sent ("/v2/items/a%2Fb").
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// FromFake returns what a fake.Server recorded as a Seen.
func FromFake(r fake.Request) Seen {
	return Seen{Method: r.Method, Path: r.EscapedPath, RawQuery: r.RawQuery, Header: r.Header, Body: r.Body}
}

// FromHTTP reads r (its body included, which it replaces so r can still be served) as a
// Seen; use it in an httpmock responder or an http.Handler.
func FromHTTP(r *http.Request) Seen {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	return Seen{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
}

// Want is what a test expects of one request. Zero fields are not checked, except that a
// request with a body fails when none of Body, BodyGolden and AnyBody is set.
type Want struct {
	Method string
	// Path is the escaped path, base URL prefix included.
	Path string
	// Query, when not nil, must equal the parsed query; url.Values{} requires none.
	Query url.Values
	// Header values must equal the request's (Header.Get); a "" value requires the header
	// to be absent.
	Header map[string]string
	// Body is JSON the body must equal (assert.JSONEq).
	Body string
	// BodyGolden names a file under testdata/ holding the JSON the body must equal.
	BodyGolden string
	// AnyBody skips the body check.
	AnyBody bool
}

// AssertRequest checks got against want and reports every difference; it returns whether
// all matched.
func AssertRequest(t testing.TB, got Seen, want Want) bool {
	t.Helper()
	ok := true
	if want.Method != "" {
		ok = assert.Equal(t, want.Method, got.Method, "method") && ok
	}
	if want.Path != "" {
		ok = assert.Equal(t, want.Path, got.Path, "path") && ok
	}
	if want.Query != nil {
		q, err := url.ParseQuery(got.RawQuery)
		ok = assert.NoError(t, err, "query") && ok
		if len(want.Query) == 0 {
			ok = assert.Empty(t, got.RawQuery, "query") && ok
		} else {
			ok = assert.Equal(t, want.Query, q, "query") && ok
		}
	}
	for k, v := range want.Header {
		if v == "" {
			ok = assert.Empty(t, got.Header.Values(k), "header %s must be absent", k) && ok
			continue
		}
		ok = assert.Equal(t, v, got.Header.Get(k), "header %s", k) && ok
	}
	switch {
	case want.AnyBody:
	case want.BodyGolden != "":
		ok = assert.JSONEq(t, string(Golden(t, want.BodyGolden)), string(got.Body), "body vs testdata/%s", want.BodyGolden) && ok
	case want.Body != "":
		ok = assert.JSONEq(t, want.Body, string(got.Body), "body") && ok
	default:
		ok = assert.Empty(t, got.Body, "body") && ok
	}
	return ok
}

// Golden returns the content of testdata/name, failing the test if it cannot be read.
func Golden(t testing.TB, name string) []byte {
	t.Helper()
	if strings.Contains(name, "..") {
		t.Fatalf("wiretest: golden name %q leaves testdata", name)
	}
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	require.NoError(t, err, "golden file testdata/%s", name)
	return b
}
