package jsonx

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"iter"
	"math/bits"
	"sync"
	"unicode/utf8"
)

// Raw is where a decoded value's JSON is: the document it was decoded from and its path
// there. Binding a Raw costs no scan; JSON finds the bytes when asked. A Raw is one pointer,
// so that keeping it costs a result type eight bytes (a long list of results is copied as
// encoding/json grows it: bytes per element are time per element). It points to a node of
// its document, which fmt, printing unexported fields of a struct it cannot call methods
// on, shows as an address, never the bytes.
//
// The one way for a vendor result type to keep its raw JSON:
//
//	type ServiceRequest struct {
//		ID string `json:"id"`
//		raw jsonx.Raw
//	}
//	// RawJSON returns the service request exactly as the vendor sent it.
//	func (r *ServiceRequest) RawJSON() json.RawMessage { return r.raw.JSON() }
//
//	// bindRaw records where r and its nested values are in the document.
//	func (r *Requisition) bindRaw(raw jsonx.Raw) {
//		r.raw = raw
//		r.Patient.raw = r.raw.Field("patient")
//		for i := range r.ServiceRequests {
//			r.ServiceRequests[i].raw = r.raw.Elem("service_requests", i)
//		}
//	}
//
// and the method decodes through the transport with
//
//	var out Requisition
//	err := c.send(ctx, req, opts, jsonx.Into(&out, (*Requisition).bindRaw))
//
// Field and Elem are for bind functions, which run while the document is decoded and before
// its values are shared; JSON and IsZero are safe for concurrent use. A value decoded any
// other way (json.Unmarshal by the caller) has an empty Raw.
type Raw struct{ n *rawNode }

// rawNode is one step of a Raw's path: a field of, or an element of an array in, the value
// of up; when up is nil, the document itself, or the part of it from start to end when
// part (a streamed value copied into a block shared with others: see Scanner).
type rawNode struct {
	doc        *Doc
	up         *rawNode
	key        string // the field of up holding this value (or the array of it), when field
	idx        int    // the index in that array, when elem
	start, end int    // the span of the value in doc, when part
	field      bool
	elem       bool
	part       bool
}

// Field returns the Raw of the value under key in the object r is.
func (r *Raw) Field(key string) Raw {
	if r.n == nil {
		return Raw{}
	}
	n := r.n.doc.node()
	*n = rawNode{doc: r.n.doc, up: r.n, key: key, field: true}
	return Raw{n}
}

// Elem returns the Raw of element i of the array under key in the object r is; an empty
// key means r is the array itself (for an array under the key "", use Field("") first).
func (r *Raw) Elem(key string, i int) Raw {
	if r.n == nil {
		return Raw{}
	}
	n := r.n.doc.node()
	*n = rawNode{doc: r.n.doc, up: r.n, key: key, field: key != "", idx: i, elem: true}
	return Raw{n}
}

// IsZero reports whether r is bound to no document.
func (r Raw) IsZero() bool { return r.n == nil }

// JSON returns the value's bytes exactly as sent, or nil when r is not bound or the value
// is absent. The bytes are shared with the document: do not modify them.
func (r Raw) JSON() json.RawMessage {
	if r.n == nil {
		return nil
	}
	start, end, ok := r.n.span()
	if !ok {
		return nil
	}
	d := *r.n.doc.data
	return json.RawMessage(d[start:end:end])
}

// Document returns the whole document r's value is in, exactly as it was decoded: the
// whitespace around the top-level value included, which JSON leaves out (a webhook body's
// signature covers its trailing newline). Nil when r is not bound. The bytes are shared with
// the document: do not modify them.
func (r Raw) Document() json.RawMessage {
	if r.n == nil {
		return nil
	}
	d := *r.n.doc.data
	return json.RawMessage(d[:len(d):len(d)])
}

