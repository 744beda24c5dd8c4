package transport

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requestURL builds the URL a request is sent to without printing and parsing it: it must
// be exactly what url.Parse makes of URL's string, down to Path, RawPath and what goes on the
// request line.
func TestRequestURLIsWhatParseReads(t *testing.T) {
	for _, tc := range []struct {
		base, route string
		params      []string
		query       url.Values
	}{
		{"https://lab.test", "/v2/partner/requisition/{id}", []string{"0b8f2a4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b"}, nil},
		{"https://lab.test/developer/", "/v2/things", nil, url.Values{"limit": {"10"}, "q": {"a b&c"}}},
		{"https://lab.test/api%20v1", "/a/{id}/b", []string{"x/y z"}, nil},
		{"https://lab.test", "/a/{id}", []string{"ü!*'()"}, nil},
		{"https://lab.test", "/a!b/(c)/*d;e,f=g:h@i$j&k+l~m", nil, nil},
		{"https://lab.test", "/a%2Fb/{id}", []string{"%2e%2e"}, nil},
		{"https://lab.test:", "/p", nil, nil},
		{"http://127.0.0.1:8701/developer", "/v2/partner/requisition/{id}/service-request/{sr}", []string{"r-1", "s 2"}, nil},
	} {
		b, err := ParseBaseURL(tc.base)
		require.NoError(t, err, tc.base)
		s, err := b.URL(tc.route, tc.params, tc.query)
		require.NoError(t, err)
		want, err := url.Parse(s)
		require.NoError(t, err)
		var got url.URL
		require.NoError(t, b.requestURL(&got, tc.route, tc.params, tc.query))
		assert.Equal(t, want.String(), got.String(), tc.route)
		assert.Equal(t, want.RequestURI(), got.RequestURI(), tc.route)
		assert.Equal(t, want.Path, got.Path, tc.route)
		assert.Equal(t, want.EscapedPath(), got.EscapedPath(), tc.route)
		assert.Equal(t, want.Host, got.Host, tc.route)
	}
}

func TestRequestURLRefusesWhatURLRefuses(t *testing.T) {
	b, err := ParseBaseURL("https://lab.test")
	require.NoError(t, err)
	for _, tc := range []struct {
		route  string
		params []string
	}{
		{"v2/x", nil},
		{"/a/{id}", nil},
		{"/a", []string{"x"}},
		{"/a/{id}", []string{".."}},
		{"/a/{id", []string{"x"}},
	} {
		var u url.URL
		_, err1 := b.URL(tc.route, tc.params, nil)
		err2 := b.requestURL(&u, tc.route, tc.params, nil)
		assert.Error(t, err1, tc.route)
		assert.Equal(t, err1, err2, tc.route)
	}
	var u url.URL
	assert.Error(t, b.requestURL(&u, "/a%zz", nil, nil), "a malformed escape in the route")
}

// FuzzRequestURLIsWhatParseReads holds requestURL to url.Parse of URL's string for any base
// URL ParseBaseURL accepts, any route checkRoute accepts, any path value and any query.
func FuzzRequestURLIsWhatParseReads(f *testing.F) {
	f.Add("https://lab.test/api%20v1", "/a/{id}/b", "x/y z", "q", "a b&c")
	f.Add("https://lab.test:", "/a%2Fb/{id}", "%2e%2e", "", "")
	f.Add("https://[::1]:8443/p;x", "/a!b/(c)/{id}", "ü!*'()", "k", "v?#")
	f.Add("http://127.0.0.1:/%7Ex/", "//x/{id}", "%", "", "")
	f.Fuzz(func(t *testing.T, base, route, param, qk, qv string) {
		b, err := ParseBaseURL(base)
		if err != nil || checkRoute(route) != "" {
			return
		}
		params := []string{param}
		if !strings.Contains(route, "{") {
			params = nil
		}
		var query url.Values
		if qk != "" {
			query = url.Values{qk: {qv}}
		}
		var got url.URL
		s, err1 := b.URL(route, params, query)
		err2 := b.requestURL(&got, route, params, query)
		if err1 != nil {
			if err2 == nil {
				t.Fatalf("URL refuses %q %q, requestURL does not", route, params)
			}
			return
		}
		want, err := url.Parse(s)
		if err != nil {
			return // a host url.Parse cannot read back (an IPv6 zone): see the report
		}
		if err2 != nil {
			t.Fatalf("requestURL(%q, %q): %v", route, params, err2)
		}
		assert.Equal(t, want.String(), got.String())
		assert.Equal(t, want.RequestURI(), got.RequestURI())
		assert.Equal(t, want.Path, got.Path)
		assert.Equal(t, want.EscapedPath(), got.EscapedPath())
		assert.Equal(t, want.Host, got.Host)
		assert.Equal(t, want.RawQuery, got.RawQuery)
	})
}

// A path value can never make a "." or ".." segment, not even with the template's text
// beside its placeholder or another value: a server resolving it would serve another route.
func TestPathValuesNeverFormADotSegment(t *testing.T) {
	b, err := ParseBaseURL("https://lab.test/api")
	require.NoError(t, err)
	for _, tc := range []struct {
		route  string
		params []string
	}{
		{"/files/{a}{b}", []string{".", "."}},
		{"/files/.{ext}", []string{"."}},
		{"/files/{name}./x", []string{"."}},
		{"/files/{a}{b}/x", []string{"x", ""}},
		{"/files/{a}", []string{".."}},
	} {
		var u url.URL
		_, err1 := b.URL(tc.route, tc.params, nil)
		err2 := b.requestURL(&u, tc.route, tc.params, nil)
		assert.Error(t, err1, "%s %q", tc.route, tc.params)
		assert.Error(t, err2, "%s %q", tc.route, tc.params)
	}
	for _, tc := range []struct {
		route  string
		params []string
		want   string
	}{
		{"/files/{a}{b}", []string{".x", "y"}, "/api/files/.xy"},
		{"/files/.{ext}", []string{"x"}, "/api/files/.x"},
		{"/files/{name}.json", []string{".a"}, "/api/files/.a.json"},
		{"/files/{a}/{b}", []string{"a.", ".b"}, "/api/files/a./.b"},
		{"/files/{a}/{b}", []string{"...", "%2e"}, "/api/files/.../%252e"},
	} {
		s, err := b.URL(tc.route, tc.params, nil)
		require.NoError(t, err, tc.route)
		assert.Equal(t, "https://lab.test"+tc.want, s)
	}
}
