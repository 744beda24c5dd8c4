package ovation

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
)

// oneAnswer is the decode target (a jsonx.Target) of an answer that holds one object under
// one of keys ({"workflow": {...}}) or, leniently, is the object itself: Ovation wraps most
// answers in a key named after the resource, but does not document every one. The first of
// keys present wins; keys match as encoding/json matches member names (case-insensitively).
//
// The answer is decoded once: it is checked strictly (jsonx.Check), the object is located in
// it by a scan that decodes nothing, and the object alone is decoded into v, whose type has
// no UnmarshalJSON of its own. raw is the object's bytes in the answer, which the transport
// never modifies: shared, not copied.
type oneAnswer[T any] struct {
	keys []string
	v    T
	raw  json.RawMessage
	null bool // the answer was null (only sendLenient hands one over)
}

// DecodeJSON decodes data; see oneAnswer.
func (a *oneAnswer[T]) DecodeJSON(data []byte) error {
	if err := jsonx.Check(data); err != nil {
		return err
	}
	obj := bytes.TrimSpace(data)
	if string(obj) == "null" {
		a.null = true
		return nil
	}
	if obj[0] != '{' {
		return notAnObject("", obj)
	}
	key := ""
	for _, k := range a.keys {
		if v, ok := member(obj, k); ok {
			// The wrapper is there: what it holds must be the object ({"requisition":
			// null} or a string is not a requisition, nor is the wrapper itself).
			if v[0] != '{' {
				return notAnObject(k, v)
			}
			obj, key = v, k
			break
		}
	}
	if err := json.Unmarshal(obj, &a.v); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			typ.Field = fieldPath(key, typ.Field)
		}
		return err // the transport describes it by kind and field, never by content
	}
	a.raw = obj[:len(obj):len(obj)]
	return nil
}

// fieldPath is the JSON path of a field that did not fit, from the answer's top: under the
// wrapper key, and without the Go names of the embedded wire types encoding/json puts in it
// ("requisitionPlain.identifier" is "identifier").
func fieldPath(key, field string) string {
	var b strings.Builder
	b.WriteString(key)
	for seg := range strings.SplitSeq(field, ".") {
		if seg == "" || embeddedWire[seg] {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// embeddedWire are the unexported types embedded in the wire forms oneAnswer decodes.
var embeddedWire = map[string]bool{"requisitionPlain": true, "webhookEndpointPlain": true}

// notAnObject is the error of a value (the answer, or what its wrapper key holds) that is
// not the object expected. It names the key and the value's JSON kind, never the value.
func notAnObject(key string, v []byte) error {
	kind := "number"
	switch v[0] {
	case '"':
		kind = "string"
	case '[':
		kind = "array"
	case 't', 'f':
		kind = "boolean"
	case 'n':
		kind = "null"
	}
	return &jsonx.FieldError{Field: key, Reason: "JSON " + kind + " where the object belongs"}
}

// member returns the value of the member named key (matched as encoding/json matches
// member names to fields, case-insensitively) of obj, a JSON object that jsonx.Check
// accepted, so that at most one member matches.
func member(obj []byte, key string) ([]byte, bool) {
	i := skipSpace(obj, 1)
	for i < len(obj) && obj[i] == '"' {
		kEnd := skipString(obj, i)
		name := obj[i+1 : kEnd-1]
		if bytes.IndexByte(name, '\\') >= 0 {
			var s string
			if json.Unmarshal(obj[i:kEnd], &s) == nil {
				name = []byte(s)
			}
		}
		i = skipSpace(obj, skipSpace(obj, kEnd)+1) // past the colon
		vEnd := skipValue(obj, i)
		if strings.EqualFold(string(name), key) {
			return obj[i:vEnd], true
		}
		i = skipSpace(obj, vEnd)
		if i < len(obj) && obj[i] == ',' {
			i = skipSpace(obj, i+1)
		}
	}
	return nil, false
}

func skipSpace(d []byte, i int) int {
	for i < len(d) && isSpace(d[i]) {
		i++
	}
	return i
}

// skipString returns the index after the checked string literal at i.
func skipString(d []byte, i int) int {
	for i++; i < len(d); i++ {
		switch d[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(d)
}

// skipValue returns the index after the checked value at i.
func skipValue(d []byte, i int) int {
	switch d[i] {
	case '"':
		return skipString(d, i)
	case '{', '[':
		depth := 0
		for ; i < len(d); i++ {
			switch d[i] {
			case '"':
				i = skipString(d, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return len(d)
	}
	for i < len(d) {
		switch d[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// listAnswer decodes a list answer: {"<key>": [...], "meta": {...}}, a bare array, or an
// object whose only array member is the list (Ovation does not document every key).
type listAnswer[T any] struct {
	keys  []string
	Items []T
	Meta  *Meta
}

func (l *listAnswer[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, &l.Items)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if v, ok := m["meta"]; ok {
		if err := json.Unmarshal(v, &l.Meta); err != nil {
			return err
		}
	}
	for _, k := range l.keys {
		if v, ok := m[k]; ok {
			return json.Unmarshal(v, &l.Items)
		}
	}
	var only json.RawMessage
	for _, v := range m {
		if v = bytes.TrimSpace(v); len(v) > 0 && v[0] == '[' {
			if only != nil {
				return errors.New("list answer has several arrays and none under a known key")
			}
			only = v
		}
	}
	if only == nil {
		return nil
	}
	return json.Unmarshal(only, &l.Items)
}

// Record is an Ovation object whose fields Ovation does not document (project templates,
// sample labels, test panels, documents, providers, contacts, sales groups and reps): its
// id and name when present, and everything in RawJSON. Decode reads it into your own type.
type Record struct {
	// ID is the object's id, when it has one.
	ID ID `json:"id,omitempty"`
	// Name is the object's name, when it has one.
	Name string `json:"name,omitempty"`

	raw json.RawMessage
}

// recordWire is what a Record decodes, without its method.
type recordWire struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
}

// UnmarshalJSON decodes ID and Name and keeps the object.
func (r *Record) UnmarshalJSON(b []byte) error {
	var v recordWire
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	r.ID, r.Name, r.raw = v.ID, v.Name, append(json.RawMessage(nil), b...)
	return nil
}

// RawJSON returns the object as Ovation sent it. It may hold patient data.
func (r *Record) RawJSON() json.RawMessage { return r.raw }

// Decode decodes the object into v.
func (r *Record) Decode(v any) error { return json.Unmarshal(r.raw, v) }

// String prints the id and name only.
func (r Record) String() string {
	return "ovation.Record{ID:" + string(r.ID) + ", Name:" + r.Name + "}"
}