func (n *rawNode) span() (start, end int, ok bool) {
	d := *n.doc.data
	if n.up == nil && n.part {
		return n.start, n.end, true
	}
	if n.up == nil {
		start, end = 0, len(d)
		for start < end && isSpace(d[start]) {
			start++
		}
		for end > start && isSpace(d[end-1]) {
			end--
		}
		return start, end, end > start
	}
	start, end, ok = n.up.span()
	if !ok {
		return 0, 0, false
	}
	if n.field {
		if start, end, ok = field(d, start, end, n.key); !ok {
			return 0, 0, false
		}
	}
	if n.elem {
		return n.doc.elem(start, n.idx)
	}
	return start, end, true
}

// Doc is one JSON document that decoded values share (a response body, a webhook body).
// Its bytes are never modified. It caches where the elements of an array are, so that
// reading the raw JSON of every element of a long list scans the list once.
type Doc struct {
	// data is behind a pointer, so that even fmt's bad-verb path (%s of a pointer nested
	// in a method-less struct prints the pointee's fields) shows an address, not the bytes.
	data *[]byte

	// nodes is where the nodes of the document's Raws are taken from: slabs that are never
	// moved, so binding a list of n values costs about log n allocations, not n.
	nodes []rawNode

	mu     sync.Mutex
	arrays map[int][]int // start of an array → start, end of each element, in pairs
}

// maxSlab is the most nodes one slab holds.
const maxSlab = 256

// node returns a fresh node of d. Only bind functions call it, one goroutine at a time.
func (d *Doc) node() *rawNode {
	if len(d.nodes) == cap(d.nodes) {
		d.nodes = make([]rawNode, 0, min(max(2*cap(d.nodes), 8), maxSlab))
	}
	d.nodes = d.nodes[:len(d.nodes)+1]
	return &d.nodes[len(d.nodes)-1]
}

// elem returns the span of element i of the array starting at start.
func (d *Doc) elem(start, i int) (int, int, bool) {
	data := *d.data
	if i < 0 || start >= len(data) || data[start] != '[' {
		return 0, 0, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	spans, ok := d.arrays[start]
	if !ok {
		spans = elements(data, start)
		if d.arrays == nil {
			d.arrays = make(map[int][]int)
		}
		d.arrays[start] = spans
	}
	if 2*i+1 >= len(spans) {
		return 0, 0, false
	}
	return spans[2*i], spans[2*i+1], true
}

// elements returns the spans of the elements of the checked array at start.
func elements(d []byte, start int) []int {
	var spans []int
	i := skipSpace(d, start+1)
	if d[i] == ']' {
		return spans
	}
	for {
		end := skip(d, i)
		spans = append(spans, i, end)
		i = skipSpace(d, end)
		if d[i] != ',' {
			return spans
		}
		i = skipSpace(d, i+1)
	}
}

// Member returns the value under key in obj, a checked JSON object (Check accepted the
// document it is in), without decoding anything: the bytes as sent, shared with obj. Keys
// match as encoding/json matches them to fields: exactly, else case-insensitively (Check
// allows only one such key). It reports false when obj is not an object or has no such key.
func Member(obj []byte, key string) ([]byte, bool) {
	start, end := skipSpace(obj, 0), len(obj)
	for end > start && isSpace(obj[end-1]) {
		end--
	}
	if start >= end {
		return nil, false
	}
	vStart, vEnd, ok := field(obj, start, end, key)
	if !ok {
		return nil, false
	}
	return obj[vStart:vEnd:vEnd], true
}

// StringMember returns the string under key in obj (found as Member finds it), unescaped,
// without decoding anything else; false when obj has no such member or its value is not a
// JSON string. Like Member it may be handed bytes Check refused: it then reports what it
// finds, or false, and never reads past the end. A webhook handler names an event's type for
// its logs with it, before the body is parsed.
func StringMember(obj []byte, key string) (string, bool) {
	v, ok := Member(obj, key)
	if !ok || len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	inner := v[1 : len(v)-1]
	for _, c := range inner {
		if !strSafe[c] { // an escape or a multi-byte sequence: let encoding/json read it
			var s string
			if json.Unmarshal(v, &s) != nil {
				return "", false
			}
			return s, true
		}
	}
	return string(inner), true
}

// Members yields the name (unescaped) and the value of each member of obj, a checked JSON
// object, in order, without decoding anything: the values are the bytes as sent, shared with
// obj. It yields nothing when obj is not an object.
func Members(obj []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(name, value []byte) bool) {
		i := skipSpace(obj, 0)
		if i >= len(obj) || obj[i] != '{' {
			return
		}
		for i = skipSpace(obj, i+1); i < len(obj) && obj[i] == '"'; {
			kEnd, vStart, vEnd, ok := member(obj, i, len(obj))
			if !ok {
				return
			}
			name := obj[i+1 : kEnd-1]
			if bytes.IndexByte(name, '\\') >= 0 {
				name = unquote(obj[i:kEnd])
			}
			if !yield(name, obj[vStart:vEnd:vEnd]) {
				return
			}
			if i = skipSpace(obj, vEnd); i >= len(obj) || obj[i] != ',' {
				return
			}
			i = skipSpace(obj, i+1)
		}
	}
}

