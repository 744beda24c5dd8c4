package transport

import (
	"context"
	"net/url"
	"strings"
)

// RawRequest is the request of a vendor client's escape hatch: a route the vendor package
// does not wrap yet, sent through the same stack as every wrapped method (credentials,
// retries, caps, redaction, logging). Vendor packages alias it
// (type RawRequest = transport.RawRequest) and expose
// Do(ctx, *RawRequest, out, ...RequestOption) on their Client.
type RawRequest struct {
	// Method is the HTTP method. It must be an RFC 9110 token ("GET", "post", ...) and is
	// upper-cased before sending. Required.
	Method string
	// Route is the route template under the base URL, e.g. "/v2/partner/service-request/{id}".
	// It is what errors and logs show, so it must not hold ids or patient data: put path
	// values in Params and filters in Query. It must start with "/" and hold only path
	// characters (no "?", "#", spaces or control characters). Required.
	Route string
	// Params fill Route's "{name}" placeholders in order, each escaped as one path segment;
	// an empty, "." or ".." value is refused.
	Params []string
	// Query is appended to the URL. It never reaches an error or a log record.
	Query url.Values
	// Body, when not nil, is sent as JSON ([]byte and json.RawMessage are sent as they are,
	// as JSON).
	Body any
}

// DoRaw sends r and decodes a 2xx JSON answer into out (nil discards it), like Do. Method
// and Route are checked before anything is sent (a *ValidationError naming the field); a
// POST or PATCH is retried only when it provably never reached the server, as everywhere.
// The operation is logged as "do".
func (c *Client) DoRaw(ctx context.Context, r *RawRequest, out any, opts ...RequestOption) (*Response, error) {
	if r == nil {
		return nil, &ValidationError{Vendor: c.s.Vendor, Field: "request", Reason: "must not be nil"}
	}
	req := Request{Op: "do", Method: r.Method, Route: r.Route, Params: r.Params, Query: r.Query}
	switch b := r.Body.(type) {
	case nil:
	case []byte:
		req.Body, req.ContentType = b, "application/json"
	default:
		req.JSON = b
	}
	return c.Do(ctx, req.Apply(opts), out)
}

// normalizeMethod returns m upper-cased, and whether it is a valid method: a non-empty
// RFC 9110 token of at most 32 bytes.
func normalizeMethod(m string) (string, bool) {
	if m == "" || len(m) > 32 {
		return "", false
	}
	upper := true
	for i := 0; i < len(m); i++ {
		c := m[i]
		if !isTokenByte(c) {
			return "", false
		}
		if 'a' <= c && c <= 'z' {
			upper = false
		}
	}
	if upper {
		return m, true
	}
	b := []byte(m)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b), true
}

// isTokenByte reports whether c is an RFC 9110 tchar.
func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// CheckRoute returns the *ValidationError (Field "Route") that Do would return for route, or
// nil. Vendor packages that choose credentials from a raw route call it first, so that the
// route they inspect is the route that is sent.
func (c *Client) CheckRoute(route string) error {
	if reason := checkRoute(route); reason != "" {
		return &ValidationError{Vendor: c.s.Vendor, Field: "Route", Reason: reason}
	}
	return nil
}

// isDotSegment reports whether seg is "." or "..", escaped or not.
func isDotSegment(seg string) bool {
	if len(seg) == 0 || len(seg) > 6 || (seg[0] != '.' && seg[0] != '%') {
		return false
	}
	return seg == "." || seg == ".." || strings.EqualFold(seg, "%2e") || strings.EqualFold(seg, "%2e%2e") ||
		strings.EqualFold(seg, ".%2e") || strings.EqualFold(seg, "%2e.")
}

// checkRoute reports why route cannot be a route template, or "" if it can: it starts with
// "/", is at most 1024 bytes, has no "." or ".." segment (escaped or not: a server that resolves
// them would reach another route with the same credentials), and holds only RFC 3986 path
// characters and "{", "}".
func checkRoute(route string) string {
	if len(route) == 0 || route[0] != '/' {
		return "must start with /"
	}
	if len(route) > 1024 {
		return "is longer than 1024 bytes"
	}
	for rest := route[1:]; ; {
		seg, more, found := strings.Cut(rest, "/")
		if isDotSegment(seg) {
			return "must not hold a . or .. segment"
		}
		if !found {
			break
		}
		rest = more
	}
	for i := 0; i < len(route); i++ {
		c := route[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		}
		switch c {
		case '/', '{', '}', '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '%':
			continue
		case '?':
			return "must not hold a query: use Query"
		case '#':
			return "must not hold a fragment"
		}
		return "holds a character that is not allowed in a path"
	}
	return ""
}
