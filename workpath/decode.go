package workpath

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/labwire/labwire/internal/jsonx"
)

// flexBool decodes a JSON boolean or a string "true"/"false"/"1"/"0" (Workpath's is_active is
// a string in its update request and a boolean in its answers).
type flexBool bool

// UnmarshalJSON decodes a boolean or its string form.
func (b *flexBool) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "null":
		return nil
	case "true", `"true"`, `"1"`, "1":
		*b = true
		return nil
	case "false", `"false"`, `"0"`, "0", `""`:
		*b = false
		return nil
	}
	return errors.New("is_active: want a boolean or a string true/false")
}

// numberText decodes a JSON number, keeping its digits, or a JSON string, unchanged
// (Workpath's medical_record_number is a number in the docs; a string is accepted too).
type numberText string

// UnmarshalJSON decodes a number (digits kept) or a string.
//
// The usual forms are read off the bytes without running encoding/json again: a number is
// its own text once it is known to be a JSON number, a string without escapes (valid UTF-8,
// no control byte) its bytes between the quotes. Anything else (escapes, invalid UTF-8,
// null, other kinds) is decoded as encoding/json decodes it, so the result is the same.
func (n *numberText) UnmarshalJSON(data []byte) error {
	if isNumber(data) {
		*n = numberText(data)
		return nil
	}
	if s, ok := plainString(data); ok {
		*n = numberText(s)
		return nil
	}
	if string(data) == "null" {
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := jsonx.UnmarshalStd(data, &s); err != nil {
			return err
		}
		*n = numberText(s)
		return nil
	}
	var num json.Number
	if err := jsonx.UnmarshalStd(data, &num); err != nil {
		return err
	}
	*n = numberText(num)
	return nil
}

// isNumber reports whether b is exactly one JSON number:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		digits()
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(b)
}

// plainString returns the text of b when b is exactly one JSON string holding no escape and
// no control byte, in valid UTF-8: then its text is its bytes between the quotes.
func plainString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	in := b[1 : len(b)-1]
	for _, c := range in {
		if c < 0x20 || c == '"' || c == '\\' {
			return "", false
		}
	}
	if !utf8.Valid(in) {
		return "", false
	}
	return string(in), true
}

// Created is the answer to a create whose answer Workpath leaves open: its general rule says a
// write answers {"request_id": N}, while its objects suggest the created object. Both decode:
// Object is set when the answer is an object with an "id", RequestID when it carries a
// "request_id"; a bare receipt leaves Object nil.
type Created[T any] struct {
	// Object is the created object, or nil when Workpath answered only a request id.
	Object *T `phi:"present:object"`
	// RequestID is Workpath's request id, or zero when the answer carried none. Workpath
	// does not say whether it equals the created object's id: do not assume it does.
	RequestID int64 `phi:"id"`

	raw json.RawMessage
}

// UnmarshalJSON decodes either answer.
func (c *Created[T]) UnmarshalJSON(data []byte) error {
	var probe struct {
		ID        json.RawMessage `json:"id"`
		RequestID requestID       `json:"request_id"`
	}
	if err := jsonx.UnmarshalStd(data, &probe); err != nil {
		return err
	}
	c.RequestID = int64(probe.RequestID)
	data = bytes.Clone(data) // the decoder's buffer is not ours to keep
	if len(probe.ID) > 0 && string(probe.ID) != "null" {
		var v T
		bind := func(v *T, raw jsonx.Raw) {
			if b, ok := any(v).(binder); ok {
				b.bindRaw(raw)
			}
		}
		if err := jsonx.Decode(data, &v, bind); err != nil {
			return err
		}
		c.Object = &v
	}
	c.raw = data
	return nil
}

// RawJSON returns the answer as Workpath sent it. It may share its bytes with the answer
// (and the Body WithResponse stores): do not modify it.
func (c *Created[T]) RawJSON() json.RawMessage { return c.raw }

// createdAnswer is the decode target (a jsonx.Target) of a create's answer: it decodes
// into c what c's UnmarshalJSON decodes, in one pass where that decodes the answer twice
// (a probe for "id" and "request_id", then the object) and copies it. The object is
// decoded first; whether the answer is one ("id" not null) and its request id are then
// read off the checked bytes. Only an answer whose object does not decode falls back to
// the probe, so that a receipt that is no object still succeeds.
type createdAnswer[T any] struct{ c *Created[T] }

// DecodeJSON decodes data; see createdAnswer.
func (a createdAnswer[T]) DecodeJSON(data []byte) error {
	var v T
	var doc jsonx.Raw
	err := jsonx.Decode(data, &v, func(v *T, raw jsonx.Raw) {
		doc = raw
		if b, ok := any(v).(binder); ok {
			b.bindRaw(raw)
		}
	})
	switch {
	case errors.Is(err, jsonx.ErrMismatch):
		// Not the object: an answer with an id fails as it did, a receipt decodes.
		var c Created[T]
		if c.UnmarshalJSON(data) != nil || c.Object != nil {
			return err
		}
		c.raw = bytes.TrimSpace(data)
		*a.c = c
		return nil
	case err != nil:
		return err // not strict JSON
	}
	c := Created[T]{raw: doc.JSON()}
	if id := doc.Field("id").JSON(); id != nil && string(id) != "null" {
		c.Object = &v
	}
	if b := doc.Field("request_id").JSON(); b != nil {
		var n requestID
		_ = n.UnmarshalJSON(b)
		c.RequestID = int64(n)
	}
	*a.c = c
	return nil
}

