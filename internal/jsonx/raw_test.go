package jsonx

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type testItem struct {
	ID  string `json:"id"`
	raw Raw
}

type testPatient struct {
	Name string `json:"name"`
	raw  Raw
}

type testDoc struct {
	ID      string      `json:"id"`
	Patient testPatient `json:"patient"`
	Items   []testItem  `json:"items"`
	raw     Raw
}

func (d *testDoc) bindRaw(raw Raw) {
	d.raw = raw
	d.Patient.raw = d.raw.Field("patient")
	for i := range d.Items {
		d.Items[i].raw = d.raw.Elem("items", i)
	}
}

const testJSON = ` {"id":"r1", "note":{"items":[{"id":"decoy"}]}, "Patient" : {"name":"Jane","x":[1,{"y":"CANARY}"}]},
	"items":[ {"id":"a","extra":"q\"}"} , {"id":"b"},{"id":"c","n":[[],{}]}]} `

func TestDecodeKeepsRawWithoutSecondDecode(t *testing.T) {
	t.Parallel()
	var d testDoc
	require.NoError(t, Decode([]byte(testJSON), &d, (*testDoc).bindRaw))
	assert.Equal(t, strings.TrimSpace(testJSON), string(d.raw.JSON()))
	assert.Equal(t, `{"name":"Jane","x":[1,{"y":"CANARY}"}]}`, string(d.Patient.raw.JSON()), "a case-variant key is found as encoding/json finds it")
	require.Len(t, d.Items, 3)
	assert.Equal(t, `{"id":"a","extra":"q\"}"}`, string(d.Items[0].raw.JSON()))
	assert.Equal(t, `{"id":"b"}`, string(d.Items[1].raw.JSON()))
	assert.Equal(t, `{"id":"c","n":[[],{}]}`, string(d.Items[2].raw.JSON()))

	// A copy of the value keeps its Raw; fmt of a struct holding a Raw never prints the bytes.
	cp := d.Items[2]
	assert.Equal(t, `{"id":"c","n":[[],{}]}`, string(cp.raw.JSON()))
	canary := []string{"CANARY", "67 65 78 65 82 89", "43414e415259"} // as text, decimal bytes, hex
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, c := range canary {
			assert.NotContains(t, fmt.Sprintf(verb, d), c)
			assert.NotContains(t, fmt.Sprintf(verb, []*testDoc{&d}), c)
			assert.NotContains(t, fmt.Sprintf(verb, d.Patient), c)
		}
	}

	var zero Raw
	assert.True(t, zero.IsZero())
	assert.Nil(t, zero.JSON())
	var absent testDoc
	require.NoError(t, Decode([]byte(`{"id":"x","items":[]}`), &absent, (*testDoc).bindRaw))
	assert.Nil(t, absent.Patient.raw.JSON(), "an absent field has no raw JSON")
	missing := absent.raw.Elem("items", 0)
	assert.Nil(t, missing.JSON())
	nested := absent.raw.Elem("", 0)
	assert.Nil(t, nested.JSON(), "the root is not an array")
}

func TestRawEscapedKeyAndTopLevelArray(t *testing.T) {
	t.Parallel()
	var items []testItem
	require.NoError(t, Decode([]byte(`[{"\u0069d":"a"},{"id":"b"}]`), &items, func(v *[]testItem, raw Raw) {
		root := raw
		for i := range *v {
			(*v)[i].raw = root.Elem("", i)
		}
	}))
	assert.Equal(t, `{"\u0069d":"a"}`, string(items[0].raw.JSON()))
	assert.Equal(t, "a", items[0].ID)

	var d testDoc
	require.NoError(t, Decode([]byte(`{"p\u0061tient":{"name":"n"}}`), &d, (*testDoc).bindRaw))
	assert.Equal(t, `{"name":"n"}`, string(d.Patient.raw.JSON()))
}

