package pager

import (
	"encoding/json"
	"errors"
)

// ErrNotArray reports that DecodeArray found something other than a JSON array (or null).
var ErrNotArray = errors.New("pager: expected a JSON array")

// DecodeArray reads the JSON array at dec's position one element at a time, decoding each
// into a fresh T and handing it to yield; it returns when the array ends or yield returns
// false. A JSON null counts as an empty array. Use it in a StreamFetch over the body stream:
// after the array, dec is positioned on what follows (e.g. the paging metadata of an
// enclosing object). Decoding errors are returned as encoding/json reports them; callers
// must describe them without quoting the body.
func DecodeArray[T any](dec *json.Decoder, yield func(T) bool) (stopped bool, err error) {
	tok, err := dec.Token()
	if err != nil {
		return false, err
	}
	if tok == nil {
		return false, nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return false, ErrNotArray
	}
	for dec.More() {
		var it T
		if err := dec.Decode(&it); err != nil {
			return false, err
		}
		if !yield(it) {
			return true, nil
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return false, err
	}
	return false, nil
}