// Receipt is the answer to a write whose answer Workpath does not document (cancel, add a tag,
// add data, deletes). Workpath's general rule is {"request_id": N}; any other answer, or none,
// is kept in RawJSON.
type Receipt struct {
	// RequestID is Workpath's request id, or zero when the answer carried none.
	RequestID int64 `json:"request_id" phi:"id"`

	raw json.RawMessage
}

// UnmarshalJSON decodes a request id if the answer has one and keeps the answer.
func (r *Receipt) UnmarshalJSON(data []byte) error {
	r.raw = bytes.Clone(data)
	var probe struct {
		RequestID requestID `json:"request_id"`
	}
	if len(data) > 0 && data[0] == '{' {
		if err := jsonx.UnmarshalStd(data, &probe); err != nil {
			return err
		}
	}
	r.RequestID = int64(probe.RequestID)
	return nil
}

// RawJSON returns the answer as Workpath sent it, nil when the answer had no body.
func (r *Receipt) RawJSON() json.RawMessage { return r.raw }

// listKeys are the members a wrapped list may carry its items in.
var listKeys = []string{"data", "items", "results"}

// decodeList decodes a list Workpath documents as a bare array, and accepts it wrapped in an
// object under "data", "items", "results" or the resource's own name (extra). It returns the
// object's members when the list was wrapped, for paging metadata.
func decodeList[T any](data []byte, out *[]T, extra string) (map[string]json.RawMessage, string, error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		return nil, "", jsonx.UnmarshalStd(data, out)
	}
	var obj map[string]json.RawMessage
	if err := jsonx.UnmarshalStd(data, &obj); err != nil {
		return nil, "", err
	}
	for _, k := range append([]string{extra}, listKeys...) {
		if raw, ok := obj[k]; ok && len(raw) > 0 && raw[0] == '[' {
			return obj, k, jsonx.UnmarshalStd(raw, out)
		}
	}
	return obj, "", errors.New("list: want an array, or an object holding one under data, items or results")
}

// list decodes a bare or wrapped list; key is the resource's own wrapper name.
type list[T any] struct {
	key     string
	wrapper string // the member the items were under; "" for a bare array
	items   []T
	meta    map[string]json.RawMessage
}

// UnmarshalJSON decodes a bare or wrapped list.
func (l *list[T]) UnmarshalJSON(data []byte) error {
	meta, wrapper, err := decodeList(data, &l.items, l.key)
	l.meta, l.wrapper = meta, wrapper
	return err
}

// DecodeJSON decodes a list answer (list is a jsonx.Target): a bare array, as Workpath
// documents its lists, in one pass straight into the items, a wrapped one through
// UnmarshalJSON; each item's raw JSON is bound either way.
func (l *list[T]) DecodeJSON(data []byte) error {
	if b := bytes.TrimLeft(data, " \t\r\n"); len(b) > 0 && b[0] == '[' {
		return jsonx.Decode(data, &l.items, func(_ *[]T, raw jsonx.Raw) { l.bindRaw(raw) })
	}
	return jsonx.Decode(data, l, (*list[T]).bindRaw)
}

// bindRaw records where each item is in the answer.
func (l *list[T]) bindRaw(raw jsonx.Raw) {
	for i := range l.items {
		if b, ok := any(&l.items[i]).(binder); ok {
			b.bindRaw(raw.Elem(l.wrapper, i))
		}
	}
}

// binder is a result type that records where it is in the answer it was decoded from.
type binder interface{ bindRaw(jsonx.Raw) }

// requestID decodes request_id as a JSON number or a numeric string; anything else is 0,
// since a receipt is informative and never worth failing a write that succeeded.
type requestID int64

// UnmarshalJSON decodes a number or a numeric string, leaving 0 for anything else.
func (r *requestID) UnmarshalJSON(data []byte) error {
	var n numberText
	if n.UnmarshalJSON(data) != nil {
		return nil
	}
	if v, err := strconv.ParseInt(string(n), 10, 64); err == nil && v > 0 {
		*r = requestID(v)
	}
	return nil
}

// idAnswer is the decode target of a call that returns one resource: it decodes the answer
// into target (a jsonx.Target, or a value jsonx.Unmarshal decodes into) and notes whether
// the answer's object carries an id. Workpath's own sample appointment has "id": 0, so an
// id is an "id" member that is not null, whatever its value; {} has none.
type idAnswer struct {
	target any
	has    bool
}

// DecodeJSON decodes data; see idAnswer.
func (a *idAnswer) DecodeJSON(data []byte) error {
	var err error
	if t, ok := a.target.(jsonx.Target); ok {
		err = t.DecodeJSON(data)
	} else {
		err = jsonx.Unmarshal(data, a.target)
	}
	if err != nil {
		return err
	}
	id, ok := jsonx.Member(bytes.TrimSpace(data), "id") // data was checked: Member may scan it
	a.has = ok && string(id) != "null"
	return nil
}

// hasID reports whether the answer's object had an id.
func (a *idAnswer) hasID() bool { return a.has }

// identified reports whether a create's answer says what was created: the object (with
// an id) or a request id. {} says neither.
func (c *Created[T]) identified() bool { return c.Object != nil || c.RequestID != 0 }
