package ovation

import (
	"bytes"
	"encoding/json"
	"errors"
)

// unwrapOne decodes the object under one of keys in b ({"workflow": {...}}) into dst, or b
// itself when it has none of them: Ovation wraps most answers in a key named after the
// resource, but does not document every one.
func unwrapOne(b []byte, dst any, keys ...string) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return errDecode
	}
	for _, k := range keys {
		if v, ok := m[k]; ok {
			// The wrapper is there: what it holds must be the object ({"requisition":
			// null} or a string is not a requisition, nor is the wrapper itself).
			if v = bytes.TrimSpace(v); len(v) == 0 || v[0] != '{' {
				return errDecode
			}
			b = v
			break
		}
	}
	if err := json.Unmarshal(b, dst); err != nil {
		return errDecode
	}
	return nil
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

// UnmarshalJSON decodes ID and Name and keeps the object.
func (r *Record) UnmarshalJSON(b []byte) error {
	var v struct {
		ID   ID     `json:"id"`
		Name string `json:"name"`
	}
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
