package ovation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// oneAnswer is the decode target (a jsonx.Target) of an answer that holds one object under
// one of keys ({"workflow": {...}}) or, leniently, is the object itself: Ovation wraps most
// answers in a key named after the resource, but does not document every one. The first of
// keys present wins; keys match as encoding/json matches member names (case-insensitively).
//
// The answer is decoded once: it is checked strictly (jsonx.Check), the object is located in
// it by a scan that decodes nothing (jsonx.Member), and the object alone is decoded into v,
// whose type has no UnmarshalJSON of its own. raw is the object's bytes in the answer, which
// the transport never modifies: shared, not copied.
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
		if v, ok := jsonx.Member(obj, k); ok {
			// The wrapper is there: what it holds must be the object ({"requisition":
			// null} or a string is not a requisition, nor is the wrapper itself).
			if v[0] != '{' {
				return notAnObject(k, v)
			}
			obj, key = v, k
			break
		}
	}
	if err := decodePart(key, obj, &a.v); err != nil {
		return err
	}
	a.raw = obj[:len(obj):len(obj)]
	return nil
}

// sendOne sends r, a call that returns one resource with an id, and decodes its answer
// into a. An answer whose object has no id (id reads it off a's value) is no resource: the
// transport's rule (Request.HasID) makes it ErrInvalidResponse.
func sendOne[T any](ctx context.Context, c *Client, r transport.Request, opts []RequestOption, a *oneAnswer[T], id func(*T) ID) error {
	r.HasID = func() bool { return id(&a.v) != "" }
	return c.send(ctx, r, opts, a)
}

// decodePart decodes v, the value under key in a checked answer ("" for the answer
// itself), into dst. Its error is encoding/json's, whose field path is made the path from
// the answer's top: the transport describes it by kind and field, never by content.
func decodePart(key string, v []byte, dst any) error {
	err := json.Unmarshal(v, dst)
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		typ.Field = fieldPath(key, typ.Field)
	}
	return err
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

// listAnswer is the decode target (a jsonx.Target) of a list answer: {"<key>": [...],
// "meta": {...}}, a bare array, or an object whose only array member is the list (Ovation
// does not document every key). Members match as in oneAnswer. Like oneAnswer, it checks
// the answer strictly once, locates the list and the meta without decoding, and decodes
// each of them once.
type listAnswer[T any] struct {
	keys  []string
	Items []T
	Meta  *Meta
	list  []byte // the array Items were decoded from
}

// itemsOf returns the items l decoded converted by conv, which is handed each item's bytes
// in the answer (shared, not copied), or nil when l decoded none (as Items is).
func itemsOf[W, T any](l *listAnswer[W], conv func(w *W, raw json.RawMessage) T) []T {
	if l.Items == nil {
		return nil
	}
	out := make([]T, len(l.Items))
	i := 0
	for v := range jsonx.Elements(l.list) {
		if i == len(out) {
			break
		}
		out[i] = conv(&l.Items[i], v)
		i++
	}
	return out
}

// DecodeJSON decodes data; see listAnswer.
func (l *listAnswer[T]) DecodeJSON(data []byte) error {
	if err := jsonx.Check(data); err != nil {
		return err
	}
	b := bytes.TrimSpace(data)
	switch b[0] {
	case '[':
		l.list = b
		return decodePart("", b, &l.Items)
	case '{':
	default:
		return notAnObject("", b)
	}
	if v, ok := jsonx.Member(b, "meta"); ok {
		if err := decodePart("meta", v, &l.Meta); err != nil {
			return err
		}
	}
	for _, k := range l.keys {
		if v, ok := jsonx.Member(b, k); ok {
			l.list = v
			return decodePart(k, v, &l.Items)
		}
	}
	var only, name []byte
	several := false
	for k, v := range jsonx.Members(b) {
		if v[0] == '[' {
			several = only != nil
			only, name = v, k
			if several {
				break
			}
		}
	}
	switch {
	case several:
		return errSeveralLists
	case only == nil:
		return nil
	}
	l.list = only
	return decodePart(string(name), only, &l.Items)
}

var errSeveralLists = errors.New("list answer has several arrays and none under a known key")

// Record is an Ovation object whose fields Ovation does not document (project templates,
// sample labels, test panels, documents, providers, contacts, sales groups and reps): its
// id and name when present, and everything in RawJSON. Decode reads it into your own type.
// A write answered with no body, or with null, returns an empty Record (RawJSON nil).
type Record struct {
	// ID is the object's id, when it has one.
	ID ID `json:"id,omitempty" phi:"id"`
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

// RawJSON returns the object as Ovation sent it. It may hold patient data. It may share its
// bytes with the answer (and the Body WithResponse stores): do not modify it.
func (r *Record) RawJSON() json.RawMessage { return r.raw }

// Decode decodes the object into v.
func (r *Record) Decode(v any) error { return json.Unmarshal(r.raw, v) }
