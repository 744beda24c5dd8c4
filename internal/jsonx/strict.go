// Package jsonx decodes JSON from untrusted senders (vendor answers and webhook deliveries)
// without the footguns of encoding/json v1: it rejects invalid UTF-8 (and escaped lone
// surrogates) instead of replacing it with U+FFFD, duplicate keys and keys that differ only
// in case (as encoding/json folds them) instead of silently keeping the last, nesting deeper
// than MaxDepth, and trailing data after the value.
//
// Check is one pass over the bytes, with no allocation for ordinary documents. A checked
// document is then decoded by a reflection walker (decode.go, with per-type plans in
// plan.go) that gives exactly json.Unmarshal's values and errors without validating the
// document again, handing to encoding/json only the values it has no plan for (maps,
// interfaces, []byte, json.Number, ",string" fields): a strict decode costs less than a
// plain json.Unmarshal. UnmarshalStd is json.Unmarshal itself, errors included, decoded so.
// Decode and Into keep each decoded value's raw JSON (Raw) without decoding twice; Member,
// Members and Elements find the values of a checked document without decoding any, for a
// vendor that unwraps an envelope or a list before decoding what it holds once (Unwrap and
// ListIn find the usual envelopes, DecodeChecked decodes what they found); StringMember
// reads one string member so (a webhook's event type, for its logs). Scanner reads a
// document from a stream as strictly as Check, without holding it: DecodeElements decodes a
// long array of it a batch at a time (the pager's streamed pages).
package jsonx

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting Check accepts.
const MaxDepth = 64

// Errors of Check, all of which describe the document's shape and never its content.
var (
	ErrInvalidUTF8  = errors.New("json: invalid UTF-8")
	ErrDuplicateKey = errors.New("json: duplicate key")
	ErrTooDeep      = errors.New("json: nesting too deep")
	ErrTrailingData = errors.New("json: trailing data after the value")
	ErrSyntax       = errors.New("json: syntax error")
	// ErrMismatch matches a well-formed document with a value that does not fit the Go
	// field it decodes into (a string where a number belongs, a malformed time).
	ErrMismatch = errors.New("json: a value does not fit its field")
)

// mapAfter is the number of keys of one object after which duplicates are found with a map
// instead of by comparing with every earlier key.
const mapAfter = 16

// key is one object key: a span of the document when the key is plain ASCII (no escapes),
// else a span of checker.fold holding it unescaped and folded.
type key struct {
	start, end int
	folded     bool
}

type frame struct {
	object bool
	keys   int                 // index of the object's first key in checker.keys
	seen   uint64              // a bit per keyHash of the object's keys: most keys need no comparison
	set    map[string]struct{} // folded keys, once the object has more than mapAfter
}

type checker struct {
	data  []byte
	stack [MaxDepth]frame
	keys  []key
	fold  []byte // unescaped, folded keys of the open objects that are not plain ASCII
	sets  bool   // some frame made a set: clear them before the checker is reused
	// partial says data is the start of a stream that goes on: running out of it inside a
	// value is errShort (read more and check again), not a syntax error.
	partial bool
	// capture, when on, locates members as the check goes (CheckElementMembers).
	capture elementCapture
}

// errShort is a value that the data ends inside of, in partial mode.
var errShort = errors.New("json: more data needed")

// short is the error of running out of data at i: errShort in partial mode.
func (c *checker) short(i int) error {
	if c.partial {
		return errShort
	}
	return syntaxAt(i)
}

var checkers = sync.Pool{New: func() any {
	return &checker{keys: make([]key, 0, 64), fold: make([]byte, 0, 256)}
}}

// Check reports whether data is one well-formed JSON value that Unmarshal may decode safely.
func Check(data []byte) error {
	c := checkers.Get().(*checker)
	c.data = data
	err := c.run()
	c.data = nil
	c.reset()
	if cap(c.keys) <= 1024 && cap(c.fold) <= 64<<10 {
		checkers.Put(c)
	}
	return err
}

// reset forgets the keys of the last check.
func (c *checker) reset() {
	c.keys, c.fold = c.keys[:0], c.fold[:0]
	if c.sets {
		for i := range c.stack {
			c.stack[i].set = nil
		}
		c.sets = false
	}
}

// syntaxAt is the *SyntaxError of a document that breaks off or goes wrong at index i.
func syntaxAt(i int) error { return &SyntaxError{Offset: int64(i) + 1} }

// SyntaxError is a document that is not JSON. It matches ErrSyntax and holds no content.
type SyntaxError struct {
	// Offset is the number of bytes read before the error, as in json.SyntaxError.
	Offset int64
}

// Error returns "json: syntax error at byte N".
func (e *SyntaxError) Error() string {
	return "json: syntax error at byte " + strconv.FormatInt(e.Offset, 10)
}

