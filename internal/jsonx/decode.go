package jsonx

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// decoder walks a document that Check accepted and fills a Go value as json.Unmarshal
// does, without validating the document again: its plans (plan.go) say what each type takes,
// and a value it has no plan for is handed to json.Unmarshal alone. Anything unexpected
// (which a checked document never holds) makes the whole document fall back (errFallback).
type decoder struct {
	data  []byte
	i     int          // the next byte to read
	depth int          // the objects and arrays open
	saved error        // the first mismatch, which decoding goes on after, as encoding/json's
	stack []string     // the JSON names of the fields being decoded, outermost first
	strct reflect.Type // the struct type holding the innermost field being decoded
	buf   []byte       // scratch for unescaping keys and strings
}

// errFallback is a document the decoder leaves to json.Unmarshal whole.
var errFallback = errors.New("jsonx: decode falls back to encoding/json")

// maxDecodeDepth bounds the nesting the decoder follows (Check accepts MaxDepth).
const maxDecodeDepth = MaxDepth + 1

// decoders keeps decoders, with their scratch space, for reuse.
var decoders = sync.Pool{New: func() any { return &decoder{stack: make([]string, 0, 16)} }}

// sliceHeader is the memory layout of a Go slice.
type sliceHeader struct {
	data unsafe.Pointer
	len  int
	cap  int
}

// emptyBase is what the data of a non-nil empty slice the decoder makes points to.
var emptyBase struct{}

// decode decodes data, which Check accepted, into v as json.Unmarshal(data, v) does, and
// returns the error json.Unmarshal would (not yet described).
func decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return json.Unmarshal(data, v) // its *json.InvalidUnmarshalError
	}
	p := planFor(rv.Type())
	if p.kind != kindPointer || p.elem.kind == kindFallback {
		return json.Unmarshal(data, v)
	}
	d := decoders.Get().(*decoder)
	d.data, d.i, d.depth, d.saved, d.strct = data, 0, 0, nil, nil
	err := d.root(p, rv)
	if err == nil {
		d.ws()
		if d.i != len(d.data) {
			err = errFallback
		}
	}
	if err == nil {
		err = d.saved
	}
	d.data, d.saved, d.strct = nil, nil, nil
	d.stack = d.stack[:0] // field names of plans: nothing to release
	if cap(d.stack) <= 256 && cap(d.buf) <= 64<<10 {
		decoders.Put(d)
	}
	if err == errFallback {
		return json.Unmarshal(data, v)
	}
	return err
}

// walks reports whether decode walks a document into v itself: v is a non-nil pointer to a
// type it has a plan for, not one it hands whole to json.Unmarshal (a map, an interface).
func walks(v any) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return false
	}
	p := planFor(rv.Type())
	return p.kind == kindPointer && p.elem.kind != kindFallback
}

// root decodes the document into the pointer rv, whose type has the plan p: encoding/json
// asks the pointer's methods first (UnmarshalJSON even for null), then fills its pointee.
func (d *decoder) root(p *plan, rv reflect.Value) error {
	d.ws()
	if d.i >= len(d.data) {
		return errFallback
	}
	c := d.data[d.i]
	switch {
	case p.unmarshaler || (p.text && c != 'n'):
		return d.methods(p, rv, c, p.t)
	case p.elem.kind == kindPointer:
		return d.pointer(p.elem, rv.UnsafePointer(), c, p.t)
	}
	return d.value(p.elem, rv.UnsafePointer(), false)
}

// pointer decodes the value at d.i (whose first byte is c) into the pointer at ptr, of p's
// type, as encoding/json's indirect does: null sets it nil; else it is allocated when nil,
// its methods asked, and its pointee filled (through further pointers, each so). origin is
// the type of the value the walk down the pointers started at, which a mismatch with a
// method names.
func (d *decoder) pointer(p *plan, ptr unsafe.Pointer, c byte, origin reflect.Type) error {
	for {
		pp := (*unsafe.Pointer)(ptr)
		if c == 'n' {
			if !d.literal("null") {
				return errFallback
			}
			*pp = nil
			return nil
		}
		if *pp == nil {
			*pp = reflect.New(p.elem.t).UnsafePointer()
		}
		if p.unmarshaler || p.text {
			return d.methods(p, reflect.NewAt(p.t, ptr).Elem(), c, origin)
		}
		if p.elem.kind != kindPointer {
			return d.value(p.elem, *pp, false)
		}
		p, ptr = p.elem, *pp
	}
}