// member reads the member `"name" : value` at i, in d[:end]: the index after the name's
// literal, and the value's span. It reports false where d holds no such member, which a
// checked document never does: a caller may hand Member, Members and Elements bytes that
// Check refused, and they must stop there instead of reading past the end or going round.
func member(d []byte, i, end int) (kEnd, vStart, vEnd int, ok bool) {
	d = d[:end]
	if kEnd, vStart, ok = memberStart(d, i); !ok {
		return 0, 0, 0, false
	}
	if vEnd = skip(d, vStart); vEnd <= vStart {
		return 0, 0, 0, false
	}
	return kEnd, vStart, vEnd, true
}

// memberStart is member up to the value: the index after the name's literal and where the
// value starts, without scanning the value.
func memberStart(d []byte, i int) (kEnd, vStart int, ok bool) {
	if kEnd, ok = closedString(d, i); !ok {
		return 0, 0, false
	}
	j := skipSpace(d, kEnd)
	if j >= len(d) || d[j] != ':' {
		return 0, 0, false
	}
	vStart = skipSpace(d, j+1)
	if vStart >= len(d) {
		return 0, 0, false
	}
	return kEnd, vStart, true
}

// memberName returns the name of the member whose name literal spans d[i:kEnd], unescaped.
func memberName(d []byte, i, kEnd int) []byte {
	name := d[i+1 : kEnd-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		name = unquote(d[i:kEnd])
	}
	return name
}

// closedString is skipString that also reports whether the literal at i is closed.
func closedString(d []byte, i int) (int, bool) {
	for i++; ; i += 2 { // past a backslash and the byte it escapes
		// Eight bytes at a time while none is '"' or '\\' (as checker.str scans).
		for i+8 <= len(d) {
			x := binary.LittleEndian.Uint64(d[i:])
			q, bs := x^(lsb*'"'), x^(lsb*'\\')
			if m := ((q-lsb)&^q | (bs-lsb)&^bs) & msb; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		for i < len(d) && d[i] != '"' && d[i] != '\\' {
			i++
		}
		if i >= len(d) {
			return len(d), false
		}
		if d[i] == '"' {
			return i + 1, true
		}
	}
}

// Elements yields each element of arr, a checked JSON array, in order, without decoding
// anything (the bytes as sent, shared with arr). It yields nothing when arr is not an array.
func Elements(arr []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		i := skipSpace(arr, 0)
		if i >= len(arr) || arr[i] != '[' {
			return
		}
		for i = skipSpace(arr, i+1); i < len(arr) && arr[i] != ']'; {
			end := skip(arr, i)
			if end <= i { // no value here: bytes Check refused (see member)
				return
			}
			if !yield(arr[i:end:end]) {
				return
			}
			if i = skipSpace(arr, end); i >= len(arr) || arr[i] != ',' {
				return
			}
			i = skipSpace(arr, i+1)
		}
	}
}