func TestRawElementsConcurrently(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := range 500 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"` + strconv.Itoa(i) + `"}`)
	}
	b.WriteString(`]}`)
	var d testDoc
	require.NoError(t, Into(&d, (*testDoc).bindRaw).DecodeJSON([]byte(b.String())))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < len(d.Items); i += 8 {
				var v testItem
				if err := json.Unmarshal(d.Items[i].raw.JSON(), &v); err != nil || v.ID != strconv.Itoa(i) {
					t.Errorf("item %d: %v %q", i, err, v.ID)
				}
			}
		})
	}
	wg.Wait()
}

func TestDecodeIsStrict(t *testing.T) {
	t.Parallel()
	var d testDoc
	assert.ErrorIs(t, Decode([]byte(`{"id":"a","ID":"b"}`), &d, (*testDoc).bindRaw), ErrDuplicateKey)
	assert.True(t, d.raw.IsZero(), "nothing is bound after a failure")
	assert.ErrorIs(t, Decode([]byte(`{"id":1}`), &d, nil), ErrMismatch)
}

// FuzzRaw: for any document Check accepts, the raw JSON Raw finds for each member of an
// object (and each element of an array member) is exactly what encoding/json finds.
func FuzzRaw(f *testing.F) {
	for _, s := range []string{testJSON, `{"a":[1,"]",{"b":"\"}"}],"c":{}}`, `[{"x":1},[2],"s"]`, `{"\u0061":[]}`, `{"a" : [ 1 , 2 ] }`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if Check(data) != nil {
			return
		}
		var root Raw
		var want any
		if Decode(data, &want, func(_ *any, r Raw) { root = r }) != nil {
			return
		}
		var members map[string]json.RawMessage
		if json.Unmarshal(data, &members) == nil {
			n := 0
			for name, v := range Members(data) {
				if string(members[string(name)]) != string(v) {
					t.Fatalf("Members %q: got %q, want %q", name, v, members[string(name)])
				}
				n++
			}
			if n != len(members) {
				t.Fatalf("Members yielded %d of %d members", n, len(members))
			}
			for k, v := range members {
				got := root.Field(k)
				if string(got.JSON()) != string(v) {
					t.Fatalf("field %q: got %q, want %q", k, got.JSON(), v)
				}
				if m, ok := Member(data, k); !ok || string(m) != string(v) {
					t.Fatalf("Member %q: got %q, want %q", k, m, v)
				}
				var elems []json.RawMessage
				if json.Unmarshal(v, &elems) == nil {
					arr := root.Field(k) // Elem("", i) means "the value itself is the array"
					for i, e := range elems {
						g := root.Elem(k, i)
						if k == "" {
							g = arr.Elem("", i)
						}
						if string(g.JSON()) != string(e) {
							t.Fatalf("field %q element %d: got %q, want %q", k, i, g.JSON(), e)
						}
					}
					past := arr.Elem("", len(elems))
					if past.JSON() != nil {
						t.Fatalf("field %q: an element past the end was found", k)
					}
				}
			}
		}
		var elems []json.RawMessage
		if json.Unmarshal(data, &elems) == nil {
			var got []string
			for e := range Elements(data) {
				got = append(got, string(e))
			}
			if len(got) != len(elems) {
				t.Fatalf("Elements yielded %d of %d elements", len(got), len(elems))
			}
			for i, e := range elems {
				if got[i] != string(e) {
					t.Fatalf("Elements %d: got %q, want %q", i, got[i], e)
				}
				if g := root.Elem("", i); string(g.JSON()) != string(e) {
					t.Fatalf("element %d: got %q, want %q", i, g.JSON(), e)
				}
			}
		}
	})
}

// A Raw is one pointer, and binding the Raws of a long list costs a few slab allocations,
// not one per element: the list's elements stay small (encoding/json copies them as it
// grows the slice) and every element still finds its own bytes, across slabs.
func TestRawBindingIsSmallAndCheap(t *testing.T) {
	assert.Equal(t, uintptr(8), unsafe.Sizeof(Raw{}), "a Raw is one pointer")
	var b strings.Builder
	b.WriteString(`{"id":"r","patient":{"name":"p"},"items":[`)
	const n = 2000
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"` + strconv.Itoa(i) + `"}`)
	}
	b.WriteString(`]}`)
	doc := []byte(b.String())
	var d testDoc
	require.NoError(t, Decode(doc, &d, (*testDoc).bindRaw))
	require.Len(t, d.Items, n)
	items := append([]testItem(nil), d.Items...) // copies of the values keep their Raws
	d = testDoc{}
	for i, it := range items {
		require.Equal(t, `{"id":"`+strconv.Itoa(i)+`"}`, string(it.raw.JSON()), "item %d", i)
	}

	var bound testDoc
	require.NoError(t, json.Unmarshal(doc, &bound))
	allocs := testing.AllocsPerRun(20, func() {
		db := new(docBytes)
		db.data = doc
		db.doc.data = &db.data
		db.doc.nodes = db.first[:0]
		db.root = rawNode{doc: &db.doc}
		bound.bindRaw(Raw{&db.root})
	})
	// One docBytes, then slabs of 8, 16, ..., 256 nodes: 2001 nodes in 13 slabs.
	assert.LessOrEqual(t, allocs, 15.0, "binding %d elements", n)
}

