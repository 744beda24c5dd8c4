package jsonx

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// nameStr is a named string with a method that is not a decoding method.
type nameStr string

// Upper is a method that decoding ignores.
func (n nameStr) Upper() string { return strings.ToUpper(string(n)) }

// textID decodes from a JSON string with UnmarshalText (pointer receiver).
type textID string

// UnmarshalText prefixes the text, and fails for a text starting with '!'.
func (t *textID) UnmarshalText(b []byte) error {
	if len(b) > 0 && b[0] == '!' {
		return errors.New("bad text id")
	}
	*t = textID("id:" + string(b))
	return nil
}

// jsonLen decodes any JSON value with UnmarshalJSON (pointer receiver) into its length.
type jsonLen int

// UnmarshalJSON keeps the length of b; null is -1; a string starting with '!' fails; an
// array starting with "[[" fails with a type error of its own.
func (j *jsonLen) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*j = -1
	case strings.HasPrefix(string(b), `"!`):
		return errors.New("bad json len")
	case strings.HasPrefix(string(b), "[["):
		return &json.UnmarshalTypeError{Value: "array", Type: reflect.TypeFor[jsonLen](), Field: "inner"}
	default:
		*j = jsonLen(len(b))
	}
	return nil
}

// valU has a value-receiver UnmarshalJSON, which fails for long values.
type valU [2]int

// UnmarshalJSON fails for a value longer than 10 bytes and otherwise does nothing.
func (valU) UnmarshalJSON(b []byte) error {
	if len(b) > 10 {
		return errors.New("too long")
	}
	return nil
}

// textSlice is a slice type whose pointer decodes text.
type textSlice []int

// UnmarshalText keeps the text's length.
func (t *textSlice) UnmarshalText(b []byte) error {
	*t = textSlice{len(b)}
	return nil
}

// valText has a value-receiver UnmarshalText, which fails for long texts.
type valText string

// UnmarshalText fails for a text longer than 3 bytes and otherwise does nothing.
func (valText) UnmarshalText(b []byte) error {
	if len(b) > 3 {
		return errors.New("long text")
	}
	return nil
}

// namedPtr is a named pointer type (a fallback: it has no methods).
type namedPtr *inner

// inner is a recursive struct.
type inner struct {
	ID  string   `json:"id"`
	N   int8     `json:"n"`
	U   uint16   //
	F32 float32  `json:"f32"`
	P   *inner   `json:"p"`
	L   []inner  `json:"l"`
	Tag []string `json:"tag"`
}

// embedding has an embedded struct (a fallback).
type embedding struct {
	inner
	X int `json:"x"`
}

// embedPtr embeds a pointer to a struct (a fallback).
type embedPtr struct {
	*inner
	Y int `json:"y"`
}

// Name2 is an embedded non-struct type.
type Name2 string

// Named is an embedded struct with a tag: a plain field.
type Named struct{ Z int }

// conflictA and conflictB both have C, which annihilate each other when embedded side by
// side.
type conflictA struct {
	C int
	D int `json:"d"`
}

// conflictB: see conflictA.
type conflictB struct {
	C int
	E int `json:"e"`
}

// embedMix has fields promoted from embedded structs, by Go's rules amended by tags.
type embedMix struct {
	inner
	Named `json:"named"`
	Name2
	ID string `json:"id"` // shadows inner.ID
	conflictA
	conflictB
}

// embedTime embeds time.Time, whose UnmarshalJSON is promoted to it.
type embedTime struct {
	time.Time
	Extra int
}

// stringOpt has a ",string" field (a fallback).
type stringOpt struct {
	A int `json:"a,string"`
	B string
}

