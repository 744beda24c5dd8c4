package pager

import (
	"errors"
	"io"

	"github.com/labwire/labwire/internal/jsonx"
)

// PageSpec describes a page answer for DecodePage: an object holding the page's items in an
// array under Items and, beside them, the members listed in Members (the paging metadata).
// Every other member is checked and skipped.
type PageSpec struct {
	// Items is the member holding the items. Names match as encoding/json matches them
	// to fields (exactly, else case-insensitively); a second member that matches the
	// same name, exactly or so, is refused.
	Items string
	// Members are decoded whole, each into its Into (a pointer), with jsonx.Unmarshal.
	Members []Member
}

// Member is a member of a page answer to decode whole; see PageSpec.
type Member struct {
	Name string
	Into any
}

// DecodePage reads a page answer from r as a stream (a StreamFetch's body; the transport
// hands it over with Request.Decode): one object, checked as strictly as a buffered answer
// (jsonx.Scanner: invalid UTF-8 anywhere, duplicate or case-variant member names at every
// level, too deep nesting and anything after the object are refused), of which only one
// item's bytes and a read buffer are held at a time. Each item of the array under
// spec.Items (null or absent: none) is decoded into a W with encoding/json
// (jsonx.DecodeElements: items that have arrived are decoded together before the stream is
// read further), converted by conv, which also gets the Raw of the item (its own copy of
// the bytes), and handed to yield (its to copy until it returns: a StreamFetch's yield). It
// returns how many items it yielded and whether yield stopped it; then the rest of r is not
// read. Errors are jsonx's, which never quote the answer: a *jsonx.FieldError
// for a value that does not fit (its Field under spec.Items for an item), a
// *jsonx.SyntaxError, or r's own error as it is.
func DecodePage[W, T any](r io.Reader, spec PageSpec, conv func(w *W, raw jsonx.Raw) T, yield func(*T) bool) (n int, stopped bool, err error) {
	s := jsonx.NewScanner(r)
	if err := s.Object(); err != nil {
		return 0, false, err
	}
	var t T // the item yield gets (one for the page: an item per call would move to the heap)
	emit := func(w *W, raw jsonx.Raw) bool {
		n++
		t = conv(w, raw)
		return yield(&t)
	}
	for {
		name, ok, err := s.Member()
		if err != nil {
			return n, false, err
		}
		if !ok {
			return n, false, s.End()
		}
		if jsonx.SameName(name, spec.Items) {
			list, err := s.Array()
			if err != nil {
				return n, false, under(spec.Items, err)
			}
			if list {
				_, stopped, err := jsonx.DecodeElements(s, emit)
				if stopped || err != nil {
					return n, stopped, under(spec.Items, err)
				}
			}
			continue
		}
		into := memberInto(spec.Members, name)
		if into == nil {
			if err := s.Skip(); err != nil {
				return n, false, err
			}
			continue
		}
		v, err := s.Value()
		if err != nil {
			return n, false, err
		}
		if err := jsonx.Unmarshal(v, into); err != nil {
			return n, false, under(name, err)
		}
	}
}

// memberInto is where the member name decodes to, or nil.
func memberInto(ms []Member, name string) any {
	for _, m := range ms {
		if jsonx.SameName(name, m.Name) {
			return m.Into
		}
	}
	return nil
}

// under puts a *jsonx.FieldError's field under the member key.
func under(key string, err error) error {
	var fe *jsonx.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	field := key
	if fe.Field != "" {
		field += "." + fe.Field
	}
	return &jsonx.FieldError{Field: field, Reason: fe.Reason}
}
