package transport

import (
	"net/url"
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