// A small document binds from the nodes that come with it: binding allocates nothing.
func TestRawSmallDocumentBindsWithoutAllocating(t *testing.T) {
	doc := []byte(`{"id":"r","patient":{"name":"p"},"items":[{"id":"a"},{"id":"b"}]}`)
	var d testDoc
	require.NoError(t, json.Unmarshal(doc, &d))
	db := new(docBytes)
	db.data = doc
	db.doc.data = &db.data
	allocs := testing.AllocsPerRun(20, func() {
		db.doc.nodes = db.first[:0]
		db.root = rawNode{doc: &db.doc}
		d.bindRaw(Raw{&db.root})
	})
	assert.Zero(t, allocs, "binding three Raws allocates nothing")
	assert.Equal(t, `{"id":"b"}`, string(d.Items[1].raw.JSON()))
}

func TestMember(t *testing.T) {
	obj := []byte(` {"a":1, "Requisition" : {"id":"x","s":"}\"{"} ,"b\u0063":[1,{"c":2}],"n":null} `)
	require.NoError(t, Check(obj))
	for key, want := range map[string]string{
		"a": `1`, "requisition": `{"id":"x","s":"}\"{"}`, "REQUISITION": `{"id":"x","s":"}\"{"}`, "bc": `[1,{"c":2}]`, "n": `null`,
	} {
		got, ok := Member(obj, key)
		assert.True(t, ok, key)
		assert.Equal(t, want, string(got), key)
	}
	for _, tc := range []struct{ doc, key string }{{`{"a":1}`, "c"}, {`[{"c":1}]`, "c"}, {`"c"`, "c"}, {`  `, "c"}, {`{}`, "c"}} {
		_, ok := Member([]byte(tc.doc), tc.key)
		assert.False(t, ok, tc.doc)
	}
	v, _ := Member(obj, "a")
	assert.Equal(t, len(v), cap(v), "the value cannot be appended into the document")
	assert.Zero(t, testing.AllocsPerRun(10, func() { _, _ = Member(obj, "REQUISITION") }), "an ASCII key is matched without allocating")
	k, ok := Member([]byte(`{"K":1}`), "k")
	assert.True(t, ok, "the Kelvin sign folds to k, as encoding/json folds it")
	assert.Equal(t, "1", string(k))
}

// StringMember reads a string member without decoding the rest, unescaped as encoding/json
// would, and refuses anything that is not a string, on checked and unchecked bytes alike.
func TestStringMember(t *testing.T) {
	for _, tc := range []struct {
		doc, key, want string
		ok             bool
	}{
		{`{"event_type":"lab_requisition.created","resource_id":"r"}`, "event_type", "lab_requisition.created", true},
		{` { "a" : {"type":"x"} , "Type" : "order.new_result" } `, "type", "order.new_result", true},
		{`{"type":"order\u002enew_result"}`, "type", "order.new_result", true},
		{`{"type":"caf\u00e9"}`, "type", "café", true},
		{`{"type":""}`, "type", "", true},
		{`{"type":1}`, "type", "", false},
		{`{"type":null}`, "type", "", false},
		{`{"type":["a"]}`, "type", "", false},
		{`{"other":"a"}`, "type", "", false},
		{`["type","a"]`, "type", "", false},
		{`not json`, "type", "", false},
		{`{"type":"unterminated`, "type", "", false},
		{`{"type":"a\"`, "type", "", false},
		{`{"type":"`, "type", "", false},
		{``, "type", "", false},
	} {
		got, ok := StringMember([]byte(tc.doc), tc.key)
		assert.Equal(t, tc.ok, ok, tc.doc)
		assert.Equal(t, tc.want, got, tc.doc)
	}
	obj := []byte(`{"data":{"big":[1,2,3]},"type":"order.new_result"}`)
	assert.LessOrEqual(t, testing.AllocsPerRun(10, func() { _, _ = StringMember(obj, "type") }), 1.0, "a plain string costs its copy only")
}