// value decodes the value at d.i into the Go value at ptr, of p's type. atField says the
// value is a struct field or an element, where encoding/json asks the methods of a named
// type's pointer; a pointee (atField false) has had its pointer's methods asked already.
// An error returned ends the decode (a method's, or errFallback); a mismatch is saved.
func (d *decoder) value(p *plan, ptr unsafe.Pointer, atField bool) error {
	d.ws()
	if d.i >= len(d.data) {
		return errFallback
	}
	c := d.data[d.i]
	switch {
	case p.kind == kindPointer:
		return d.pointer(p, ptr, c, p.t)
	case atField && (p.unmarshaler || (p.text && c != 'n')):
		return d.methods(p, reflect.NewAt(p.t, ptr), c, p.t)
	case p.kind == kindFallback:
		return d.fallback(p, ptr, atField)
	}
	switch c {
	case '"':
		if p.kind != kindString {
			return d.mismatch("string", p.t)
		}
		s, ok := d.unquote(false)
		if !ok {
			return errFallback
		}
		*(*string)(ptr) = string(s)
		return nil
	case '{':
		if p.kind != kindStruct {
			return d.mismatch("object", p.t)
		}
		return d.object(p, ptr)
	case '[':
		switch p.kind {
		case kindSlice:
			return d.slice(p, ptr)
		case kindArray:
			return d.array(p, ptr)
		}
		return d.mismatch("array", p.t)
	case 't', 'f':
		if !d.literal("true") && !d.literal("false") {
			return errFallback
		}
		if p.kind != kindBool {
			return d.mismatchAfter("bool", p.t)
		}
		*(*bool)(ptr) = c == 't'
		return nil
	case 'n':
		if !d.literal("null") {
			return errFallback
		}
		if p.kind == kindSlice {
			*(*sliceHeader)(ptr) = sliceHeader{}
		}
		return nil
	}
	return d.number(p, ptr)
}

// methods decodes the value at d.i (whose first byte is c) with the UnmarshalJSON or
// UnmarshalText method of recv, a pointer of p's type or to it, as encoding/json does: the
// value's exact bytes to UnmarshalJSON; a string's unquoted bytes to UnmarshalText, and
// anything but a string is a mismatch with origin. The method's error ends the decode.
func (d *decoder) methods(p *plan, recv reflect.Value, c byte, origin reflect.Type) error {
	start := d.i
	if p.unmarshaler {
		if !d.skip() {
			return errFallback
		}
		u, ok := recv.Interface().(json.Unmarshaler)
		if !ok {
			return errFallback
		}
		if err := u.UnmarshalJSON(d.data[start:d.i:d.i]); err != nil {
			return d.context(err)
		}
		return nil
	}
	if c != '"' {
		return d.mismatch(kindName(c), origin)
	}
	s, ok := d.unquote(true)
	if !ok {
		return errFallback
	}
	u, ok := recv.Interface().(encoding.TextUnmarshaler)
	if !ok {
		return errFallback
	}
	if err := u.UnmarshalText(s); err != nil {
		return d.context(err)
	}
	return nil
}

// kindName is how encoding/json names the kind of a JSON value that starts with c.
func kindName(c byte) string {
	if c == 't' || c == 'f' {
		return "bool" // Kind says "boolean"
	}
	return Kind(c)
}

// fallback hands the value at d.i, of a type the decoder has no plan for, to json.Unmarshal.
// Its error, which may be a mismatch saved or a method's that ended encoding/json's decode,
// is left to a json.Unmarshal of the whole document (errFallback) to order exactly.
func (d *decoder) fallback(p *plan, ptr unsafe.Pointer, atField bool) error {
	if atField && p.ptrMethods {
		return errFallback // json.Unmarshal of it alone would call methods a field's never are
	}
	start := d.i
	if !d.skip() {
		return errFallback
	}
	if json.Unmarshal(d.data[start:d.i:d.i], reflect.NewAt(p.t, ptr).Interface()) != nil {
		return errFallback
	}
	return nil
}