// ElementMembers yields, for each element of the array under arrayKey in obj, a checked
// JSON object, in order, the value under key in that element (keys found as Member finds
// them): the bytes as sent, shared with obj, or nil when the element is not an object or has
// no such member. It yields nothing when obj is not an object or holds no array under
// arrayKey. It scans obj once, up to the array's end, where Member, Elements and then Member
// on each element scan the array three times: the attributes of a list of resources
// ({"data": [{"attributes": {...}}, ...]}) are located in one pass. On bytes Check refused it
// stops instead of reading past the end.
func ElementMembers(obj []byte, arrayKey, key string) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		i := skipSpace(obj, 0)
		if i >= len(obj) || obj[i] != '{' {
			return
		}
		for i = skipSpace(obj, i+1); i < len(obj) && obj[i] == '"'; {
			kEnd, vStart, ok := memberStart(obj, i)
			if !ok {
				return
			}
			if sameName(memberName(obj, i, kEnd), arrayKey) {
				if obj[vStart] == '[' {
					elementMembers(obj, vStart, key, yield)
				}
				return
			}
			vEnd := skip(obj, vStart)
			if vEnd <= vStart {
				return
			}
			if i = skipSpace(obj, vEnd); i >= len(obj) || obj[i] != ',' {
				return
			}
			i = skipSpace(obj, i+1)
		}
	}
}

// elementMembers yields, for each element of the array at start in d, its member under key
// (nil when none), scanning each element once.
func elementMembers(d []byte, start int, key string, yield func([]byte) bool) {
	for i := skipSpace(d, start+1); i < len(d) && d[i] != ']'; {
		var found []byte
		end := 0
		if d[i] == '{' {
			var ok bool
			if found, end, ok = objectMember(d, i, key); !ok {
				return
			}
		} else if end = skip(d, i); end <= i {
			return
		}
		if !yield(found) {
			return
		}
		if i = skipSpace(d, end); i >= len(d) || d[i] != ',' {
			return
		}
		i = skipSpace(d, i+1)
	}
}

// objectMember scans the object at start, in d, once: the value under key (nil when there is
// none) and the index after the object. It reports false where d holds no such object.
func objectMember(d []byte, start int, key string) (found []byte, end int, ok bool) {
	i := skipSpace(d, start+1)
	if i < len(d) && d[i] == '}' {
		return nil, i + 1, true
	}
	for i < len(d) && d[i] == '"' {
		kEnd, vStart, vEnd, ok := member(d, i, len(d))
		if !ok {
			return nil, 0, false
		}
		if found == nil && sameName(memberName(d, i, kEnd), key) {
			found = d[vStart:vEnd:vEnd]
		}
		i = skipSpace(d, vEnd)
		switch {
		case i >= len(d):
			return nil, 0, false
		case d[i] == '}':
			return found, i + 1, true
		case d[i] != ',':
			return nil, 0, false
		}
		i = skipSpace(d, i+1)
	}
	return nil, 0, false
}

// field finds the value of key in the checked object spanning [start, end). Keys match as
// encoding/json matches them to fields: exactly, else folded (Check allows only one).
func field(d []byte, start, end int, key string) (int, int, bool) {
	if d[start] != '{' {
		return 0, 0, false
	}
	i := skipSpace(d, start+1)
	for i < end && d[i] == '"' {
		kEnd, vStart, vEnd, ok := member(d, i, end)
		if !ok {
			break
		}
		name := d[i+1 : kEnd-1]
		if bytes.IndexByte(name, '\\') >= 0 {
			name = unquote(d[i:kEnd])
		}
		if sameName(name, key) {
			return vStart, vEnd, true
		}
		if i = skipSpace(d, vEnd); i >= end || d[i] != ',' {
			break
		}
		i = skipSpace(d, i+1)
	}
	return 0, 0, false
}

