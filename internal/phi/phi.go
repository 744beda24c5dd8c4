// Package phi is how a labwire type that can hold protected health information (a patient,
// an address, a lab value, free text, a secret, a vendor's raw JSON) shows itself: as its
// type name and a few attributes that identify no patient (ids, codes, counts), under every
// fmt verb, every slog handler and json.Marshal, on its own or nested in slices, maps,
// pointers and other structs.
//
// # One declaration, no hand-written methods
//
// What a type shows is declared once, on its fields, with a `phi` struct tag; everything
// else is hidden:
//
//	type Patient struct {
//		ID        string `json:"id" phi:"id"` // shown: Patient{id:p-1, PHI redacted}
//		FirstName string `json:"first_name"`  // hidden, as every untagged field
//		Orders    []Order `json:"orders" phi:"count"` // shown as its length
//	}
//
// Which types need redacting is not declared at all: the generator (internal/phi/phigen,
// run by go generate in each vendor package) walks the package's source and finds every
// exported type that can hold patient data under the rule below, and writes the methods fmt,
// slog and encoding/json call into the vendor's redact_gen.go: String, Format, LogValue and
// MarshalJSON, each one line over Of. A test in phigen regenerates every vendor's file and
// compares (so a new type or field cannot be forgotten), and renders every type it finds
// with canaries planted in every field.
//
// The tag, on a field (several attributes separated by ";"):
//
//	phi:"none"               the field holds no patient data (a filter date, a catalog name)
//	                         and is not shown
//	phi:"id" / phi:"token"   an id / a code or status: holds no patient data and is shown,
//	                         keyed by its JSON name; phi:"id:key" names the key
//	phi:"id:key=Sub.Field"   shows a field of the field's value, through pointers (the zero
//	                         value when one is nil); the field itself stays hidden
//	phi:"count[:key]"        shows the length of a slice, map or string, or 1/0 for whether
//	                         a pointer or interface is set; its content stays hidden
//	phi:"present[:key]"      1/0 for whether the field is set (JSON null counts as unset)
//	...,omitempty            leaves the attribute out when its value is zero
//
// # The rule: which types can hold patient data
//
// A field can hold patient data when its type is, after aliases: a string (the predeclared
// string, or a defined string type that is not an enum; an enum is a string type the
// package declares constants of); []byte or json.RawMessage (raw answers); decimal.Decimal
// (lab values); civil.Date (dates of birth); a float (coordinates); url.Values, http.Header
// or oauth2.Token; an interface other than error (io.Reader, any: it can hold anything); a
// type parameter; a map key or value, or a pointer, slice or array element, of one; or a
// struct with such a field (unexported fields included). Not: ints, bools, time.Time, enums,
// funcs, error, jsonx.Raw (it shows its bytes nowhere), and the types of internal/transport
// and the webhook packages (which redact themselves). A field tagged id, token or none holds
// none, whatever its type. An exported struct, map, slice or array type of a vendor package
// holding such a field gets the methods, except error types (an Error method: errors follow
// the error rules, never holding PHI in Error()) and aliases of other packages' types (no
// methods can be declared on them). A string-typed value (an MRN, an id) is the datum itself
// and gets none: printing one on its own prints it. The rule is phigen's (scan.go); its test
// reads it a second time by reflection.
//
// # Why each method
//
//   - Format answers every fmt verb (%v %+v %#v %s %q %x ..., width and the '-' flag), so
//     fmt never walks the fields; fmt calls it for values nested in exported fields, slices,
//     maps and pointers. (GoString is never called once Format exists.)
//   - LogValue answers slog when the value is an attribute itself.
//   - MarshalJSON answers slog's JSON handler, which marshals any value that is not a
//     LogValuer (a slice of appointments, a map, the caller's own struct) with
//     encoding/json. A covered type's JSON is therefore its summary, {"id":"…","redacted":true};
//     code that stores or forwards the data uses the value's RawJSON (the bytes as the vendor
//     sent them). What goes on the wire is the same value through Plain, which the transport
//     applies to every JSON request body.
//   - String is the same text, for callers that ask for it.
//
// Attributes are sanitised: id and token values print only if they look like an id or a
// code (1 to 64 of A-Z a-z 0-9 . _ : -), so a hostile server that puts a name or a newline
// in an id field cannot get it into a log line.
//
// Three limits of fmt no library can lift: it cannot call methods of a value held in an
// unexported struct field of the caller's own type; it calls no method at all when it
// reports a bad verb (%s or %q of a pointer nested in the caller's own method-less struct
// or slice prints "%!s(*T=&{...})" by reflection); and %p of a non-pointer value is such a
// bad verb. In those cases it prints fields by reflection. Keep PHI values in exported
// fields, print with %v, or log them as attributes.
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

// attr is one attribute a Summary shows: an id, a code or a count.
type attr struct {
	key   string
	s     string
	n     int
	isInt bool
}

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
// identify no patient. Of returns it.
type Summary struct {
	typ   string
	attrs []attr
}

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
// as is for the others (%v, %+v, %#v, %s, %d, ...), padded to the width if one is given
// (on the right with the '-' flag).
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
	pad := ""
	if w, ok := f.Width(); ok && w > len(text) {
		pad = strings.Repeat(" ", w-len(text))
	}
	if f.Flag('-') {
		text += pad
	} else {
		text = pad + text
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