// object decodes the object at d.i into the struct at ptr: each key into the field of that
// name (exactly, else case-insensitively), unknown keys skipped.
func (d *decoder) object(p *plan, ptr unsafe.Pointer) error {
	if d.depth++; d.depth > maxDecodeDepth {
		return errFallback
	}
	d.i++ // '{'
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		d.depth--
		return nil
	}
	base, strct := len(d.stack), d.strct
	hint := 0
	for {
		d.ws()
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			return errFallback
		}
		key, ok := d.unquote(false)
		if !ok {
			return errFallback
		}
		d.ws()
		if d.i >= len(d.data) || d.data[d.i] != ':' {
			return errFallback
		}
		d.i++
		if f := p.lookup(key, hint); f < 0 {
			if !d.skip() {
				return errFallback
			}
		} else {
			hint = f + 1
			fp := &p.fields[f]
			d.stack = append(append(d.stack, fp.embedded...), fp.name)
			d.strct = p.t
			if err := d.value(fp.plan, unsafe.Add(ptr, fp.offset), true); err != nil {
				return err
			}
			d.stack, d.strct = d.stack[:base], strct
		}
		more, ok := d.next('}')
		if !ok {
			return errFallback
		}
		if !more {
			d.depth--
			return nil
		}
	}
}

// next consumes what follows a member or an element: a comma (more reports true) or end,
// the closing bracket (more reports false). Anything else is not a checked document (ok
// reports false).
func (d *decoder) next(end byte) (more, ok bool) {
	d.ws()
	if d.i >= len(d.data) {
		return false, false
	}
	switch d.data[d.i] {
	case ',':
		d.i++
		return true, true
	case end:
		d.i++
		return false, true
	}
	return false, false
}

// slice decodes the array at d.i into the slice at ptr as encoding/json does: into its
// elements in place (also those between its length and capacity), growing it as needed,
// then cutting it to the array's length; an empty array makes an empty, non-nil slice.
func (d *decoder) slice(p *plan, ptr unsafe.Pointer) error {
	if d.depth++; d.depth > maxDecodeDepth {
		return errFallback
	}
	d.i++ // '['
	h := (*sliceHeader)(ptr)
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == ']' {
		d.i++
		d.depth--
		*h = sliceHeader{data: unsafe.Pointer(&emptyBase)}
		return nil
	}
	n := 0
	for {
		if n >= h.cap {
			reflect.NewAt(p.t, ptr).Elem().Grow(1)
		}
		if n >= h.len {
			h.len = n + 1
		}
		if err := d.value(p.elem, unsafe.Add(h.data, uintptr(n)*p.size), true); err != nil {
			return err
		}
		n++
		more, ok := d.next(']')
		if !ok {
			return errFallback
		}
		if !more {
			break
		}
	}
	if n < h.len {
		h.len = n
	}
	d.depth--
	return nil
}

// array decodes the array at d.i into the Go array at ptr: elements past the Go array's
// length are skipped, and the Go array's elements past the JSON array's are zeroed.
func (d *decoder) array(p *plan, ptr unsafe.Pointer) error {
	if d.depth++; d.depth > maxDecodeDepth {
		return errFallback
	}
	d.i++ // '['
	n := 0
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == ']' {
		d.i++
	} else {
		for {
			if n < p.length {
				if err := d.value(p.elem, unsafe.Add(ptr, uintptr(n)*p.size), true); err != nil {
					return err
				}
			} else if !d.skip() {
				return errFallback
			}
			n++
			more, ok := d.next(']')
			if !ok {
				return errFallback
			}
			if !more {
				break
			}
		}
	}
	for ; n < p.length; n++ {
		reflect.NewAt(p.elem.t, unsafe.Add(ptr, uintptr(n)*p.size)).Elem().SetZero()
	}
	d.depth--
	return nil
}

