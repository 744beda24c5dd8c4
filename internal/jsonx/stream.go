package jsonx

import (
	"errors"
	"io"
)

// Scanner reads one JSON document from a stream, as strictly as Check checks a whole one
// (invalid UTF-8 anywhere, duplicate or case-variant keys at every level, nesting deeper
// than MaxDepth and trailing data are refused), without holding it whole: a caller walks
// the containers it cares about (Object and Member, Array and Next) and takes the values
// in them one at a time (Value, Decode), and Skip checks and drops a value it does not
// want, descending into it so that even a large one is never held. A list answer of
// thousands of items is so read with one item's bytes, and a read buffer, at a time.
//
// Each value is checked in the same pass that finds where it ends, then decoded as
// json.Unmarshal would decode it. The Scanner's errors are Check's (a *SyntaxError's Offset counts from the
// start of the stream), a reader's error as it is, or a SyntaxError at the end of the
// stream when it ends inside the document. None holds any content. Once it has returned an
// error, a Scanner is not to be used further.
type Scanner struct {
	r    io.Reader
	buf  []byte // read from r; buf[pos:] is not consumed yet
	pos  int
	base int64 // offset in the stream of buf[0]
	eof  bool
	err  error // a failure of r, returned by every later read

	c      *checker
	frames []scanFrame // the containers entered with Object and Array

	elems elemDocs
	// beforeRead, when set, runs before the Scanner waits for more of the stream: a batch
	// of elements decodes what has arrived (DecodeElements).
	beforeRead func() error
}

// scanFrame is a container the Scanner is inside of.
type scanFrame struct {
	object bool
	begun  bool     // a member or element has been read
	names  []string // the object's member names so far, folded
	set    map[string]struct{}
}

// scanBuffer is the size of a Scanner's first read buffer; it grows to hold a larger value.
const scanBuffer = 64 << 10

// NewScanner returns a Scanner reading the document r holds.
func NewScanner(r io.Reader) *Scanner {
	return &Scanner{r: r, buf: make([]byte, 0, scanBuffer), c: &checker{keys: make([]key, 0, 64)}}
}

// more reads from r until at least want bytes are unconsumed, r ends, or it fails, moving
// the unconsumed bytes to the front of the buffer first (and growing it when they fill it).
// Values and names returned earlier are invalidated.
func (s *Scanner) more(want int) error {
	if s.err != nil {
		return s.err
	}
	if s.beforeRead != nil {
		if err := s.beforeRead(); err != nil {
			return err
		}
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:])
		s.base += int64(s.pos)
		s.buf, s.pos = s.buf[:n], 0
	}
	if want > cap(s.buf) {
		b := make([]byte, len(s.buf), max(want, 2*cap(s.buf)))
		copy(b, s.buf)
		s.buf = b
	}
	for !s.eof && len(s.buf) < want {
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		switch {
		case err == io.EOF:
			s.eof = true
		case err != nil:
			s.err = err
			return err
		case n == 0:
			return nil // let the caller ask again
		}
	}
	return nil
}

// need returns how many unconsumed bytes to read for before checking again a value that
// the buffer ends inside of: twice as many as there are, so that a large value is checked
// again only a few times over.
func (s *Scanner) need() int { return max(2*(len(s.buf)-s.pos), 4<<10) }

// peek returns the next byte that is not white space, without consuming it.
func (s *Scanner) peek() (byte, error) {
	for {
		for s.pos < len(s.buf) && isSpace(s.buf[s.pos]) {
			s.pos++
		}
		if s.pos < len(s.buf) {
			return s.buf[s.pos], nil
		}
		if s.eof {
			return 0, s.syntax(s.pos)
		}
		if err := s.more(1); err != nil {
			return 0, err
		}
	}
}

// syntax is the *SyntaxError at index i of the buffer.
func (s *Scanner) syntax(i int) error { return syntaxAt(int(s.base) + i) }

// fail returns err with a SyntaxError's offset made the offset in the stream.
func (s *Scanner) fail(err error) error {
	var se *SyntaxError
	if errors.As(err, &se) {
		return &SyntaxError{Offset: se.Offset + s.base}
	}
	return err
}

// depth is the nesting the next value starts at.
func (s *Scanner) depth() int { return len(s.frames) }

