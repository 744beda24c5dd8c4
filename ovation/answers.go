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
// The answer is checked strictly once (jsonx.Check), the object is found in it without
// decoding anything (jsonx.Unwrap), and the object alone is decoded into v, whose type has
// no UnmarshalJSON of its own, with its Raw bound to its bytes in the answer (shared).
type oneAnswer[T any] struct {
	keys []string
	v    T
	raw  jsonx.Raw
	null bool // the answer was null (only sendLenient hands one over)
}

// DecodeJSON decodes data; see oneAnswer.
func (a *oneAnswer[T]) DecodeJSON(data []byte) error {
	if err := jsonx.Check(data); err != nil {
		return err
	}
	if string(bytes.TrimSpace(data)) == "null" {
		a.null = true
		return nil
	}
	key, obj, err := jsonx.Unwrap(data, a.keys...)
	if err != nil {
		return err
	}
	return fieldUnder(key, jsonx.DecodeChecked(obj, &a.v, func(_ *T, raw jsonx.Raw) { a.raw = raw }))
}

// sendOne sends r, a call that returns one resource with an id, and decodes its answer
// into a. An answer whose object has no id (id reads it off a's value) is no resource: the
// transport's rule (Request.HasID) makes it ErrInvalidResponse.
func sendOne[T any](ctx context.Context, c *Client, r transport.Request, opts []RequestOption, a *oneAnswer[T], id func(*T) ID) error {
	r.HasID = func() bool { return id(&a.v) != "" }
	return c.send(ctx, r, opts, a)
}

// listAnswer is the decode target (a jsonx.Target) of a list answer: {"<key>": [...],
// "meta": {...}}, a bare array, or an object whose only array member is the list (Ovation
// does not document every key). Members match as in oneAnswer. Like oneAnswer, it checks
// the answer strictly once, finds the list and the meta without decoding (jsonx.ListIn,
// jsonx.Member), and decodes each of them once; each item's Raw is its bytes in the answer.
type listAnswer[T any] struct {
	keys  []string
	Items []T
	Meta  *Meta
	raws  []jsonx.Raw
}

// DecodeJSON decodes data; see listAnswer.
func (l *listAnswer[T]) DecodeJSON(data []byte) error {
	if err := jsonx.Check(data); err != nil {
		return err
	}
	key, list, err := jsonx.ListIn(data, true, l.keys...)
	if err != nil {
		return err
	}
	if b := bytes.TrimSpace(data); b[0] == '{' {
		if v, ok := jsonx.Member(b, "meta"); ok {
			if err := jsonx.DecodeChecked(v, &l.Meta, nil); err != nil {
				return fieldUnder("meta", err)
			}
		}
	}
	if list == nil {
		return nil
	}
	return fieldUnder(key, jsonx.DecodeChecked(list, &l.Items, func(items *[]T, raw jsonx.Raw) {
		l.raws = make([]jsonx.Raw, len(*items))
		for i := range l.raws {
			l.raws[i] = raw.Elem("", i)
		}
	}))
}

// itemsOf returns the items l decoded converted by conv, which is handed each item's Raw,
// or nil when l decoded none (as Items is).
func itemsOf[W, T any](l *listAnswer[W], conv func(w *W, raw jsonx.Raw) T) []T {
	if l.Items == nil {
		return nil
	}
	out := make([]T, len(l.Items))
	for i := range l.Items {
		var raw jsonx.Raw
		if i < len(l.raws) { // not bound when the decode failed part-way
			raw = l.raws[i]
		}
		out[i] = conv(&l.Items[i], raw)
	}
	return out
}

// fieldUnder makes the field of a *jsonx.FieldError the path from the answer's top: under
// the wrapper key, and without the Go names of the embedded wire types encoding/json puts
// in it ("requisitionPlain.identifier" is "identifier"). The transport describes it by kind
// and field, never by content.
func fieldUnder(key string, err error) error {
	var fe *jsonx.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	var b strings.Builder
	b.WriteString(key)
	for seg := range strings.SplitSeq(fe.Field, ".") {
		if seg == "" || embeddedWire[seg] {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return &jsonx.FieldError{Field: b.String(), Reason: fe.Reason}
}

// embeddedWire are the unexported types embedded in the wire forms answers decode into.
var embeddedWire = map[string]bool{"requisitionPlain": true, "webhookEndpointPlain": true}

// Record is an Ovation object whose fields Ovation does not document (project templates,
// sample labels, test panels, documents, providers, contacts, sales groups and reps): its
// id and name when present, and everything in RawJSON. Decode reads it into your own type.
// A write answered with no body, or with null, returns an empty Record (RawJSON nil).
type Record struct {
	// ID is the object's id, when it has one.
	ID ID `json:"id,omitempty" phi:"id"`
	// Name is the object's name, when it has one.
	Name string `json:"name,omitempty"`

	raw jsonx.Raw
}

// recordWire is what a Record decodes, without its method.
type recordWire struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
}

// RawJSON returns the object as Ovation sent it; nil for a Record decoded any other way
// than by a client call. It may hold patient data. It may share its bytes with the answer
// (and the Body WithResponse stores): do not modify it.
func (r *Record) RawJSON() json.RawMessage { return r.raw.JSON() }

// Decode decodes the object into v.
func (r *Record) Decode(v any) error { return jsonx.UnmarshalStd(r.raw.JSON(), v) }