// number decodes the number at d.i into the int, uint or float at ptr as encoding/json
// does (strconv on the literal; a fraction, an exponent or an overflow does not fit an
// integer, an overflow does not fit a float); any other kind is a mismatch.
func (d *decoder) number(p *plan, ptr unsafe.Pointer) error {
	start := d.i
	for d.i < len(d.data) && numberByte(d.data[d.i]) {
		d.i++
	}
	lit := d.data[start:d.i]
	if !validNumber(lit) {
		return errFallback
	}
	switch p.kind {
	case kindInt:
		n, ok := parseInt(lit)
		if bits := p.size * 8; ok && bits < 64 && n != (n<<(64-bits))>>(64-bits) {
			ok = false
		}
		if !ok {
			return d.mismatchAfter("number", p.t)
		}
		switch p.size {
		case 1:
			*(*int8)(ptr) = int8(n)
		case 2:
			*(*int16)(ptr) = int16(n)
		case 4:
			*(*int32)(ptr) = int32(n)
		default:
			*(*int64)(ptr) = n
		}
	case kindUint:
		n, ok := parseUint(lit)
		if bits := p.size * 8; ok && bits < 64 && n != (n<<(64-bits))>>(64-bits) {
			ok = false
		}
		if !ok {
			return d.mismatchAfter("number", p.t)
		}
		switch p.size {
		case 1:
			*(*uint8)(ptr) = uint8(n)
		case 2:
			*(*uint16)(ptr) = uint16(n)
		case 4:
			*(*uint32)(ptr) = uint32(n)
		default:
			*(*uint64)(ptr) = n
		}
	case kindFloat:
		bits := int(p.size * 8)
		f, err := strconv.ParseFloat(unsafe.String(&lit[0], len(lit)), bits)
		if err != nil {
			return d.mismatchAfter("number", p.t)
		}
		if bits == 32 {
			*(*float32)(ptr) = float32(f)
		} else {
			*(*float64)(ptr) = f
		}
	default:
		return d.mismatchAfter("number", p.t)
	}
	return nil
}

// validNumber says whether lit is a JSON number (a checked document's always are).
func validNumber(s []byte) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	switch {
	case len(s) == 0:
		return false
	case s[0] == '0':
		s = s[1:]
	case '1' <= s[0] && s[0] <= '9':
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	default:
		return false
	}
	if len(s) > 0 && s[0] == '.' {
		s = s[1:]
		if len(s) == 0 || s[0] < '0' || s[0] > '9' {
			return false
		}
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	}
	if len(s) > 0 && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
			s = s[1:]
		}
		if len(s) == 0 || s[0] < '0' || s[0] > '9' {
			return false
		}
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	}
	return len(s) == 0
}

// numberByte says whether c may be part of a JSON number.
func numberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// parseInt is strconv.ParseInt(string(lit), 10, 64) without the string, ok false on error.
func parseInt(lit []byte) (int64, bool) {
	s := lit
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 18 {
		n, err := strconv.ParseInt(unsafe.String(&lit[0], len(lit)), 10, 64)
		return n, err == nil
	}
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if len(s) != len(lit) {
		n = -n
	}
	return n, true
}