// enter consumes the opening bracket of a container.
func (s *Scanner) enter(object bool) error {
	if s.depth() >= MaxDepth {
		return ErrTooDeep
	}
	s.pos++
	s.frames = append(s.frames, scanFrame{object: object})
	return nil
}

// Object enters the object that comes next; a value of another kind is a *FieldError (its
// JSON kind where an object belongs) and null is one too. Read its members with Member.
func (s *Scanner) Object() error {
	b, err := s.peek()
	if err != nil {
		return err
	}
	if b != '{' {
		return s.kindError(b, "object")
	}
	return s.enter(true)
}

// Array enters the array that comes next and reports true, or consumes a null and reports
// false; a value of another kind is a *FieldError. Read its elements with Next.
func (s *Scanner) Array() (bool, error) {
	b, err := s.peek()
	if err != nil {
		return false, err
	}
	switch b {
	case '[':
		return true, s.enter(false)
	case 'n':
		_, err := s.Value()
		return false, err
	}
	return false, s.kindError(b, "array")
}

// kindError names the JSON kind starting with b where want belongs, after checking that
// the value there is well-formed (a syntax error is reported as one).
func (s *Scanner) kindError(b byte, want string) error {
	if _, err := s.Value(); err != nil {
		return err
	}
	return kindError("", []byte{b}, want)
}

