// Package phi is how a labwire type that can hold protected health information (a patient,
// an address, a lab value, a vendor's raw JSON) shows itself: as its type name and a few
// attributes that identify no patient (ids, counts, statuses), under every fmt verb, every
// slog handler and json.Marshal, on its own or nested in slices, maps, pointers and other
// structs.
//
// A PHI type builds one Summary and hands it to four one-line methods:
//
//	func (p Patient) redacted() phi.Summary { return phi.Redact("whoop.Patient", phi.ID("id", p.ID)) }
//	// String, Format, LogValue and MarshalJSON show the id only.
//	func (p Patient) String() string                  { return p.redacted().String() }
//	func (p Patient) Format(f fmt.State, verb rune)   { p.redacted().Format(f, verb) }
//	func (p Patient) LogValue() slog.Value            { return p.redacted().LogValue() }
//	func (p Patient) MarshalJSON() ([]byte, error)    { return p.redacted().MarshalJSON() }
//
// Why each method:
//
//   - Format answers every fmt verb (%v %+v %#v %s %q %x ...), so fmt never walks the
//     fields; fmt calls it for values nested in exported fields, slices, maps and pointers.
//   - LogValue answers slog when the value is an attribute itself.
//   - MarshalJSON answers slog's JSON handler, which marshals any value that is not a
//     LogValuer (a slice of appointments, a map, the caller's own struct) with
//     encoding/json. It therefore never writes the PHI: a PHI type's JSON is its Summary,
//     {"id":"…","redacted":true}. Code that stores or forwards the data uses the value's
//     RawJSON (the bytes as the vendor sent them); a request type that must go on the wire
//     is sent as an unexported wire struct the vendor method builds from it.
//
// Attributes are sanitised: ID and Token print a value only if it looks like an id or a
// code (1 to 64 of A-Z a-z 0-9 . _ : -), so a hostile server that puts a name or a newline
// in an id field cannot get it into a log line.
//
// Two limits of fmt no library can lift: it cannot call methods of a value held in an
// unexported struct field of the caller's own type, and it calls no method at all when it
// reports a bad verb (%s or %q of a pointer nested in the caller's own method-less struct
// or slice prints "%!s(*T=&{...})" by reflection). In both cases it prints fields by
// reflection. Keep PHI values in exported fields, print with %v, or log them as attributes.
package phi

import (
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// Withheld replaces an attribute value that does not look like an id or a code.
const Withheld = "[withheld]"

// Attr is one attribute a Summary may show: an id, a code or a count. Build it with ID,
// Token or Count.
type Attr struct {
	key   string
	s     string
	n     int
	isInt bool
}

// ID is an identifier attribute. value is shown only if it looks like an id (1 to 64 of
// A-Z a-z 0-9 . _ : -); an empty value is shown empty, anything else as Withheld.
func ID(key, value string) Attr { return Attr{key: key, s: sanitize(value)} }

// Token is a code or status attribute (an enum value such as "ORDER_CONFIRMED"), shown
// under the same rule as ID.
func Token(key, value string) Attr { return Attr{key: key, s: sanitize(value)} }

// Count is a number attribute, such as the length of a list.
func Count(key string, n int) Attr { return Attr{key: key, n: n, isInt: true} }

// sanitize keeps value if it looks like an id or a code.
func sanitize(value string) string {
	if len(value) > 64 {
		return Withheld
	}
	for i := 0; i < len(value); i++ {
		c := value[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '.', c == '_', c == ':', c == '-':
		default:
			return Withheld
		}
	}
	return value
}

// Summary is what a PHI-holding value shows of itself: its type name and attributes that
// identify no patient.
type Summary struct {
	typ   string
	attrs []Attr
}

// Redact returns the Summary of a value of the named type ("whoop.Patient") showing attrs.
func Redact(typeName string, attrs ...Attr) Summary { return Summary{typ: typeName, attrs: attrs} }

// String returns `whoop.Patient{id:…, PHI redacted}`.
func (s Summary) String() string {
	var b strings.Builder
	b.WriteString(s.typ)
	b.WriteByte('{')
	for _, a := range s.attrs {
		b.WriteString(a.key)
		b.WriteByte(':')
		if a.isInt {
			b.WriteString(strconv.Itoa(a.n))
		} else {
			b.WriteString(a.s)
		}
		b.WriteString(", ")
	}
	b.WriteString("PHI redacted}")
	return b.String()
}

// Format writes the String form for every verb: quoted for %q, hex-encoded for %x and %X,
// as is for the others (%v, %+v, %#v, %s, %d, ...).
func (s Summary) Format(f fmt.State, verb rune) {
	text := s.String()
	switch verb {
	case 'q':
		text = strconv.Quote(text)
	case 'x':
		text = hex.EncodeToString([]byte(text))
	case 'X':
		text = strings.ToUpper(hex.EncodeToString([]byte(text)))
	}
	_, _ = f.Write([]byte(text))
}

// LogValue is a group of the attributes and redacted=true.
func (s Summary) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, len(s.attrs)+1)
	for _, a := range s.attrs {
		if a.isInt {
			attrs = append(attrs, slog.Int(a.key, a.n))
		} else {
			attrs = append(attrs, slog.String(a.key, a.s))
		}
	}
	attrs = append(attrs, slog.Bool("redacted", true))
	return slog.GroupValue(attrs...)
}

// MarshalJSON writes the attributes and "redacted":true as one JSON object.
func (s Summary) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 32+24*len(s.attrs))
	b = append(b, '{')
	for _, a := range s.attrs {
		b = strconv.AppendQuote(b, a.key)
		b = append(b, ':')
		if a.isInt {
			b = strconv.AppendInt(b, int64(a.n), 10)
		} else {
			b = strconv.AppendQuote(b, a.s) // a.s is sanitised ASCII: a valid JSON string
		}
		b = append(b, ',')
	}
	b = append(b, `"redacted":true}`...)
	return b, nil
}
