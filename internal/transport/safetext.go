package transport

import "strings"

// MaxRequestIDLen caps the vendor request id kept on an APIError or a Response and put in
// logs. Real request ids are UUIDs or a few dozen characters; a server may send anything.
const MaxRequestIDLen = 128

// SafeToken returns s bounded and reduced to a charset that is safe in an error string, a
// %v/%+v/%#v rendering and a log record, for a short server-supplied value such as a request
// id, an error code or a status name: ASCII letters and digits and - _ . : / + = @ ~ are
// kept; every other byte (spaces, quotes, control characters, CR/LF, and all of non-ASCII
// UTF-8, so bidi overrides such as U+202E and separators such as U+2028 too) becomes '_'.
// The result is at most max bytes: a longer value is cut and ends in "..." (when max is
// below 4 it is only cut). max <= 0 gives "". A value that is already safe is returned
// without allocating.
func SafeToken(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if len(s) <= max && isSafeToken(s) {
		return s
	}
	n := min(len(s), max)
	cut := len(s) > max
	if cut && max >= 4 {
		n = max - 3
	}
	var b strings.Builder
	b.Grow(max)
	for i := 0; i < n; i++ {
		if safeTokenByte(s[i]) {
			b.WriteByte(s[i])
		} else {
			b.WriteByte('_')
		}
	}
	if cut && max >= 4 {
		b.WriteString("...")
	}
	return b.String()
}

func isSafeToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if !safeTokenByte(s[i]) {
			return false
		}
	}
	return true
}

func safeTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '_', '.', ':', '/', '+', '=', '@', '~':
		return true
	}
	return false
}