// Is matches ErrSyntax.
func (e *SyntaxError) Is(target error) bool { return target == ErrSyntax }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func (c *checker) ws(i int) int {
	for i < len(c.data) && isSpace(c.data[i]) {
		i++
	}
	return i
}

// run checks the document: one value, then nothing but white space.
func (c *checker) run() error {
	i := c.ws(0)
	if i == len(c.data) {
		return ErrSyntax // empty input
	}
	end, err := c.value(i, MaxDepth)
	if err != nil {
		return err
	}
	if c.ws(end) != len(c.data) {
		return ErrTrailingData
	}
	return nil
}

// value checks the value at i, nested at most limit deep, with an explicit stack (the
// states are "a value is expected" and "a value just ended"), and returns the index after
// it.
func (c *checker) value(i, limit int) (int, error) {
	d := c.data
	n := len(d)
	depth := 0
	capturing := c.capture.on // fixed for the document: kept in a register
	for {
		// A value is expected at i.
		if i >= n {
			return 0, c.short(i)
		}
		if capturing {
			c.captureStart(i, depth)
		}
		var err error
		switch ch := d[i]; {
		case ch == '{' || ch == '[':
			if depth >= limit {
				return 0, ErrTooDeep
			}
			f := &c.stack[depth]
			f.object, f.keys, f.seen, f.set = ch == '{', len(c.keys), 0, nil
			depth++
			i = c.ws(i + 1)
			if i < n && d[i] == ch+2 { // '}' is '{'+2, ']' is '['+2
				i++
				depth--
				break
			}
			if ch == '{' {
				if i, err = c.key(i, f); err != nil {
					return 0, err
				}
			}
			continue
		case ch == '"':
			i, _, err = c.str(i)
		case ch == 't':
			i, err = c.literal(i, "true")
		case ch == 'f':
			i, err = c.literal(i, "false")
		case ch == 'n':
			i, err = c.literal(i, "null")
		default:
			i, err = c.number(i)
		}
		if err != nil {
			return 0, err
		}
		if capturing {
			c.captureEnd(i, depth)
		}
		// A value ended at i: close containers, or move to the next element.
		for {
			if depth == 0 {
				return i, nil
			}
			f := &c.stack[depth-1]
			i = c.ws(i)
			if i >= n {
				return 0, c.short(i)
			}
			switch ch := d[i]; {
			case ch == ',':
				i = c.ws(i + 1)
				if f.object {
					if i, err = c.key(i, f); err != nil {
						return 0, err
					}
				}
			case ch == '}' && f.object, ch == ']' && !f.object:
				if f.object {
					c.closeObject(f)
				}
				i++
				depth--
				if capturing {
					c.captureEnd(i, depth)
				}
				continue
			default:
				return 0, syntaxAt(i)
			}
			break
		}
	}
}

// literal checks the literal w (true, false, null) at i.
func (c *checker) literal(i int, w string) (int, error) {
	d := c.data
	if len(d)-i >= len(w) && string(d[i:i+len(w)]) == w {
		return i + len(w), nil
	}
	if c.partial && len(d)-i < len(w) && string(d[i:]) == w[:len(d)-i] {
		return 0, errShort
	}
	return 0, syntaxAt(i)
}

// closeObject forgets the keys of the object f.
func (c *checker) closeObject(f *frame) {
	for _, k := range c.keys[f.keys:] {
		if k.folded {
			c.fold = c.fold[:k.start]
			break
		}
	}
	c.keys = c.keys[:f.keys]
	f.set = nil
}

// key reads `"name" :` at i, checks that no earlier key of the object folds to the same
// name, and returns the index after the colon (and blanks).
func (c *checker) key(i int, f *frame) (int, error) {
	d := c.data
	if i >= len(d) {
		return 0, c.short(i)
	}
	if d[i] != '"' {
		return 0, syntaxAt(i)
	}
	end, plain, err := c.str(i)
	if err != nil {
		return 0, err
	}
	k := key{start: i + 1, end: end - 1}
	if !plain {
		start := len(c.fold)
		c.fold = appendFolded(c.fold, unquote(d[i:end]))
		k = key{start: start, end: len(c.fold), folded: true}
	}
	if f.set == nil {
		// Keys that fold alike hash alike: only a key whose bit is taken is compared.
		if bit := uint64(1) << c.keyHash(k); f.seen&bit == 0 {
			f.seen |= bit
		} else {
			for _, o := range c.keys[f.keys:] {
				if c.sameKey(o, k) {
					return 0, ErrDuplicateKey
				}
			}
		}
		if len(c.keys)-f.keys+1 > mapAfter {
			c.sets = true
			f.set = make(map[string]struct{}, 2*mapAfter)
			for _, o := range c.keys[f.keys:] {
				f.set[c.foldedString(o)] = struct{}{}
			}
			f.set[c.foldedString(k)] = struct{}{}
		}
	} else {
		name := c.foldedString(k)
		if _, dup := f.set[name]; dup {
			return 0, ErrDuplicateKey
		}
		f.set[name] = struct{}{}
	}
	c.keys = append(c.keys, k)
	i = c.ws(end)
	if i >= len(d) {
		return 0, c.short(i)
	}
	if d[i] != ':' {
		return 0, syntaxAt(i)
	}
	return c.ws(i + 1), nil
}

