package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	okDeep := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	var many, manyDup strings.Builder
	many.WriteString("{")
	for i := range 40 {
		many.WriteString(`"k` + strconv.Itoa(i) + `":` + strconv.Itoa(i) + ",")
	}
	manyDup.WriteString(many.String() + `"K7":1}`)
	many.WriteString(`"last":{"k1":1}}`)
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"object", `{"event_type":"a","resource_id":"b"}`, nil},
		{"nested objects with the same keys at different levels", `{"a":{"a":1},"b":[{"a":1},{"a":2}]}`, nil},
		{"same keys in sibling objects", `[{"id":1,"x":{"id":2}},{"id":3}]`, nil},
		{"scalar", `42`, nil},
		{"literals", `[true,false,null,-0.5e+3,0,1E9,"\u00e9\ud83d\ude00\n\/"]`, nil},
		{"whitespace after value", "{}\n\t ", nil},
		{"max depth", okDeep, nil},
		{"many keys", many.String(), nil},
		{"non-ASCII keys that do not fold alike", `{"é":1,"É2":2,"ß":3}`, nil},
		// encoding/json matches keys to fields by bytes.EqualFold, where dotless ı and dotted
		// İ fold with neither i nor I: they are other keys, not case variants.
		{"dotless and dotted i are not case variants of i", "{\"id\":1,\"\u0131d\":2,\"\u0130d\":3}", nil},
		{"duplicate key", `{"id":"a","id":"b"}`, ErrDuplicateKey},
		{"case-variant key", `{"id":"a","ID":"b"}`, ErrDuplicateKey},
		{"escaped duplicate key", `{"id":"a","\u0069d":"b"}`, ErrDuplicateKey},
		{"Kelvin sign folds to k", `{"kind":"a","\u212aind":"b"}`, ErrDuplicateKey},
		{"long s folds to s", "{\"status\":\"a\",\"\u017ftatus\":\"b\"}", ErrDuplicateKey},
		{"duplicate key nested", `{"x":{"k":1,"K":2}}`, ErrDuplicateKey},
		{"duplicate key after nested value", `{"a":{"b":1},"a":2}`, ErrDuplicateKey},
		{"duplicate key among many", manyDup.String(), ErrDuplicateKey},
		{"too deep", deep, ErrTooDeep},
		{"trailing value", `{} {}`, ErrTrailingData},
		{"trailing garbage", `{"a":1}x`, ErrTrailingData},
		{"invalid utf8", "{\"a\":\"\xff\"}", ErrInvalidUTF8},
		{"invalid utf8 in a key", "{\"\xc3\":1}", ErrInvalidUTF8},
		{"encoded surrogate", "\"\xed\xa0\x80\"", ErrInvalidUTF8},
		{"lone high surrogate escape", `"\ud83d"`, ErrInvalidUTF8},
		{"lone low surrogate escape", `"\ude00x"`, ErrInvalidUTF8},
		{"high surrogate then non-surrogate", `"\ud83d\u0041"`, ErrInvalidUTF8},
		{"empty", ``, ErrSyntax},
		{"blank", " \n", ErrSyntax},
		{"cut short", `{"a":`, ErrSyntax},
		{"cut string", `"abc`, ErrSyntax},
		{"bad syntax", `{a:1}`, ErrSyntax},
		{"trailing comma", `[1,]`, ErrSyntax},
		{"leading zero", `01`, ErrTrailingData},
		{"bare minus", `-`, ErrSyntax},
		{"control byte in string", "\"a\x01\"", ErrSyntax},
		{"bad escape", `"\x"`, ErrSyntax},
		{"short unicode escape", `"\u12"`, ErrSyntax},
		{"mismatched close", `[}`, ErrSyntax},
		{"truth", `tru`, ErrSyntax},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Check([]byte(tc.in))
			if tc.want == nil {
				assert.NoError(t, err)
				assert.True(t, json.Valid([]byte(tc.in)))
				return
			}
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