// rich holds every kind the decoder supports, and the ones it falls back for.
type rich struct {
	S        string           `json:"s"`
	NS       nameStr          `json:"ns"`
	B        bool             `json:"b"`
	I        int              `json:"i"`
	I8       int8             `json:"i8"`
	I16      int16            `json:"i16"`
	I32      int32            `json:"i32"`
	I64      int64            `json:"i64"`
	U        uint             `json:"u"`
	U8       uint8            `json:"u8"`
	U16      uint16           `json:"u16"`
	U32      uint32           `json:"u32"`
	U64      uint64           `json:"u64"`
	Uptr     uintptr          `json:"uptr"`
	F32      float32          `json:"f32"`
	F64      float64          `json:"f64"`
	PS       *string          `json:"ps"`
	PPI      **int            `json:"ppi"`
	SL       []string         `json:"sl"`
	SI       []int            `json:"si"`
	AR       [2]int           `json:"ar"`
	Nest     inner            `json:"nest"`
	NP       *inner           `json:"np"`
	NL       []*inner         `json:"nl"`
	Raw      json.RawMessage  `json:"raw"`
	T        time.Time        `json:"t"`
	TP       *time.Time       `json:"tp"`
	TX       textID           `json:"tx"`
	TXP      *textID          `json:"txp"`
	TXL      []textID         `json:"txl"`
	TS       textSlice        `json:"ts"`
	JL       jsonLen          `json:"jl"`
	JLP      *jsonLen         `json:"jlp"`
	JLS      []jsonLen        `json:"jls"`
	Any      any              `json:"any"`
	AnyP     *any             `json:"anyp"`
	M        map[string]int   `json:"m"`
	MI       map[string]inner `json:"mi"`
	By       []byte           `json:"by"`
	Num      json.Number      `json:"num"`
	Emb      embedding        `json:"emb"`
	Str      stringOpt        `json:"str"`
	CaseKey  int              `json:"CaseKey"`
	CaseKey2 int              `json:"casekey2"`
	Kelvin   string           `json:"k"`
	Skip     int              `json:"-"`
	//lint:ignore SA5008 the name "-" is what this field tests
	Dash int `json:"-,"`
	//lint:ignore U1000 an unexported field decoding never fills
	unexp    int
	Untagged string            //
	Omit     string            `json:"omit,omitempty"`
	Zero     int               `json:",omitzero"`
	Anon     struct{ A []int } `json:"anon"`
	Iface    fmt.Stringer      `json:"iface"`
	VU       valU              `json:"vu"`
	//lint:ignore SA5008 an invalid tag name is what this field tests
	Bad  string              `json:"bad\\tag"`
	AA   [2][]string         `json:"aa"`
	Deep map[string][]inner  `json:"deep"`
	EP   embedPtr            `json:"ep"`
	EM   embedMix            `json:"em"`
	ET   embedTime           `json:"et"`
	SO   stringOptIgnored    `json:"so"`
	EmbT struct{ time.Time } `json:"embt"`
	NP2  namedPtr            `json:"np2"`
	PPT  **textID            `json:"ppt"`
	VT   valText             `json:"vt"`
	MK   map[textID]int      `json:"mk"`
	AP   [2]*inner           `json:"ap"`
	SS   [][]int             `json:"ss"`
	B4   [4]uint8            `json:"b4"`
	PSl  *[]int              `json:"psl"`
	PRaw *json.RawMessage    `json:"praw"`
}

// stringOptIgnored has a ",string" option on a kind it does not apply to.
type stringOptIgnored struct {
	//lint:ignore SA5008 an option that does not apply is what this field tests
	A []int `json:"a,string"`
}