// upper maps ASCII letters to upper case and every other byte to itself.
var upper = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'a' <= i && i <= 'z' {
			t[i] = byte(i) - ('a' - 'A')
		}
	}
	return t
}()

// keyHash is a number below 64 that keys folding alike (sameKey) share: their length and
// their first and last bytes, upper-cased.
func (c *checker) keyHash(k key) uint {
	b := c.data
	if k.folded {
		b = c.fold
	}
	n := k.end - k.start
	if n == 0 {
		return 0
	}
	return (uint(n)*7 + uint(upper[b[k.start]])*5 + uint(upper[b[k.end-1]])) & 63
}

// sameKey reports whether two keys fold alike.
func (c *checker) sameKey(a, b key) bool {
	if a.end-a.start != b.end-b.start {
		return false
	}
	x, y := c.data[a.start:a.end], c.data[b.start:b.end]
	if a.folded {
		x = c.fold[a.start:a.end]
	}
	if b.folded {
		y = c.fold[b.start:b.end]
	}
	// A folded key is upper-cased already; upper is the identity on it for ASCII and
	// leaves its other bytes as they are.
	for i := range x {
		if upper[x[i]] != upper[y[i]] {
			return false
		}
	}
	return true
}

// foldedString returns the folded form of k as a string.
func (c *checker) foldedString(k key) string {
	if k.folded {
		return string(c.fold[k.start:k.end])
	}
	b := make([]byte, k.end-k.start)
	for i, ch := range c.data[k.start:k.end] {
		b[i] = upper[ch]
	}
	return string(b)
}

// appendFolded appends name folded as encoding/json folds object keys to match fields
// (bytes.EqualFold), so that two keys encoding/json would put in one field fold alike.
func appendFolded(out []byte, name []byte) []byte {
	for i := 0; i < len(name); {
		if b := name[i]; b < utf8.RuneSelf {
			if 'a' <= b && b <= 'z' {
				b -= 'a' - 'A'
			}
			out = append(out, b)
			i++
			continue
		}
		r, size := utf8.DecodeRune(name[i:])
		out = utf8.AppendRune(out, foldRune(r))
		i += size
	}
	return out
}

// foldRune is the smallest rune of r's fold set (unicode.SimpleFold's orbit), as
// encoding/json's foldName and bytes.EqualFold fold: İ and ı are not the fold of I.
func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

// unquote decodes a checked JSON string literal (quotes included).
func unquote(lit []byte) []byte {
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return lit
	}
	return []byte(s)
}