// Issue 7 item 11: strict decoding means a typed field can never disagree with the raw
// JSON: encoding/json alone keeps the last of two case-variant keys and turns invalid UTF-8
// into U+FFFD; Unmarshal refuses both documents.
func TestIssue7Item11StrictDecodeRefusesWhatEncodingJSONAccepts(t *testing.T) {
	t.Parallel()
	var v struct {
		Status string `json:"status"`
	}
	for _, doc := range []string{
		`{"status":"active","STATUS":"revoked"}`,
		"{\"status\":\"active\",\"\u017ftatus\":\"revoked\"}",
		"{\"status\":\"act\xffive\"}",
		`{"status":"\ud800"}`,
	} {
		require.NoError(t, json.Unmarshal([]byte(doc), &v), "encoding/json accepts %q", doc)
		err := Unmarshal([]byte(doc), &v)
		assert.Error(t, err, "%q", doc)
	}
}

func TestUnmarshalNeverEchoesContent(t *testing.T) {
	t.Parallel()
	var v struct {
		N int `json:"n"`
	}
	err := Unmarshal([]byte(`{"n":"CANARY-PATIENT-NAME"}`), &v)
	require.ErrorIs(t, err, ErrMismatch)
	assert.NotContains(t, err.Error(), "CANARY")
	assert.Contains(t, err.Error(), "n")

	var f struct {
		F float64 `json:"f"`
	}
	err = Unmarshal([]byte(`{"f":1E700123}`), &f)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "700123", "an out-of-range number is not quoted")

	var tm struct {
		T struct{ json.Unmarshaler } `json:"t"`
	}
	_ = tm
	var ts struct {
		At timeField `json:"at"`
	}
	err = Unmarshal([]byte(`{"at":"CANARY-not-a-time"}`), &ts)
	require.ErrorIs(t, err, ErrMismatch)
	assert.NotContains(t, err.Error(), "CANARY")
	assert.Nil(t, errors.Unwrap(err), "the field's own error, which quotes the value, is not wrapped")

	err = Unmarshal([]byte(`{"n":CANARY}`), &v)
	require.ErrorIs(t, err, ErrSyntax)
	assert.NotContains(t, err.Error(), "CANARY")
}

// timeField fails like time.Time does: quoting the value.
type timeField struct{}

func (timeField) UnmarshalJSON(b []byte) error { return errors.New("cannot parse " + string(b)) }

// refCheck is the slow reference: encoding/json's tokenizer, pairwise bytes.EqualFold.
func refCheck(data []byte) (ok, unsure bool) {
	if !utf8.Valid(data) || !json.Valid(data) {
		return false, false
	}
	// Escaped surrogates are judged by Check alone: the tokenizer replaces them.
	if bytes.Contains(bytes.ToLower(data), []byte(`\ud`)) {
		return false, true
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   []string
		expect bool
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return true, false
		}
		if err != nil {
			return false, false
		}
		top := len(stack) - 1
		if d, isDelim := tok.(json.Delim); isDelim {
			switch d {
			case '{', '[':
				if top >= 0 && stack[top].object {
					stack[top].expect = true
				}
				if len(stack) >= MaxDepth {
					return false, false
				}
				stack = append(stack, frame{object: d == '{', expect: d == '{'})
			default:
				stack = stack[:top]
				if top-1 >= 0 && stack[top-1].object {
					stack[top-1].expect = true
				}
			}
			continue
		}
		if top >= 0 && stack[top].object {
			if stack[top].expect {
				k := tok.(string)
				for _, o := range stack[top].keys {
					if strings.EqualFold(o, k) {
						return false, false
					}
				}
				stack[top].keys = append(stack[top].keys, k)
				stack[top].expect = false
			} else {
				stack[top].expect = true
			}
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":1,"A":2}`, `[[[]]]`, `"x"`, `{} {}`, "\xff", `{"a":{"b":[1,2,{"c":null}]}}`,
		`{"k":1,"\u212a":2}`, `"\ud83d\ude00"`, `{"a":[{"a":1,"b":2},{"a":3}],"b":-1.5e3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Check(data)
		want, unsure := refCheck(data)
		if err == nil && !unsure && !want {
			t.Fatalf("Check accepted what the reference refuses")
		}
		if err != nil && want {
			t.Fatalf("Check refused what the reference accepts: %v", err)
		}
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("Check accepted invalid JSON")
		}
		// Whatever Check accepts decodes: only a number out of range can fail, and the
		// error never quotes the input.
		var v any
		if uerr := Unmarshal(data, &v); uerr != nil {
			if errors.Is(uerr, ErrSyntax) || !strings.Contains(uerr.Error(), "JSON number does not fit") {
				t.Fatalf("Check accepted what Unmarshal rejects: %v", uerr)
			}
		}
	})
}

// The string scan reads eight bytes at a time and jumps to the first byte that needs a look:
// every special byte, at every offset across two words, is judged as the reference judges it.
func TestCheckStringSpecialByteAtEveryOffset(t *testing.T) {
	for _, special := range []string{`"`, `\"`, `\\`, `\n`, `\u00e9`, `\ud83d\ude00`, `\ud83d`, "\n", "\x1f", "\x7f", "é", "\xff", "\xe2\x82", "😀"} {
		for pre := 0; pre <= 20; pre++ {
			for post := 0; post <= 9; post++ {
				doc := []byte(`{"` + strings.Repeat("k", pre) + special + strings.Repeat("v", post) + `":"` +
					strings.Repeat("a", post) + special + strings.Repeat("b", pre) + `"}`)
				want, unsure := refCheck(doc)
				if unsure {
					want = Check(doc) == nil // judged by Check alone; still must not panic
				}
				if got := Check(doc) == nil; got != want {
					t.Fatalf("special %q pre %d post %d: Check ok=%v, reference ok=%v", special, pre, post, got, want)
				}
			}
		}
	}
}

