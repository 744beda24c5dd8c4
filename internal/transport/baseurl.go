package transport

import (
	"errors"
	"net"
	"net/url"
	"strings"
)

// BaseURL is a parsed vendor base URL: scheme, host and an optional path prefix such as
// "/developer". Routes are joined under the prefix.
type BaseURL struct {
	scheme string
	host   string
	prefix string // escaped path without a trailing slash, "" or "/developer"
}

// ParseBaseURL parses raw as a vendor base URL. It requires a scheme and a host, rejects
// user info, query and fragment, and requires https unless the host is loopback (127.0.0.0/8,
// ::1 or "localhost"), which is where tests and the in-memory fakes run. The error names the
// problem without echoing the URL.
func ParseBaseURL(raw string) (*BaseURL, error) {
	if raw == "" {
		return nil, errors.New("base URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("base URL does not parse")
	}
	switch {
	case u.Scheme == "" || u.Hostname() == "":
		return nil, errors.New("base URL needs a scheme and a host")
	case u.User != nil:
		return nil, errors.New("base URL must not carry user info; pass credentials as options")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, errors.New("base URL must not have a query")
	case u.Fragment != "":
		return nil, errors.New("base URL must not have a fragment")
	}
	scheme := strings.ToLower(u.Scheme)
	switch scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return nil, errors.New("base URL must use https (http is allowed only for loopback hosts)")
		}
	default:
		return nil, errors.New("base URL scheme must be https")
	}
	return &BaseURL{
		scheme: scheme,
		host:   strings.TrimSuffix(u.Host, ":"), // as http.NewRequest sends it
		prefix: strings.TrimRight(u.EscapedPath(), "/"),
	}, nil
}

// IsLoopback reports whether host (without port) is localhost or a loopback IP address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String returns the base URL without a trailing slash.
func (b *BaseURL) String() string { return b.scheme + "://" + b.host + b.prefix }

// Origin returns scheme://host, the unit that credentials are scoped to.
func (b *BaseURL) Origin() string { return b.scheme + "://" + b.host }

// URL joins a route template under the base URL, filling each "{name}" placeholder with the
// next value of params, path-escaped as one segment. A value that is empty, "." or "..", or a
// count of values that does not match the placeholders, is an error: an id can never change
// which route is called. Query is appended encoded when non-empty.
func (b *BaseURL) URL(route string, params []string, query url.Values) (string, error) {
	path, err := b.path(route, params)
	if err != nil {
		return "", err
	}
	s := b.scheme + "://" + b.host + path
	if len(query) > 0 {
		s += "?" + query.Encode()
	}
	return s, nil
}

// requestURL fills u with what URL returns, as url.Parse would read it, without printing
// and parsing it again: Path is the unescaped path and RawPath its escaped form when the two
// differ.
func (b *BaseURL) requestURL(u *url.URL, route string, params []string, query url.Values) error {
	escaped, err := b.path(route, params)
	if err != nil {
		return err
	}
	*u = url.URL{Scheme: b.scheme, Host: b.host, Path: escaped}
	if !plainPath(escaped) {
		if u.Path, err = url.PathUnescape(escaped); err != nil {
			return errors.New("route template holds a malformed %-escape")
		}
		u.RawPath = escaped
	}
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	return nil
}

// plainPath reports whether p reads the same escaped and unescaped: no byte that url.URL
// would escape in a path, and no '%'.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if !pathPlain[p[i]] {
			return false
		}
	}
	return true
}

// pathPlain marks the bytes url.URL leaves as they are in a path, except '%'.
var pathPlain = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("/-._~:@&=+$,;", byte(c)) >= 0
	}
	return t
}()

// path is the escaped path of route under the base URL's prefix, its placeholders filled.
func (b *BaseURL) path(route string, params []string) (string, error) {
	if !strings.HasPrefix(route, "/") {
		return "", errors.New("route must start with /")
	}
	if len(params) == 0 && strings.IndexByte(route, '{') < 0 {
		if b.prefix == "" {
			return route, nil
		}
		return b.prefix + route, nil
	}
	var sb strings.Builder
	sb.Grow(len(b.prefix) + len(route) + 48)
	sb.WriteString(b.prefix)
	n := 0
	rest := route
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			sb.WriteString(rest)
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", errors.New("route template has an unclosed {")
		}
		sb.WriteString(rest[:i])
		if n >= len(params) {
			return "", errors.New("route template has more placeholders than values")
		}
		v := params[n]
		if v == "" || v == "." || v == ".." {
			return "", errors.New("path value is empty or a dot segment")
		}
		sb.WriteString(url.PathEscape(v))
		n++
		rest = rest[i+j+1:]
	}
	if n != len(params) {
		return "", errors.New("route template has fewer placeholders than values")
	}
	return sb.String(), nil
}