// FuzzStringMember: on any bytes, checked or not, StringMember does not panic, and on a
// checked object it agrees with encoding/json.
func FuzzStringMember(f *testing.F) {
	for _, s := range []string{`{"type":"a"}`, `{"type":"\u0041"}`, `{"type":1}`, `{"type":"`, `{"a":"\"}`, `{"TYPE":"a","b":{"type":"c"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := StringMember(data, "type")
		if Check(data) != nil {
			return
		}
		var want struct {
			Type *string `json:"type"`
		}
		if json.Unmarshal(data, &want) != nil || want.Type == nil {
			if ok {
				t.Fatalf("StringMember found %q where encoding/json finds no string", got)
			}
			return
		}
		if !ok || got != *want.Type {
			t.Fatalf("StringMember: got %q, %v; want %q", got, ok, *want.Type)
		}
	})
}

// Members and Elements find members and elements past values holding quotes, brackets and
// escapes, in agreement with Member; a break stops them.
func TestMembersAndElements(t *testing.T) {
	doc := []byte(` {"a":"}\"{","b":[{"c":"]"},[]],"c":-1.5e3,"d":{"e":{"f":null}},"k\u0065y":true,"z":{"id":1}} `)
	require.NoError(t, Check(doc))
	var names []string
	for name, v := range Members(doc) {
		names = append(names, string(name))
		m, ok := Member(doc, string(name))
		assert.True(t, ok, string(name))
		assert.Equal(t, string(m), string(v), string(name))
		assert.Equal(t, len(v), cap(v))
	}
	assert.Equal(t, "a,b,c,d,key,z", strings.Join(names, ","))
	for range Members(doc) {
		break // a break ends the iteration without a panic
	}
	var elems []string
	for v := range Elements([]byte(`[ "]" , [1,{"x":"["}],{} ,-0.5e1,null]`)) {
		elems = append(elems, string(v))
	}
	assert.Equal(t, `"]"|[1,{"x":"["}]|{}|-0.5e1|null`, strings.Join(elems, "|"))
	for _, none := range []string{`[ ]`, `{}`, `"x"`, ``, `1`} {
		for range Elements([]byte(none)) {
			t.Errorf("an element of %s", none)
		}
		for range Members([]byte(none)) {
			t.Errorf("a member of %s", none)
		}
	}
}

// walkUnchecked runs Member, Members and Elements over bytes Check may have refused, and
// fails when one yields more often than data has bytes (a loop that makes no progress).
func walkUnchecked(t *testing.T, data []byte) {
	t.Helper()
	limit := len(data) + 1
	n := 0
	for range Members(data) {
		if n++; n > limit {
			t.Fatalf("Members(%q) yields without end", data)
		}
	}
	n = 0
	for range Elements(data) {
		if n++; n > limit {
			t.Fatalf("Elements(%q) yields without end", data)
		}
	}
	for _, key := range []string{"a", "A", ""} {
		_, _ = Member(data, key)
		n = 0
		for range ElementMembers(data, "a", key) {
			if n++; n > limit {
				t.Fatalf("ElementMembers(%q) yields without end", data)
			}
		}
	}
}

// A caller may hand Member, Members and Elements bytes Check never saw: truncated or broken
// documents end the iteration, never panic and never loop.
func TestMembersAndElementsOnUncheckedBytes(t *testing.T) {
	for _, doc := range []string{
		`{"`, `{"a`, `{"a"`, `{"a":`, `{"a" `, `{"a"}`, `{"a\"`, `{"a":1,"`, `{"a":1,"b":`, `{"a":}`, `{"a":,"b":2}`,
		`{"a" "b"}`, `{"a":1 "b":2}`, `{"a":[}`, `{"a":"\`,
		`[`, `[,`, `[}`, `[1}`, `[1,}`, `[1 2}`, `[{`, `["`, `["\`, `[1,`, `[:]`, `[1:2]`,
	} {
		t.Run(doc, func(t *testing.T) {
			require.Error(t, Check([]byte(doc)))
			walkUnchecked(t, []byte(doc))
		})
	}
}

// FuzzUncheckedMembers feeds Member, Members and Elements arbitrary bytes.
func FuzzUncheckedMembers(f *testing.F) {
	for _, s := range []string{testJSON, `[}`, `{"a":`, `{"`, `[1,{"a":[}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(walkUnchecked)
}

// A Target decoded into twice binds the second document's values to the second document,
// and the values kept from the first one still read the first one's bytes: neither the
// nodes nor the array spans of a document are reused for another.
func TestIntoReusedKeepsEachDocumentsRaw(t *testing.T) {
	var d testDoc
	target := Into(&d, (*testDoc).bindRaw)
	require.NoError(t, target.DecodeJSON([]byte(`{"items":[{"id":"a"},{"id":"b"}],"patient":{"name":"Jane"}}`)))
	keptItem, keptPatient, keptDoc := d.Items[1], d.Patient, d.raw
	require.Equal(t, `{"id":"b"}`, string(keptItem.raw.JSON()), "read once, so the array's spans are known")
	second := `{"items":[{"id":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},{"id":"c"}],"patient":{"name":"Joe"}}`
	require.NoError(t, target.DecodeJSON([]byte(second)))
	assert.Equal(t, `{"id":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}`, string(d.Items[0].raw.JSON()))
	assert.Equal(t, `{"id":"c"}`, string(d.Items[1].raw.JSON()))
	assert.Equal(t, `{"name":"Joe"}`, string(d.Patient.raw.JSON()))
	assert.Equal(t, second, string(d.raw.JSON()))
	assert.Equal(t, `{"id":"b"}`, string(keptItem.raw.JSON()), "a value kept from the first document")
	assert.Equal(t, `{"name":"Jane"}`, string(keptPatient.raw.JSON()))
	assert.Equal(t, `{"items":[{"id":"a"},{"id":"b"}],"patient":{"name":"Jane"}}`, string(keptDoc.JSON()))
}

// Issue 18 item 2: Document is the document as decoded, whitespace around the value
// included, from the root or any value bound in it; JSON of the root trims it.
func TestIssue18Item2DocumentKeepsSurroundingWhitespace(t *testing.T) {
	t.Parallel()
	var d testDoc
	require.NoError(t, Decode([]byte(testJSON+"\n"), &d, (*testDoc).bindRaw))
	assert.Equal(t, testJSON+"\n", string(d.raw.Document()))
	assert.Equal(t, testJSON+"\n", string(d.Items[1].raw.Document()))
	assert.Equal(t, strings.TrimSpace(testJSON), string(d.raw.JSON()))
	assert.Nil(t, Raw{}.Document())
}

// closedStringBytewise is closedString as it was, a byte at a time: the reference of
// FuzzClosedString.
func closedStringBytewise(d []byte, i int) (int, bool) {
	for i++; i < len(d); i++ {
		switch d[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return len(d), false
}

// FuzzClosedString: closedString, which scans eight bytes at a time, ends every literal (closed
// or not, on any bytes) where the byte-at-a-time scan ends it.
func FuzzClosedString(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b"`, `"a\\"`, `"\\\\\"x"`, `"0123456789abcdef\"0123"x"`, `"unterminated\`, `"é\u00e9"`, `"`, `"\`, "\"a\x80\xff\\\"\"", `"long string without a quote inside it at all`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, d []byte) {
		for i := range min(len(d), 17) {
			gotEnd, gotOK := closedString(d, i)
			wantEnd, wantOK := closedStringBytewise(d, i)
			if gotEnd != wantEnd || gotOK != wantOK {
				t.Fatalf("from %d: %d, %v; byte at a time %d, %v", i, gotEnd, gotOK, wantEnd, wantOK)
			}
		}
	})
}

// FuzzElementMembers: on a checked object, ElementMembers yields for each element of the
// array under the array key what Member finds in what Elements yields, in one pass.
func FuzzElementMembers(f *testing.F) {
	for _, s := range []string{`{"d":[{"a":1},{"b":2,"a":[3]},{},{"A":"x"},5,null,[{"a":1}],{"x":{"a":0},"a":"}"}]}`,
		`{"x":[{"a":9}],"d":[{"k\u0065y":1,"a":{"a":2}}],"z":[{"a":0}]}`, ` { "d" : [ { "a" : 1 } , { } ] } `, `{"d":[]}`, `{"d":{"a":1}}`,
		`{"\u0064":[{"\u212a":1}]}`, `[{"a":1}]`, `{"D":[{"a":"x"}]}`, `{}`} {
		f.Add([]byte(s), "d", "a")
	}
	f.Add([]byte(`{"d":[{"\u212a":1},{"k":2}]}`), "d", "K")
	f.Fuzz(func(t *testing.T, data []byte, arrayKey, key string) {
		if Check(data) != nil {
			walkUnchecked(t, data)
			return
		}
		var want []string
		if arr, ok := Member(data, arrayKey); ok {
			for e := range Elements(arr) {
				v, _ := Member(e, key)
				want = append(want, string(v))
			}
		}
		var got []string
		for v := range ElementMembers(data, arrayKey, key) {
			if v != nil && len(v) != cap(v) {
				t.Fatal("a value's capacity reaches past it")
			}
			got = append(got, string(v))
		}
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
			t.Fatalf("ElementMembers(%q, %q, %q) = %q; Member, Elements and Member: %q", data, arrayKey, key, got, want)
		}
	})
}