// Keys are compared only when their hash bit is taken: keys that share a hash but differ are
// accepted, and a duplicate is found whatever the keys before it, below and above mapAfter.
func TestCheckDuplicateKeysBehindHashCollisions(t *testing.T) {
	for _, n := range []int{2, 15, 16, 17, 70} {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = "k" + strconv.Itoa(i%10) + strings.Repeat("x", i/10) + "z" // many share length, first and last byte
		}
		var b strings.Builder
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"` + k + `":1`)
		}
		doc := b.String()
		require.NoError(t, Check([]byte(doc+"}")), "n=%d distinct keys", n)
		for _, dup := range []string{keys[0], strings.ToUpper(keys[n-1]), `\u006b` + keys[n/2][1:]} {
			assert.ErrorIs(t, Check([]byte(doc+`,"`+dup+`":2}`)), ErrDuplicateKey, "n=%d dup %q", n, dup)
		}
	}
}

// Keys that encoding/json puts in one field are duplicates whatever their spelling (plain,
// escaped, a non-ASCII rune that folds to ASCII): the hash bit of the folded form is the
// plain form's. Objects side by side or nested keep their own keys.
func TestCheckDuplicateKeysAcrossSpellings(t *testing.T) {
	for _, pair := range [][2]string{
		{`k`, `\u212a`}, {`K`, "\u212a"}, {`s`, "\u017f"}, {`xs`, `X\u017F`}, {`ab`, `A\u0062`},
		{`é`, `\u00c9`}, {"\u212ay", `KY`}, {`a\u212a`, `AK`}, {``, ``},
	} {
		doc := `{"` + pair[0] + `":1,"` + pair[1] + `":2}`
		assert.ErrorIs(t, Check([]byte(doc)), ErrDuplicateKey, doc)
		doc = `{"z":0,"` + pair[1] + `":1,"q":{"` + pair[0] + `":3},"` + pair[0] + `":2}`
		assert.ErrorIs(t, Check([]byte(doc)), ErrDuplicateKey, doc)
	}
	for _, doc := range []string{
		`{"x":{"a":1},"y":{"a":2}}`, `[{"a":1},{"a":1}]`, `{"a":{"a":{"a":1}}}`, `{"k":1,"kk":2,"\u212a\u212a\u212a":3}`,
		`{"x":{"a":1,"b":2},"a":3,"b":4}`,
	} {
		assert.NoError(t, Check([]byte(doc)), doc)
	}
}

// Every proper prefix of a document, cut anywhere (inside a string's eight-byte stride
// too), is refused without reading past its end.
func TestCheckRefusesEveryPrefix(t *testing.T) {
	for _, doc := range []string{
		`{"abcdefghijklmnop":"qrstuvwxyz0123456789","é\u00e9😀":"\ud83d\ude00\"\\"}`,
		`["aaaaaaaaaaaaaaa","bbbbbbb\u0041bbbbbbbb",{"k":[1,2.5e3,true,null]}]`,
	} {
		require.NoError(t, Check([]byte(doc)))
		for n := range len(doc) {
			// A copy of exactly n bytes: a read past the end is an index out of range.
			prefix := append([]byte(nil), doc[:n]...)
			assert.Error(t, Check(prefix), "%q", prefix)
		}
	}
}