// targets are the Go values the differential tests decode into, each made fresh (zero or
// prefilled the same way every time).
var targets = []struct {
	name string
	new  func() any
}{
	{"rich", func() any { return new(rich) }},
	{"richSlice", func() any { return new([]rich) }},
	{"richPtrs", func() any { return new([]*rich) }},
	{"inner", func() any { return new(inner) }},
	{"richPtrPtr", func() any { return new(*rich) }},
	{"any", func() any { return new(any) }},
	{"map", func() any { return new(map[string]any) }},
	{"ints", func() any { return new([]int) }},
	{"array", func() any { return new([3]string) }},
	{"string", func() any { return new(string) }},
	{"int", func() any { return new(int) }},
	{"float64", func() any { return new(float64) }},
	{"time", func() any { return new(time.Time) }},
	{"raw", func() any { return new(json.RawMessage) }},
	{"textID", func() any { return new(textID) }},
	{"jsonLen", func() any { return new(jsonLen) }},
	{"textIDPtr", func() any { return new(*textID) }},
	{"embedding", func() any { return new(embedding) }},
	{"embedMix", func() any { return new(embedMix) }},
	{"namedPtr", func() any { return new(namedPtr) }},
	{"textIDPtrPtr", func() any { return new(**textID) }},
	{"valText", func() any { return new(valText) }},
	{"anonEmbedTime", func() any { return new(struct{ time.Time }) }},
	{"prefilled", func() any {
		s := "old"
		n := 7
		pn := &n
		return &rich{
			S: "keep", I: 3, PS: &s, PPI: &pn, SL: make([]string, 1, 4), SI: []int{9, 8, 7},
			NP: &inner{ID: "x", L: []inner{{ID: "a", N: 1}, {ID: "b"}}}, NL: []*inner{{ID: "y"}},
			AR: [2]int{5, 6}, M: map[string]int{"z": 1}, Any: &inner{ID: "in any"},
		}
	}},
	{"prefilledSlice", func() any {
		s := make([]inner, 2, 8)
		s[0].ID = "stale0"
		s = s[:0]
		return &s
	}},
}

// diffDecode decodes data (which Check accepts) into a fresh target with decodeChecked and
// with json.Unmarshal (described), and fails unless both give the same error text, or no
// error and deeply equal values.
func diffDecode(t testing.TB, data []byte, name string, mk func() any) {
	t.Helper()
	got, want := mk(), mk()
	gotErr := decodeChecked(data, got)
	wantErr := json.Unmarshal(data, want)
	if wantErr != nil {
		wantErr = describe(wantErr)
	}
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("%s: %q: error %v, encoding/json's %v", name, data, gotErr, wantErr)
	}
	if gotErr != nil {
		if gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s: %q: error %q, encoding/json's %q", name, data, gotErr, wantErr)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: %q: decoded\n%#v\nencoding/json's\n%#v", name, data, got, want)
	}
}

// diffAll runs diffDecode for every target.
func diffAll(t testing.TB, data []byte) {
	t.Helper()
	for _, tg := range targets {
		diffDecode(t, data, tg.name, tg.new)
	}
}

