package ovation

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
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

// nextPage returns the number of the page after page (0 meaning Ovation's default, 1), and
// false when the page just read, of got entries out of perPage asked (0 meaning def), was
// the last. The next page is always the one after the page asked for, so a server whose
// meta repeats or goes back in page numbers cannot keep All on the same pages forever; a
// meta naming another page than the one asked for is refused (errPageMismatch).
func (m *Meta) nextPage(page, perPage, def, got int) (int, bool, error) {
	if perPage == 0 {
		perPage = def
	}
	asked := max(page, 1)
	if m != nil && m.CurrentPage > 0 && m.CurrentPage != asked {
		return 0, false, errPageMismatch
	}
	if !m.more(got, perPage) {
		return 0, false, nil
	}
	return asked + 1, true, nil
}

// errPageMismatch is a list answer whose meta names another page than the one asked for.
var errPageMismatch error = invalidAnswerText("ovation: the answer's meta names another page than the one asked for")

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

// decodePage reads a list answer {"<key>": [ ... ], "meta": {...}} from r as a stream,
// handing each item to yield as soon as it is decoded, so that only one item (and a 64 KiB
// read buffer) is held at a time. Other members are skipped; members may come in any order.
// It stops reading when yield returns false (stopped is then true).
//
// It splits the answer itself instead of using a json.Decoder: finding where an item ends
// takes one quick pass over its bytes, and the item is then decoded once by its own
// decoder, where a json.Decoder scans each item fully twice before that (once to find its
// end, once more to hand it to an UnmarshalJSON method). Every item is still validated by
// encoding/json as it is decoded.
func decodePage[T any](r io.Reader, key string, yield func(T) bool) (meta *Meta, n int, stopped bool, err error) {
	s := &pageScanner{r: bufio.NewReaderSize(r, 64<<10)}
	if err := s.expect('{'); err != nil {
		return nil, 0, false, errPageShape
	}
	if c, err := s.peek(); err == nil && c == '}' {
		return nil, 0, false, nil
	}
	for {
		raw, err := s.value()
		if err != nil {
			return meta, n, false, errPage(err)
		}
		var name string
		if err := json.Unmarshal(raw, &name); err != nil {
			return meta, n, false, errPageShape
		}
		if err := s.expect(':'); err != nil {
			return meta, n, false, errPage(err)
		}
		// Member names match as encoding/json matches them (case-insensitively), so the
		// stream reads what a whole-document decode of the page reads.
		switch {
		case strings.EqualFold(name, key):
			c, err := s.peek()
			if err != nil {
				return meta, n, false, errPage(err)
			}
			if c == 'n' { // "key": null
				if _, err := s.value(); err != nil {
					return meta, n, false, errPage(err)
				}
				break
			}
			if err := s.expect('['); err != nil {
				return meta, n, false, errors.New("decoding the page: " + key + " is not an array")
			}
			if c, err := s.peek(); err == nil && c == ']' {
				s.r.Discard(1)
				break
			}
			for {
				item, err := s.value()
				if err != nil {
					return meta, n, false, errPage(err)
				}
				var v T
				if err := decodeItem(item, &v); err != nil {
					return meta, n, false, errPage(err)
				}
				n++
				if !yield(v) {
					return meta, n, true, nil
				}
				c, err := s.next()
				if err != nil {
					return meta, n, false, errPage(err)
				}
				if c == ']' {
					break
				}
				if c != ',' {
					return meta, n, false, errPage(errSyntax)
				}
			}
		case strings.EqualFold(name, "meta"):
			raw, err := s.value()
			if err != nil {
				return meta, n, false, errPage(err)
			}
			if string(raw) == "null" {
				meta = nil
				break
			}
			var m Meta
			if err := decodeItem(raw, &m); err != nil {
				return meta, n, false, errPage(err)
			}
			meta = &m
		default:
			if _, err := s.value(); err != nil {
				return meta, n, false, errPage(err)
			}
		}
		c, err := s.next()
		if err != nil {
			return meta, n, false, errPage(err)
		}
		if c == '}' {
			return meta, n, false, nil
		}
		if c != ',' {
			return meta, n, false, errPage(errSyntax)
		}
	}
}