// SameName reports whether the member name matches key as encoding/json matches a member
// name to a field: exactly, else case-insensitively, folded as it folds (a document Check
// or a Scanner accepted holds at most one member that matches).
func SameName(name, key string) bool { return sameName([]byte(name), key) }

// sameName reports whether an object key matches key as encoding/json matches a key to a
// field: exactly, else folded. ASCII names are compared in place, without allocating.
func sameName(name []byte, key string) bool {
	if string(name) == key {
		return true
	}
	if isASCII(name) && isASCII([]byte(key)) {
		if len(name) != len(key) {
			return false
		}
		for i := range name {
			if upper[name[i]] != upper[key[i]] {
				return false
			}
		}
		return true
	}
	var a, b [64]byte
	return bytes.Equal(appendFolded(a[:0], name), appendFolded(b[:0], []byte(key)))
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func skipSpace(d []byte, i int) int {
	for i < len(d) && isSpace(d[i]) {
		i++
	}
	return i
}

// skipString returns the index after the checked string literal at i.
func skipString(d []byte, i int) int {
	end, _ := closedString(d, i)
	return end
}

// skip returns the index after the checked value at i.
func skip(d []byte, i int) int {
	switch d[i] {
	case '"':
		return skipString(d, i)
	case '{', '[':
		depth := 0
		for ; i < len(d); i++ {
			switch d[i] {
			case '"':
				i = skipString(d, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(d)
	}
	for i < len(d) {
		switch d[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// Decode checks data strictly (Check), decodes it into v as json.Unmarshal would, and calls
// bind, when not nil, with the Raw of the whole document, so that v and the values nested
// in it can keep their raw JSON without a second decode. v's Raws point into data: do not
// modify it afterwards.
func Decode[T any](data []byte, v *T, bind func(*T, Raw)) error {
	return decodeInto(data, v, bind, new(docBytes))
}

// docBytes is a Doc, the slice header its data points to, its root node and its first
// nodes, allocated together: a small document binds without an allocation of its own.
type docBytes struct {
	doc   Doc
	data  []byte
	root  rawNode
	first [4]rawNode
}

func decodeInto[T any](data []byte, v *T, bind func(*T, Raw), db *docBytes) error {
	if err := Check(data); err != nil {
		return err
	}
	if err := decodeChecked(data, v); err != nil {
		return err
	}
	if bind != nil {
		db.data = data
		db.doc.data = &db.data
		db.doc.nodes = db.first[:0]
		db.root = rawNode{doc: &db.doc}
		bind(v, Raw{&db.root})
	}
	return nil
}

// Target is a decode target that decodes a document itself; see Into. The transport
// decodes a 2xx answer into a Target with DecodeJSON.
type Target interface {
	// DecodeJSON decodes data, which it may keep (its caller never modifies it).
	DecodeJSON(data []byte) error
}

// Into returns the Target that decodes like Decode(data, v, bind), for a vendor method to
// hand the transport instead of v. It costs one allocation.
func Into[T any](v *T, bind func(*T, Raw)) Target {
	return &into[T]{v: v, bind: bind}
}

type into[T any] struct {
	v    *T
	bind func(*T, Raw)
	db   docBytes
	used bool // db holds a document: the Raws bound to it may still be kept
}

// DecodeJSON decodes data. A Target decoded into again binds the new document on a Doc of
// its own: the nodes and array spans of the earlier one stay with the values kept from it.
func (t *into[T]) DecodeJSON(data []byte) error {
	db := &t.db
	if t.used {
		db = new(docBytes)
	}
	t.used = true
	return decodeInto(data, t.v, t.bind, db)
}