// strSafe marks the bytes a string may hold as they are: not '"', '\\', a control byte or
// a byte of a multi-byte UTF-8 sequence.
var strSafe = func() (t [256]bool) {
	for b := 0x20; b < 0x80; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// str checks the string literal at i and returns the index after its closing quote, and
// whether it holds only plain ASCII (no escapes, no multi-byte sequences).
func (c *checker) str(i int) (int, bool, error) {
	d := c.data
	plain := true
	i++
	for {
		// Eight bytes at a time while none is '"', '\\', a control byte or >= 0x80
		// (strSpecial), then byte by byte; once a special byte is found, i is on it and the
		// byte loop is skipped.
		for i+8 <= len(d) {
			if m := strSpecial(binary.LittleEndian.Uint64(d[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				goto special
			}
			i += 8
		}
		for i < len(d) && strSafe[d[i]] {
			i++
		}
	special:
		if i >= len(d) {
			return 0, false, c.short(i)
		}
		switch b := d[i]; {
		case b == '"':
			return i + 1, plain, nil
		case b == '\\':
			plain = false
			if i+1 >= len(d) {
				return 0, false, c.short(i)
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				r, ok := hex4(d, i+2)
				if !ok {
					if c.partial && i+6 > len(d) {
						return 0, false, errShort
					}
					return 0, false, syntaxAt(i)
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if c.partial && i+6 > len(d) {
						return 0, false, errShort // the low surrogate may follow
					}
					// Only a high surrogate followed by an escaped low one is a character;
					// encoding/json would turn anything else into U+FFFD.
					var r2 rune = -1
					if i+1 < len(d) && d[i] == '\\' && d[i+1] == 'u' {
						r2, ok = hex4(d, i+2)
						if !ok {
							return 0, false, syntaxAt(i)
						}
					}
					if utf16.DecodeRune(r, r2) == utf8.RuneError {
						return 0, false, ErrInvalidUTF8
					}
					i += 6
				}
			default:
				return 0, false, syntaxAt(i)
			}
		case b < 0x20:
			return 0, false, syntaxAt(i)
		default: // b >= 0x80
			plain = false
			if c.partial && !utf8.FullRune(d[i:]) {
				return 0, false, errShort
			}
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 {
				return 0, false, ErrInvalidUTF8
			}
			i += size
		}
	}
}

// strSpecial marks, with its top bit, each byte of the eight in x (little-endian) that
// is '"', '\\', a control byte or >= 0x80. The lowest mark is exact (a false mark only
// ever follows a true one, by a borrow), which is all str reads.
func strSpecial(x uint64) uint64 {
	q, bs := x^(lsb*'"'), x^(lsb*'\\')
	return ((q-lsb)&^q | (bs-lsb)&^bs | (x-lsb*0x20)&^x | x) & msb
}

func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, b := range d[i : i+4] {
		switch {
		case '0' <= b && b <= '9':
			b -= '0'
		case 'a' <= b && b <= 'f':
			b = b - 'a' + 10
		case 'A' <= b && b <= 'F':
			b = b - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(b)
	}
	return r, true
}

// number checks the number at i: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// In partial mode a number that reaches the end of data may go on: errShort.
func (c *checker) number(i int) (int, error) {
	d := c.data
	start := i
	digits := func() bool {
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		return i > j
	}
	fail := func(at int) (int, error) {
		if c.partial && i >= len(d) {
			return 0, errShort
		}
		return 0, syntaxAt(at)
	}
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		digits()
	default:
		if i < len(d) && d[i] >= utf8.RuneSelf {
			if c.partial && !utf8.FullRune(d[i:]) {
				return 0, errShort
			}
			if !validRuneAt(d, i) {
				return 0, ErrInvalidUTF8
			}
		}
		return fail(start)
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return fail(i)
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return fail(i)
		}
	}
	if c.partial && i >= len(d) {
		return 0, errShort
	}
	return i, nil
}

func validRuneAt(d []byte, i int) bool {
	r, size := utf8.DecodeRune(d[i:])
	return !(r == utf8.RuneError && size == 1)
}

// Unmarshal checks data with Check and decodes it into v. Its errors never quote data.
func Unmarshal(data []byte, v any) error {
	if err := Check(data); err != nil {
		return err
	}
	return decodeChecked(data, v)
}

// UnmarshalStd is json.Unmarshal(data, v), value and error alike, for code that keeps
// encoding/json's own errors (an UnmarshalJSON method, a caller matching
// *json.UnmarshalTypeError): a document Check accepts is decoded without encoding/json's
// second validation and per-value overhead (see decode); any other document, and any
// decode that fails, is json.Unmarshal's. Its errors may quote data, as encoding/json's do.
func UnmarshalStd(data []byte, v any) error {
	if walks(v) && Check(data) == nil && decode(data, v) == nil {
		return nil
	}
	return json.Unmarshal(data, v)
}

// decodeChecked decodes a checked document as json.Unmarshal does (see decode), describing a
// failure by field and kind only.
func decodeChecked(data []byte, v any) error {
	err := decode(data, v)
	if err == nil {
		return nil
	}
	return describe(err)
}

// describe is encoding/json's error of a checked document, described by field and kind.
func describe(err error) error {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		// typ.Value can hold the number itself ("number 1E700"): keep only its kind.
		kind, _, _ := strings.Cut(typ.Value, " ")
		return &FieldError{Field: typ.Field, Reason: "JSON " + kind + " does not fit " + typ.Type.String()}
	}
	var inv *json.InvalidUnmarshalError
	if errors.As(err, &inv) {
		return err // a nil or non-pointer target: names a Go type only
	}
	// A field's own UnmarshalJSON failed (a malformed time, a decimal): its error may quote
	// the value, so only the kind of failure is kept, and the cause is not wrapped.
	return &FieldError{Reason: "a value does not parse as its field's type"}
}

// FieldError is a well-formed document whose value does not fit a Go field. It matches
// ErrMismatch and never holds the value.
type FieldError struct {
	// Field is the JSON path of the field, e.g. "service_requests.id", when known.
	Field string
	// Reason says what does not fit, without the value.
	Reason string
}

// Error returns "json: field F: Reason".
func (e *FieldError) Error() string {
	if e.Field == "" {
		return "json: " + e.Reason
	}
	return "json: field " + e.Field + ": " + e.Reason
}

// Is matches ErrMismatch.
func (e *FieldError) Is(target error) bool { return target == ErrMismatch }