// Kind names the JSON kind of a value whose first byte is b: object, array, string,
// boolean, null or number.
func Kind(b byte) string {
	switch b {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// Member reads the name of the next member of the object entered last and the colon after
// it, and returns the name (unescaped). At the end of the object it consumes the closing
// brace and reports false. A name that an earlier member of the object has, exactly or as
// encoding/json folds names, is ErrDuplicateKey. Read or skip the member's value before
// asking for the next member.
func (s *Scanner) Member() (string, bool, error) {
	f := &s.frames[len(s.frames)-1]
	b, err := s.peek()
	if err != nil {
		return "", false, err
	}
	switch {
	case b == '}':
		return "", false, s.leave()
	case f.begun && b != ',':
		return "", false, s.syntax(s.pos)
	case f.begun:
		s.pos++
		if b, err = s.peek(); err != nil {
			return "", false, err
		}
	}
	if b != '"' {
		return "", false, s.syntax(s.pos)
	}
	f.begun = true
	// The name, checked as a string, then the colon.
	var end int
	for {
		s.c.data, s.c.partial = s.buf, !s.eof
		var plain bool
		end, plain, err = s.c.str(s.pos)
		s.c.data = nil
		if err == errShort {
			if err := s.more(s.need()); err != nil {
				return "", false, err
			}
			continue
		}
		if err != nil {
			return "", false, s.fail(err)
		}
		name := s.buf[s.pos+1 : end-1]
		if !plain {
			name = unquote(s.buf[s.pos:end])
		}
		s.pos = end
		n := string(name)
		if err := f.add(n); err != nil {
			return "", false, err
		}
		if b, err := s.peek(); err != nil {
			return "", false, err
		} else if b != ':' {
			return "", false, s.syntax(s.pos)
		}
		s.pos++
		return n, true, nil
	}
}

// add records a member name of the object, refusing one that folds like an earlier one.
func (f *scanFrame) add(name string) error {
	folded := string(appendFolded(nil, []byte(name)))
	if f.set != nil {
		if _, dup := f.set[folded]; dup {
			return ErrDuplicateKey
		}
		f.set[folded] = struct{}{}
		return nil
	}
	for _, o := range f.names {
		if o == folded {
			return ErrDuplicateKey
		}
	}
	f.names = append(f.names, folded)
	if len(f.names) > mapAfter {
		f.set = make(map[string]struct{}, 2*mapAfter)
		for _, o := range f.names {
			f.set[o] = struct{}{}
		}
		f.names = nil
	}
	return nil
}

// Next moves to the next element of the array entered last and reports true, or consumes
// the closing bracket and reports false. Read or skip the element before asking again.
func (s *Scanner) Next() (bool, error) {
	f := &s.frames[len(s.frames)-1]
	b, err := s.peek()
	if err != nil {
		return false, err
	}
	switch {
	case b == ']':
		return false, s.leave()
	case f.begun && b != ',':
		return false, s.syntax(s.pos)
	case f.begun:
		s.pos++
		if b, err = s.peek(); err != nil {
			return false, err
		}
		if b == ']' {
			return false, s.syntax(s.pos) // a trailing comma
		}
	}
	f.begun = true
	return true, nil
}

// leave consumes the closing bracket of the container entered last.
func (s *Scanner) leave() error {
	s.pos++
	s.frames = s.frames[:len(s.frames)-1]
	return nil
}

// Value returns the next value, checked: its bytes as sent, valid until the next call of
// any method (copy them to keep them).
func (s *Scanner) Value() ([]byte, error) {
	if _, err := s.peek(); err != nil {
		return nil, err
	}
	for {
		c := s.c
		c.data, c.partial = s.buf, !s.eof
		end, err := c.value(s.pos, MaxDepth-s.depth())
		c.data = nil
		c.reset()
		if err == errShort {
			if err := s.more(s.need()); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, s.fail(err)
		}
		v := s.buf[s.pos:end:end]
		s.pos = end
		return v, nil
	}
}

// Skip checks the next value and drops it. An object or an array is walked member by
// member and element by element, so that only its smallest parts are ever held.
func (s *Scanner) Skip() error {
	b, err := s.peek()
	if err != nil {
		return err
	}
	switch b {
	case '{':
		if err := s.enter(true); err != nil {
			return err
		}
		for {
			_, ok, err := s.Member()
			if err != nil || !ok {
				return err
			}
			if err := s.Skip(); err != nil {
				return err
			}
		}
	case '[':
		if err := s.enter(false); err != nil {
			return err
		}
		for {
			ok, err := s.Next()
			if err != nil || !ok {
				return err
			}
			if err := s.Skip(); err != nil {
				return err
			}
		}
	}
	_, err = s.Value()
	return err
}

// End reads the rest of the stream, which must hold nothing but white space after the
// document (ErrTrailingData otherwise); every container entered must have been left.
func (s *Scanner) End() error {
	if len(s.frames) > 0 {
		return errors.New("jsonx: Scanner.End inside a container")
	}
	for {
		for s.pos < len(s.buf) && isSpace(s.buf[s.pos]) {
			s.pos++
		}
		if s.pos < len(s.buf) {
			return ErrTrailingData
		}
		if s.eof {
			return nil
		}
		if err := s.more(1); err != nil {
			return err
		}
	}
}

// DecodeNext decodes the next value the Scanner holds into v as json.Unmarshal would, as Decode
// does (its errors are a *FieldError, never quoting the value), and calls bind, when not
// nil, with the Raw of the value: a copy of its bytes that v and its nested values may keep
// (the copies of successive values share blocks of memory). v is not reset first: decode
// into a zero value. For the elements of a long array, DecodeElements is cheaper.
func DecodeNext[T any](s *Scanner, v *T, bind func(*T, Raw)) error {
	data, err := s.Value()
	if err != nil {
		return err
	}
	if err := decodeChecked(data, v); err != nil {
		return err
	}
	if bind != nil {
		bind(v, s.elems.bindCopy(data))
	}
	return nil
}

// DecodeElements decodes the elements of the array the Scanner has just entered (Array
// reported true), each into a zero T with encoding/json, and hands each, with the Raw of
// its own copy of its bytes (as DecodeNext binds it), to yield, until the array ends (its
// closing bracket consumed) or yield returns false (stopped). v is the decoder's until
// yield returns: copy what you keep.
//
// Each element is checked as it arrives, and copied next to the elements before it, which
// are decoded together, in one decode, before the Scanner waits for more of the
// stream or once a few hundred are waiting: an element is yielded as soon as the bytes
// after it are slow to come, and the cost of a decode call is shared by many elements. An
// element that does not fit T, or that the Scanner refuses, fails the array after those
// before it were yielded.
func DecodeElements[T any](s *Scanner, yield func(v *T, raw Raw) bool) (n int, stopped bool, err error) {
	b := &elemBatch[T]{s: s, yield: yield}
	s.beforeRead = b.flush
	defer func() { s.beforeRead = nil }()
	for {
		more, err := s.Next()
		if err == nil && more {
			var v []byte
			if v, err = s.Value(); err == nil {
				err = b.add(v)
			}
		}
		if err != errStop && (err != nil || !more) {
			// The array ended, or failed: the elements before are decoded and yielded
			// first (the first failure wins).
			s.beforeRead = nil
			if ferr := b.flush(); ferr != nil {
				err = ferr
			}
		}
		switch {
		case err == errStop:
			return b.n, true, nil
		case err != nil:
			return b.n, false, err
		case !more:
			return b.n, false, nil
		}
	}
}

// errStop is how a batch whose consumer stopped unwinds the Scanner's read.
var errStop = errors.New("jsonx: stopped")

// maxBatch is the most elements decoded together.
const maxBatch = 256

// elemBatch is the elements of an array read but not yet decoded: copied, one after the
// other and comma-separated, into a block of the Scanner's elemDocs after an opening
// bracket, so that a closing one makes them a JSON array to decode at once.
type elemBatch[T any] struct {
	s     *Scanner
	yield func(*T, Raw) bool
	vals  []T
	raws  []Raw
	start int // the batch's '[' in the block
	n     int
}

// add copies the element v into the batch, first decoding the batch when its block is full.
func (b *elemBatch[T]) add(v []byte) error {
	e := &b.s.elems
	if len(b.raws) == maxBatch {
		if err := b.flush(); err != nil {
			return err
		}
	}
	// Room for a separator (or the '[' of a new batch), v and the closing ']'.
	if e.doc == nil || len(v)+2 > len(e.doc.data)-e.used {
		if err := b.flush(); err != nil {
			return err
		}
		e.newBlock(len(v) + 2)
	}
	if len(b.raws) == 0 {
		b.start = e.used
		e.doc.data[e.used] = '['
	} else {
		e.doc.data[e.used] = ','
	}
	e.used++
	b.raws = append(b.raws, e.bind(v))
	return nil
}

// flush decodes the batch and yields its elements.
func (b *elemBatch[T]) flush() error {
	if len(b.raws) == 0 {
		return nil
	}
	e := &b.s.elems
	e.doc.data[e.used] = ']'
	arr := e.doc.data[b.start : e.used+1]
	// The ']' stays outside every element's span: the next batch starts after it.
	e.used++
	clear(b.vals[:cap(b.vals)])
	b.vals = b.vals[:0]
	raws := b.raws
	b.raws = b.raws[:0]
	if err := decode(arr, &b.vals); err != nil || len(b.vals) != len(raws) {
		// Decode them one by one, to yield those before the one that does not fit.
		for _, raw := range raws {
			var v T
			if err := decodeChecked(raw.JSON(), &v); err != nil {
				return err
			}
			b.n++
			if !b.yield(&v, raw) {
				return errStop
			}
		}
		return nil
	}
	for i := range b.vals {
		b.n++
		if !b.yield(&b.vals[i], raws[i]) {
			return errStop
		}
	}
	return nil
}

// elemDocs holds the copies of streamed values that Raws point to: blocks of elemBlock
// bytes, each one Doc, that values are copied into one after the other. The bytes of a
// block are written before any Raw points to them and never changed afterwards, and its
// slice header is set once, so that a value handed to another goroutine reads its raw JSON
// while later values are copied into the block.
type elemDocs struct {
	doc   *blockDoc
	used  int
	nodes []rawNode // the values' nodes, in slabs as Doc.node takes them
}

type blockDoc struct {
	doc  Doc
	data []byte
}

// elemBlock is the size of a block of copied values (a larger value has a block of its own).
const elemBlock = 64 << 10

// newBlock starts a block of at least n bytes.
func (e *elemDocs) newBlock(n int) {
	b := &blockDoc{data: make([]byte, max(elemBlock, n))}
	b.doc.data = &b.data
	e.doc, e.used = b, 0
}

// bindCopy copies v into the current block (a new one when it lacks room) and returns its Raw.
func (e *elemDocs) bindCopy(v []byte) Raw {
	if e.doc == nil || len(v) > len(e.doc.data)-e.used {
		e.newBlock(len(v))
	}
	return e.bind(v)
}

// bind copies v into the current block, which has room for it, and returns its Raw.
func (e *elemDocs) bind(v []byte) Raw {
	start := e.used
	e.used += copy(e.doc.data[start:], v)
	if len(e.nodes) == cap(e.nodes) {
		e.nodes = make([]rawNode, 0, maxSlab)
	}
	e.nodes = e.nodes[:len(e.nodes)+1]
	n := &e.nodes[len(e.nodes)-1]
	*n = rawNode{doc: &e.doc.doc, start: start, end: e.used, part: true}
	return Raw{n}
}
