package jsonx

import "bytes"

// Unwrap returns the object an answer holds under the first of keys that data, a document
// Check accepted, has ({"requisition": {...}}), or data itself when it has none of them
// (vendors wrap answers in a key named after the resource, but do not always document
// which). key is the member the object was under, "" for data itself. Keys match as
// Member matches them. A value that is not an object, data or what the key holds, is a
// *FieldError naming its JSON kind (never its content).
func Unwrap(data []byte, keys ...string) (key string, obj []byte, err error) {
	obj = bytes.TrimSpace(data)
	if len(obj) == 0 || obj[0] != '{' {
		return "", nil, kindError("", obj, "object")
	}
	for _, k := range keys {
		if v, ok := Member(obj, k); ok {
			if v[0] != '{' {
				return k, nil, kindError(k, v, "object")
			}
			return k, v, nil
		}
	}
	return "", obj, nil
}

// ListIn returns the array a list answer holds: data itself, a document Check accepted,
// when it is an array; else, data being an object, the value under the first of keys it
// has (an array, or null for none: arr is then nil); else, when lone is set, the one member
// of the object that holds an array (two such members are a *FieldError). key is the
// member the array was under, "" for data itself. Other kinds where the array or the
// object belongs are a *FieldError naming the kind. An object with no such member holds
// no list: arr is nil.
func ListIn(data []byte, lone bool, keys ...string) (key string, arr []byte, err error) {
	b := bytes.TrimSpace(data)
	switch {
	case len(b) > 0 && b[0] == '[':
		return "", b, nil
	case len(b) == 0 || b[0] != '{':
		return "", nil, kindError("", b, "object")
	}
	for _, k := range keys {
		if v, ok := Member(b, k); ok {
			switch v[0] {
			case '[':
				return k, v, nil
			case 'n':
				return k, nil, nil
			}
			return k, nil, kindError(k, v, "array")
		}
	}
	if !lone {
		return "", nil, nil
	}
	for name, v := range Members(b) {
		if v[0] != '[' {
			continue
		}
		if arr != nil {
			return "", nil, &FieldError{Reason: "several arrays and none under a known key"}
		}
		key, arr = string(name), v
	}
	return key, arr, nil
}

// kindError is the *FieldError of the value v under field, of another kind than want.
func kindError(field string, v []byte, want string) error {
	kind := "nothing"
	if len(v) > 0 {
		kind = "JSON " + Kind(v[0])
	}
	return &FieldError{Field: field, Reason: kind + " where the " + want + " belongs"}
}

// DecodeChecked is Decode for data that is a value of a document Check (or a Scanner)
// accepted, as Member, Unwrap and ListIn find it: it is decoded without being checked
// again, and the Raw bind gets is data's own (data is shared, not copied).
func DecodeChecked[T any](data []byte, v *T, bind func(*T, Raw)) error {
	if err := decodeChecked(data, v); err != nil {
		return err
	}
	if bind != nil {
		bind(v, RawOf(data))
	}
	return nil
}

// RawOf returns the Raw of data, a document Check accepted or a value of one, for a decode
// that did not go through Decode or DecodeChecked: data is shared, not copied.
func RawOf(data []byte) Raw {
	db := new(docBytes)
	db.data = data
	db.doc.data = &db.data
	db.doc.nodes = db.first[:0]
	db.root = rawNode{doc: &db.doc}
	return Raw{&db.root}
}
