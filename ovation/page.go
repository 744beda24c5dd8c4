package ovation

import (
	"encoding/json"
	"errors"
	"io"
)

// Meta is the paging metadata of a list answer ("meta").
type Meta struct {
	// CurrentPage is the page answered, from 1.
	CurrentPage int `json:"currentPage"`
	// PerPage is the page size Ovation used.
	PerPage int `json:"perPage"`
	// TotalEntries is the number of entries over all pages.
	TotalEntries int `json:"totalEntries"`
}

// more reports whether a page after this one holds entries, from the metadata when it is
// usable and otherwise from whether the page was full.
func (m *Meta) more(got, asked int) bool {
	if got == 0 {
		return false
	}
	if m != nil && m.PerPage > 0 && m.CurrentPage > 0 && m.TotalEntries >= 0 {
		return m.CurrentPage*m.PerPage < m.TotalEntries
	}
	return got >= asked
}

var errPageShape = errors.New("decoding the page: expected a JSON object")

// decodePage reads a list answer {"<key>": [ ... ], "meta": {...}} from r as a stream,
// handing each item to yield as soon as it is decoded, so that only one item is held at a
// time. Other members are skipped; members may come in any order. It stops reading when
// yield returns false (stopped is then true).
func decodePage[T any](r io.Reader, key string, yield func(T) bool) (meta *Meta, n int, stopped bool, err error) {
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, 0, false, errPageShape
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return meta, n, false, errPage(err)
		}
		name, _ := tok.(string)
		switch name {
		case key:
			tok, err := dec.Token()
			if err != nil {
				return meta, n, false, errPage(err)
			}
			if tok == nil { // "key": null
				continue
			}
			if tok != json.Delim('[') {
				return meta, n, false, errors.New("decoding the page: " + key + " is not an array")
			}
			for dec.More() {
				var item T
				if err := dec.Decode(&item); err != nil {
					return meta, n, false, errPage(err)
				}
				n++
				if !yield(item) {
					return meta, n, true, nil
				}
			}
			if _, err := dec.Token(); err != nil {
				return meta, n, false, errPage(err)
			}
		case "meta":
			var m Meta
			if err := dec.Decode(&m); err != nil {
				return meta, n, false, errPage(err)
			}
			meta = &m
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return meta, n, false, errPage(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return meta, n, false, errPage(err)
	}
	return meta, n, false, nil
}

// errPage describes a decoding failure of a page without quoting it.
func errPage(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("decoding the page: the answer ended early")
	case errors.As(err, &syn):
		return errors.New("decoding the page: invalid JSON")
	case errors.As(err, &typ):
		return errors.New("decoding the page: field " + typ.Field + " has the wrong JSON type")
	}
	// A reader error (body too large, context ended) stays matchable; its text, and that
	// of a field decoder (time.Parse quotes its input), is not printed.
	return &pageError{err: err}
}

// pageError hides the text of its cause, which may quote the answer, and unwraps to it.
type pageError struct{ err error }

func (e *pageError) Error() string {
	var tl interface{ Timeout() bool }
	if errors.Is(e.err, ErrResponseTooLarge) {
		return "decoding the page: the answer exceeds WithMaxResponseBytes"
	}
	if errors.As(e.err, &tl) && tl.Timeout() {
		return "decoding the page: reading the answer timed out"
	}
	return "decoding the page failed"
}

func (e *pageError) Unwrap() error { return e.err }
