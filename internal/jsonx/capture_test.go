package jsonx

import (
	"bytes"
	"errors"
	"testing"
)

// CheckElementMembers errs exactly as Check does, and on a checked document finds what
// ElementMembers finds (the same bytes of data, capacity capped), in the pass of the check.
func FuzzCheckElementMembers(f *testing.F) {
	for _, s := range []string{`{"d":[{"a":1},{"b":2,"a":[3]},{},{"A":"x"},5,null,[{"a":1}],{"x":{"a":0},"a":"}"}]}`,
		`{"x":[{"a":9}],"d":[{"k\u0065y":1,"a":{"a":2}}],"z":[{"a":0}]}`, ` { "d" : [ { "a" : 1 } , { } ] } `, `{"d":[]}`, `{"d":{"a":1}}`,
		`{"\u0064":[{"\u212a":1}]}`, `[{"a":1}]`, `{"D":[{"a":"x"}]}`, `{}`, `{"d":[{"a":{}},{"a":[]},{"a":""}]}`,
		`{"d":[{"a":1}],"d":[]}`, `{"d":[{"a":1,"A":2}]}`, `{"d":[{"a":[1,{"a":2}]}]} x`, `{"d":[{"a":"\ud800"}]}`} {
		f.Add([]byte(s), "d", "a")
	}
	f.Add([]byte(`{"d":[{"\u212a":1},{"k":2}]}`), "d", "K")
	f.Add([]byte(`{"data":[{"id":"1","type":"patient","attributes":{"first_name":"A"}}],"links":{}}`), "data", "attributes")
	f.Fuzz(func(t *testing.T, data []byte, arrayKey, key string) {
		got, err := CheckElementMembers(data, arrayKey, key, nil)
		if want := Check(data); !sameError(err, want) {
			t.Fatalf("CheckElementMembers(%q) error %v; Check %v", data, err, want)
		}
		if err != nil {
			return
		}
		var want [][]byte
		for v := range ElementMembers(data, arrayKey, key) {
			want = append(want, v)
		}
		if len(got) != len(want) {
			t.Fatalf("CheckElementMembers(%q, %q, %q) found %d elements; ElementMembers %d", data, arrayKey, key, len(got), len(want))
		}
		for i := range got {
			if (got[i] == nil) != (want[i] == nil) || !bytes.Equal(got[i], want[i]) {
				t.Fatalf("element %d of %q: %q; ElementMembers %q", i, data, got[i], want[i])
			}
			if got[i] != nil && (len(got[i]) != cap(got[i]) || &got[i][0] != &want[i][0]) {
				t.Fatalf("element %d: not the bytes of data, capacity capped", i)
			}
		}
	})
}

// sameError reports whether two errors of the checker are the same: the same sentinel, or
// syntax errors at the same offset.
func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	var sa, sb *SyntaxError
	if errors.As(a, &sa) || errors.As(b, &sb) {
		return errors.As(a, &sa) && errors.As(b, &sb) && sa.Offset == sb.Offset
	}
	return errors.Is(a, b)
}

// The capture leaves the pooled checker as it found it: a plain Check after a capture
// captures nothing and allocates nothing.
func TestCheckElementMembersThenCheck(t *testing.T) {
	doc := []byte(`{"data":[{"attributes":{"a":1}},{"id":"2"}],"links":{"next":null}}`)
	got, err := CheckElementMembers(doc, "data", "attributes", nil)
	if err != nil || len(got) != 2 || string(got[0]) != `{"a":1}` || got[1] != nil {
		t.Fatalf("got %q, %v", got, err)
	}
	if raceEnabled {
		t.Skip("allocation counts need the pool, which -race empties on purpose")
	}
	if allocs := testing.AllocsPerRun(100, func() {
		if err := Check(doc); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Fatalf("Check allocates %v times", allocs)
	}
	buf := make([][]byte, 0, 4)
	if allocs := testing.AllocsPerRun(100, func() {
		if _, err := CheckElementMembers(doc, "data", "attributes", buf[:0]); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Fatalf("CheckElementMembers allocates %v times with room in dst", allocs)
	}
}
