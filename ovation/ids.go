package ovation

import (
	"errors"
	"strconv"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
)

// ID is an Ovation identifier: requisition, project template, report, workflow, provider
// account and webhook ids. Ovation sends them as JSON numbers (26355) and, in some
// webhook payloads, as strings (report_signed's "projectTemplateId": "789"); ID decodes
// both and holds the digits as text, so a value never loses precision.
//
// An ID marshals as a JSON number when it is a plain integer and as a string otherwise;
// the empty ID marshals as null.
type ID string

// IDFromInt returns the ID of n.
func IDFromInt(n int64) ID { return ID(strconv.FormatInt(n, 10)) }

// Int64 returns the ID as an integer, and false when it is not one.
func (id ID) Int64() (int64, bool) {
	n, err := strconv.ParseInt(string(id), 10, 64)
	return n, err == nil
}

// String returns the ID's text.
func (id ID) String() string { return string(id) }

// MarshalJSON encodes an integer ID as a JSON number, any other as a string, and the
// empty ID as null.
func (id ID) MarshalJSON() ([]byte, error) {
	if id == "" {
		return []byte("null"), nil
	}
	if isInteger(string(id)) {
		return []byte(id), nil
	}
	return strconv.AppendQuote(nil, string(id)), nil
}

var errID = errors.New("ovation: an id must be a JSON integer or string")

// UnmarshalJSON accepts a JSON integer (kept as written), a JSON string, or null. A number
// with a fraction or an exponent (1.5, 1e400) is no id and is refused.
func (id *ID) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) == 0:
		return errID
	case string(b) == "null":
		*id = ""
		return nil
	case b[0] == '"':
		s, err := strconv.Unquote(string(b))
		if err != nil {
			// A JSON escape strconv does not know (\/): let encoding/json unquote it.
			if jsonx.UnmarshalStd(b, (*string)(id)) != nil {
				return errID
			}
			return nil
		}
		*id = ID(s)
		return nil
	case isInteger(string(b)):
		*id = ID(b)
		return nil
	}
	return errID
}

// isInteger reports whether s is an optional minus sign followed by decimal digits, without
// a leading zero (so that it is also a JSON number).
func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkID refuses an empty id or one with surrounding space before it goes into a path.
// The error names field and never echoes the value.
func checkID(field string, id ID) error {
	return checkPathValue(field, string(id))
}

// checkPathValue refuses an empty path value, one with surrounding space, and one that
// would name another path than the route's once a server decodes it: "." or "..", or one
// holding a slash, a backslash or a control character (escaped, %2F, many servers still
// split on it).
func checkPathValue(field, v string) error {
	switch {
	case v == "":
		return &ValidationError{Vendor: vendor, Field: field, Reason: "must not be empty"}
	case strings.TrimSpace(v) != v:
		return &ValidationError{Vendor: vendor, Field: field, Reason: "must not begin or end with space"}
	case v == "." || v == "..":
		return &ValidationError{Vendor: vendor, Field: field, Reason: `must not be "." or ".."`}
	case strings.ContainsFunc(v, func(r rune) bool { return r == '/' || r == '\\' || r < 0x20 || r == 0x7f }):
		return &ValidationError{Vendor: vendor, Field: field, Reason: "must not hold a slash, a backslash or a control character"}
	}
	return nil
}