// decodeCases are documents that exercise each rule, decoded into every target.
var decodeCases = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5`, `"s"`, `"\u00e9\n\"x\\"`, `[1,2,3]`, `[1,2,3,4]`, `["a","b","c","d"]`,
	`{"s":"a","ns":"b","b":true,"i":-12,"i8":127,"i16":-32768,"i32":2147483647,"i64":-9223372036854775808}`,
	`{"u":1,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,"uptr":5,"f32":1.5e3,"f64":-2.5E-3}`,
	`{"i8":128}`, `{"i8":-129}`, `{"u8":256}`, `{"u":-1}`, `{"u":-0}`, `{"i":1.0}`, `{"i":1e2}`, `{"i":-0}`,
	`{"i64":9223372036854775808}`, `{"u64":18446744073709551616}`, `{"i":12345678901234567890123}`,
	`{"f32":3.5e38}`, `{"f64":1e400}`, `{"f32":1e-50}`, `{"f64":123456789012345678901234567890}`,
	`{"s":1}`, `{"s":true}`, `{"s":null}`, `{"s":[]}`, `{"s":{}}`, `{"i":"1"}`, `{"b":1}`, `{"b":null}`, `{"i":null}`,
	`{"ps":"x","ppi":5}`, `{"ps":null,"ppi":null}`, `{"ppi":"x"}`, `{"ps":1}`,
	`{"sl":["a","b"],"si":[1,2,3,4,5]}`, `{"sl":[],"si":null}`, `{"sl":"x"}`, `{"si":[1,"x",3]}`, `{"sl":{}}`,
	`{"ar":[1]}`, `{"ar":[1,2,3]}`, `{"ar":[]}`, `{"ar":null}`, `{"ar":["x",2]}`,
	`{"nest":{"id":"n","n":1,"U":2,"f32":0.5,"p":{"id":"pp","l":[{"id":"l0"},{"id":"l1","tag":["t"]}]}}}`,
	`{"np":{"id":"x"},"nl":[{"id":"a"},null,{"n":300}]}`, `{"np":null,"nl":null}`, `{"nl":[]}`,
	`{"raw":{"a": [1, 2]},"t":"2024-01-15T10:30:00Z","tp":"2024-01-15T10:30:00+02:00"}`,
	`{"raw":null,"t":null,"tp":null}`, `{"t":"yesterday"}`, `{"tp":"yesterday"}`, `{"t":5}`, `{"tp":[]}`,
	`{"tx":"a","txp":"b","txl":["c","d\u00e9"],"ts":"xyz"}`, `{"tx":"!a"}`, `{"txp":"!b"}`, `{"tx":1}`, `{"txp":true}`,
	`{"tx":null,"txp":null,"txl":null,"ts":null}`, `{"tx":[]}`, `{"txl":[{}]}`, `{"ts":[1,2]}`, `{"tx":"\u0041\ud83d\ude00"}`,
	`{"jl":[1, 2],"jlp":{"a":1},"jls":[1,"ab",null,true]}`, `{"jl":null,"jlp":null}`, `{"jl":"!x"}`, `{"jlp":"!x"}`,
	`{"jls":[[1]]}`, `{"jl":[[1]]}`, `{"i":"x","jl":"!x"}`, `{"jl":"!x","i":"x"}`, `{"nest":{"id":1},"jl":[[2]]}`,
	`{"any":{"a":[1,"x",null]},"anyp":1,"m":{"a":1,"b":2},"mi":{"k":{"id":"v"}},"by":"aGk=","num":12.5}`,
	`{"any":null,"anyp":null,"m":null,"by":null}`, `{"m":{"a":"x"}}`, `{"mi":{"k":{"id":1}}}`, `{"by":"!!"}`, `{"num":"x"}`, `{"num":"12"}`,
	`{"emb":{"id":"e","x":1,"n":2}}`, `{"emb":{"id":1}}`, `{"str":{"a":"12","B":"x"}}`, `{"str":{"a":12}}`, `{"str":{"a":"x"}}`,
	`{"casekey":1,"CASEKEY2":2,"K":"k"}`, `{"\u212a":"kelvin"}`, `{"CaseKey":1,"casekey2":2}`, `{"S":"upper"}`, `{"nEsT":{"ID":"x"}}`,
	`{"Skip":1,"-":2,"unexp":3,"untagged":"u","omit":"o","Zero":4,"Dash":5}`,
	`{"anon":{"A":[1]}}`, `{"iface":null}`, `{"iface":"x"}`, `{"vu":[1,2]}`, `{"vu":[1,2,3,4,5,6]}`, `{"vu":null}`,
	`{"bad\\tag":"x","Bad":"y"}`, `{"aa":[["a"],["b","c"],["d"]]}`, `{"deep":{"k":[{"id":"x","p":{"n":1}}]}}`,
	`{"deep":{"k":[{"id":"x","p":{"n":"bad"}}]}}`, `{"nest":{"p":{"p":{"l":[{"id":5}]}}}}`,
	`{"unknown":{"a":[1,{"b":"\"]}"}]},"s":"after"}`, ` { "s" : "ws" , "i" : 1 } `,
	`{"s":"a\u0000b","k":"\ud800\udc00"}`, `{"\u0073":"escaped key"}`,
	`{"em":{"id":"x","n":1,"named":{"Z":1},"Name2":"n","C":1,"d":2,"U":3,"l":[{"id":"y"}]}}`, `{"ep":{"id":"x","y":1}}`,
	`{"ep":{"id":1}}`, `{"em":{"n":"bad"}}`, `{"em":{"named":{"Z":"bad"}}}`, `{"et":"2024-01-15T10:30:00Z"}`, `{"et":{"Extra":1}}`,
	`{"so":{"a":[1]}}`, `{"id":"top","n":2,"named":{"Z":3}}`,
	`{"embt":"2024-01-15T10:30:00Z"}`, `{"embt":{"Time":1}}`, `{"np2":{"id":"x"}}`, `{"np2":null}`, `{"np2":{"id":1}}`,
	`{"ppt":"x"}`, `{"ppt":1}`, `{"ppt":null}`, `{"ppt":{}}`, `{"vt":"ab"}`, `{"vt":"abcd"}`, `{"vt":1}`, `{"vt":null}`,
	`{"mk":{"a":1,"b":2}}`, `{"mk":{"!a":1}}`, `{"ap":[{"id":"a"},null,{"id":"c"}]}`, `{"ap":[{"id":1}]}`,
	`{"ss":[[1],[],null,[2,3]]}`, `{"ss":[["x"]]}`, `{"b4":[1,2,3,4,5]}`, `{"b4":[256]}`, `{"b4":"AQID"}`,
	`{"psl":[1,2]}`, `{"psl":null}`, `{"psl":[]}`, `{"praw":{"a":1}}`, `{"praw":null}`,
	`[{"s":"a"},{"i":"bad"},{"s":"c"}]`, `[{"i":1},{"jl":"!x"},{"i":"bad"}]`, `[null,{"s":"x"}]`, `[[]]`,
	`{"s":"2024-01-15T10:30:00Z"}`, `"2024-01-15T10:30:00Z"`, `{"id":"x","l":[{"l":[{"l":[]}]}]}`,
}

func TestDecodeMatchesEncodingJSON(t *testing.T) {
	for _, c := range decodeCases {
		data := []byte(c)
		if err := Check(data); err != nil {
			t.Fatalf("%s: Check: %v", c, err)
		}
		diffAll(t, data)
	}
}

// TestDecodeUncheckedMatchesEncodingJSON decodes documents that encoding/json accepts and
// Check does not (invalid UTF-8, duplicate and case-variant keys, deep nesting), as an
// UnmarshalJSON method called by json.Unmarshal may hand them to DecodeChecked.
func TestDecodeUncheckedMatchesEncodingJSON(t *testing.T) {
	deep := strings.Repeat(`{"p":`, 70) + `{"id":"deep"}` + strings.Repeat(`}`, 70)
	for _, c := range []string{
		"{\"s\":\"\xca0000\"}", "{\"tx\":\"\xff\"}", "{\"\xffk\":1,\"s\":\"a\xe2\x82\"}", "[\"\xed\xa0\x80\"]",
		`{"s":"a","s":"b"}`, `{"S":"a","s":"b"}`, `{"nest":{"id":"a"},"nest":{"n":1}}`, `{"sl":["a","b"],"sl":["c"]}`,
		`{"i":1,"i":"x"}`, `{"s":"\ud800"}`, deep, `[` + deep + `]`,
	} {
		data := []byte(c)
		if !json.Valid(data) || Check(data) == nil {
			t.Fatalf("%q: not a case", c)
		}
		diffAll(t, data)
	}
}

func TestDecodeInvalidTargets(t *testing.T) {
	var s string
	for _, v := range []any{nil, s, (*string)(nil), 5} {
		got, want := decodeChecked([]byte(`"x"`), v), describe(json.Unmarshal([]byte(`"x"`), v))
		if got == nil || got.Error() != want.Error() {
			t.Errorf("%T: %v, encoding/json's %v", v, got, want)
		}
	}
}

// TestDecodeErrorField checks a mismatch's path and that the error never holds the value.
func TestDecodeErrorField(t *testing.T) {
	type req struct {
		ID int `json:"id"`
	}
	type doc struct {
		Requests []req `json:"service_requests"`
	}
	var d doc
	err := Unmarshal([]byte(`{"service_requests":[{"id":1},{"id":"secret-value"}]}`), &d)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "service_requests.id" || !errors.Is(err, ErrMismatch) {
		t.Fatalf("error %#v", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Fatalf("error quotes the value: %v", err)
	}
	if err := Unmarshal([]byte(`{"service_requests":[{"id":12345678901234567890}]}`), &d); err == nil || strings.Contains(err.Error(), "1234") {
		t.Fatalf("error %v", err)
	}
}

// TestDecodeConcurrentPlans decodes recursive types from many goroutines at once (for -race).
func TestDecodeConcurrentPlans(t *testing.T) {
	type node struct {
		Name string  `json:"name"`
		Kids []*node `json:"kids"`
	}
	data := []byte(`{"name":"a","kids":[{"name":"b","kids":[{"name":"c"}]},null]}`)
	done := make(chan error)
	for range 8 {
		go func() {
			var n, m node
			err := Unmarshal(data, &n)
			if err == nil {
				err = json.Unmarshal(data, &m)
			}
			if err == nil && !reflect.DeepEqual(n, m) {
				err = errors.New("differs")
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func TestDecodeAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under -race")
	}
	doc := benchDoc(50)
	var a, b requisitionBench
	got := testing.AllocsPerRun(20, func() {
		a = requisitionBench{}
		if err := decodeChecked(doc, &a); err != nil {
			t.Fatal(err)
		}
	})
	want := testing.AllocsPerRun(20, func() {
		b = requisitionBench{}
		if err := json.Unmarshal(doc, &b); err != nil {
			t.Fatal(err)
		}
	})
	if got > want {
		t.Fatalf("%v allocations, encoding/json's %v", got, want)
	}
}

func FuzzDecodeMatchesEncodingJSON(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// UnmarshalStd is json.Unmarshal for any bytes at all, errors included.
		for _, tg := range targets[:5] {
			diffStd(t, data, tg.name, tg.new)
		}
		// Beyond what Check accepts, every document encoding/json accepts: an UnmarshalJSON
		// method called by json.Unmarshal may hand its bytes to DecodeChecked.
		if !json.Valid(data) {
			return
		}
		diffAll(t, data)
	})
}

// TestUnmarshalStd compares UnmarshalStd with json.Unmarshal, error texts included, on
// documents Check accepts and on ones it refuses (which encoding/json may still accept).
func TestUnmarshalStd(t *testing.T) {
	cases := append([]string{`{"s":"a","s":"b"}`, "{\"s\":\"\\xff\"}", `{"i":1e400}`, `{"u8":1e2}`, `[1,]`, `{"s":"x"} x`, ``, `{"a":"\u0001"}`},
		decodeCases...)
	for _, c := range cases {
		for _, tg := range targets {
			diffStd(t, []byte(c), tg.name, tg.new)
		}
	}
}

// diffStd decodes data into a fresh target with UnmarshalStd and with json.Unmarshal, and
// fails unless both give the same error text, or no error and deeply equal values.
func diffStd(t testing.TB, data []byte, name string, mk func() any) {
	t.Helper()
	got, want := mk(), mk()
	gotErr, wantErr := UnmarshalStd(data, got), json.Unmarshal(data, want)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("%s: %q: error %v, encoding/json's %v", name, data, gotErr, wantErr)
	}
	if gotErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: %q: decoded %#v, encoding/json %#v", name, data, got, want)
	}
}
