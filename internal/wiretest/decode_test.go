package wiretest

import (
	"encoding/json"
	"strings"
	"testing"
)

// counted decodes to a different value on every call (the count of calls so far), so that
// the two decodes of DecodesAsEncodingJSON cannot agree: the helper must report it.
type counted struct{ calls *int }

// counter counts UnmarshalJSON calls (the test is not parallel).
var counter int

// UnmarshalJSON records a call; the value it leaves differs between two decodes.
func (c *counted) UnmarshalJSON([]byte) error {
	counter++
	n := counter
	c.calls = &n
	return nil
}

func TestDecodesAsEncodingJSON(t *testing.T) {
	r := &recT{TB: t}
	DecodesAsEncodingJSON(r, "same", []byte(`{"a":"x","b":[1,2]}`), func() any {
		return new(struct {
			A string `json:"a"`
			B []int  `json:"b"`
		})
	})
	if len(r.errors) != 0 {
		t.Fatalf("a document both decode alike was reported: %v", r.errors)
	}

	r = &recT{TB: t}
	DecodesAsEncodingJSON(r, "different", []byte(`{"c":1}`), func() any {
		return new(struct {
			C counted `json:"c"`
		})
	})
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "different") {
		t.Fatalf("values that differ were not reported: %v", r.errors)
	}

	r = &recT{TB: t}
	DecodesAsEncodingJSON(r, "refused", []byte(`{"a":1,"A":2}`), func() any { return new(map[string]json.RawMessage) })
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "refused") || !strings.Contains(r.errors[0], "jsonx") {
		t.Fatalf("a document jsonx refuses was not reported: %v", r.errors)
	}
}