// parseUint is strconv.ParseUint(string(lit), 10, 64) without the string, ok false on error.
func parseUint(lit []byte) (uint64, bool) {
	if len(lit) > 19 {
		n, err := strconv.ParseUint(unsafe.String(&lit[0], len(lit)), 10, 64)
		return n, err == nil
	}
	var n uint64
	for _, c := range lit {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, len(lit) > 0
}

// mismatch skips the value at d.i and saves that a JSON value of the kind does not fit t.
func (d *decoder) mismatch(kind string, t reflect.Type) error {
	if !d.skip() {
		return errFallback
	}
	return d.mismatchAfter(kind, t)
}

// mismatchAfter saves, unless a mismatch is saved already, that a JSON value of the kind
// (never the value itself) does not fit t, with the path of the field it is in.
func (d *decoder) mismatchAfter(kind string, t reflect.Type) error {
	if d.saved == nil {
		d.saved = d.context(&json.UnmarshalTypeError{Value: kind, Type: t})
	}
	return nil
}

// context is encoding/json's addErrorContext: a *json.UnmarshalTypeError gets the struct
// and the path of the field being decoded.
func (d *decoder) context(err error) error {
	te, ok := err.(*json.UnmarshalTypeError)
	if !ok || d.strct == nil && len(d.stack) == 0 {
		return err
	}
	if d.strct != nil {
		te.Struct = d.strct.Name()
	}
	path := d.stack[:len(d.stack):len(d.stack)]
	if te.Field != "" {
		path = append(path, te.Field)
	}
	te.Field = strings.Join(path, ".")
	return err
}

// ws skips white space.
func (d *decoder) ws() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// literal consumes lit (null, true or false) if the data at d.i starts with it.
func (d *decoder) literal(lit string) bool {
	if d.i+len(lit) <= len(d.data) && string(d.data[d.i:d.i+len(lit)]) == lit {
		d.i += len(lit)
		return true
	}
	return false
}

// skip consumes the value at d.i, reporting false if it is not one.
func (d *decoder) skip() bool {
	d.ws()
	depth := 0
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case '"':
			if !d.skipString() {
				return false
			}
		case '{', '[':
			d.i++
			depth++
			continue
		case '}', ']':
			d.i++
			if depth--; depth < 0 {
				return false
			}
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return false
			}
			d.i++
			continue
		default:
			start := d.i
			for d.i < len(d.data) && (numberByte(d.data[d.i]) || 'a' <= d.data[d.i] && d.data[d.i] <= 'z') {
				d.i++
			}
			if d.i == start {
				return false
			}
		}
		if depth == 0 {
			return true
		}
	}
	return false
}

// skipString consumes the string at d.i (at its opening quote).
func (d *decoder) skipString() bool {
	j := d.i + 1
	for {
		k := bytes.IndexByte(d.data[j:], '"')
		if k < 0 {
			return false
		}
		j += k
		// The quote is escaped when an odd number of backslashes precede it.
		b := j - 1
		for b > d.i && d.data[b] == '\\' {
			b--
		}
		if (j-1-b)%2 == 0 {
			d.i = j + 1
			return true
		}
		j++
	}
}

// unquote consumes the string at d.i (at its opening quote) and returns its content as
// encoding/json unquotes it: the document's own bytes when it holds no escape and is valid
// UTF-8 (as a checked document is), else unescaped bytes in d.buf (valid until the next
// unquote), or in a new slice when own is set.
func (d *decoder) unquote(own bool) ([]byte, bool) {
	start := d.i + 1
	if start > len(d.data) {
		return nil, false
	}
	k := bytes.IndexByte(d.data[start:], '"')
	if k < 0 {
		return nil, false
	}
	if s := d.data[start : start+k : start+k]; bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
		d.i = start + k + 1
		return s, true
	}
	if !d.skipString() {
		return nil, false
	}
	s := d.data[start : d.i-1]
	var b []byte
	if own {
		b = make([]byte, 0, len(s)+2*utf8.UTFMax)
	} else {
		b = d.buf[:0]
	}
	b, ok := unescape(b, s)
	if !own {
		d.buf = b
	}
	return b, ok
}

// unescape appends the content s of a JSON string, unescaped, to b, as encoding/json's
// unquoteBytes unescapes it: an escaped lone surrogate and invalid UTF-8 become U+FFFD.
func unescape(b, s []byte) ([]byte, bool) {
	for r := 0; r < len(s); {
		switch c := s[r]; {
		case c == '\\':
			if r+1 >= len(s) {
				return b, false
			}
			switch s[r+1] {
			case '"', '\\', '/', '\'':
				b = append(b, s[r+1])
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := getu4(s[r:])
				if rr < 0 {
					return b, false
				}
				r += 6
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, getu4(s[r:])); dec != unicode.ReplacementChar {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default:
				return b, false
			}
			r += 2
		case c == '"', c < ' ':
			return b, false
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return b, true
}

// getu4 decodes \uXXXX from the beginning of s, returning the hex value, or -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c = c - '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