// decodeItem decodes one list item, calling its UnmarshalJSON directly when it has one
// (which validates b with encoding/json), so that it is not scanned once more on the way.
// The item is first checked strictly (jsonx.Check), as the transport checks a whole
// answer: invalid UTF-8, duplicate or case-variant keys are refused, not replaced or
// silently resolved to the last.
func decodeItem[T any](b []byte, dst *T) error {
	if jsonx.Check(b) != nil {
		return errItemNotStrict
	}
	if u, ok := any(dst).(json.Unmarshaler); ok {
		return u.UnmarshalJSON(b)
	}
	return json.Unmarshal(b, dst)
}

var (
	errItemNotStrict error = invalidAnswerText("decoding the page: an item or the meta is not strict JSON (invalid UTF-8, a duplicate or case-variant key)")
	errPageShape           = errors.New("decoding the page: expected a JSON object")
	errSyntax              = errors.New("decoding the page: invalid JSON")
)

// pageScanner splits a JSON document into values without decoding them.
type pageScanner struct {
	r   *bufio.Reader
	buf []byte // the last value, reused
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// peek returns the next byte that is not white space, without consuming it.
func (s *pageScanner) peek() (byte, error) {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return 0, err
		}
		if !isSpace(c) {
			return c, s.r.UnreadByte()
		}
	}
}

// next consumes and returns the next byte that is not white space.
func (s *pageScanner) next() (byte, error) {
	c, err := s.peek()
	if err == nil {
		_, err = s.r.ReadByte()
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return c, err
}

func (s *pageScanner) expect(want byte) error {
	c, err := s.next()
	if err != nil {
		return err
	}
	if c != want {
		return errSyntax
	}
	return nil
}

// value returns the bytes of the next JSON value (valid or not: the caller's decoder
// checks it). The slice is reused by the next call.
func (s *pageScanner) value() ([]byte, error) {
	first, err := s.peek()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	s.buf = s.buf[:0]
	literal := first != '{' && first != '[' && first != '"'
	depth, inString, escaped, started := 0, false, false, false
	for {
		chunk, err := s.r.Peek(max(s.r.Buffered(), 1))
		if len(chunk) == 0 {
			if err == io.EOF {
				if literal && len(s.buf) > 0 {
					return s.buf, nil
				}
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		end := -1
		for i, c := range chunk {
			if literal {
				if isSpace(c) || c == ',' || c == ']' || c == '}' {
					end = i
					break
				}
				continue
			}
			if inString {
				switch {
				case escaped:
					escaped = false
				case c == '\\':
					escaped = true
				case c == '"':
					inString = false
					if depth == 0 {
						end = i + 1
					}
				}
				if end >= 0 {
					break
				}
				continue
			}
			switch c {
			case '"':
				if started && depth == 0 {
					return nil, errSyntax
				}
				inString, started = true, true
			case '{', '[':
				depth++
				started = true
			case '}', ']':
				depth--
				if depth == 0 {
					end = i + 1
				}
				if depth < 0 {
					return nil, errSyntax
				}
			}
			if end >= 0 {
				break
			}
		}
		if end < 0 {
			s.buf = append(s.buf, chunk...)
			_, _ = s.r.Discard(len(chunk))
			continue
		}
		s.buf = append(s.buf, chunk[:end]...)
		_, _ = s.r.Discard(end)
		return s.buf, nil
	}
}

// errPage describes a decoding failure of a page without quoting it.
func errPage(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var fixed invalidAnswerText
	switch {
	case errors.As(err, &fixed):
		return fixed
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("decoding the page: the answer ended early")
	case err == errSyntax || err == errPageShape || errors.As(err, &syn):
		return errSyntax
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
