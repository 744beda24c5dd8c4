package decimal

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzParse checks Parse against encoding/json: it accepts exactly the inputs that are one
// JSON number token (up to MaxLen bytes), keeps them byte for byte, and what it accepts
// marshals back unchanged and decodes as the same number. Corpus: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"5.20", "-0", "1e3", "01", "+1", "1.", ".5", "1e+", "NaN", " 1", "1 ", "0.000e-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		var num json.Number
		dec := json.NewDecoder(bytes.NewReader([]byte(s)))
		dec.UseNumber()
		var v any
		jsonOK := len(s) > 0 && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) &&
			json.Valid([]byte(s)) && dec.Decode(&v) == nil
		if jsonOK {
			num, _ = v.(json.Number)
			jsonOK = num.String() == s // one token, no surrounding space
		}
		if len(s) > MaxLen {
			if err == nil {
				t.Fatalf("accepted %d bytes", len(s))
			}
			return
		}
		if (err == nil) != jsonOK {
			t.Fatalf("Parse(%q) err=%v, encoding/json number=%v", s, err, jsonOK)
		}
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("kept %q as %q", s, d.String())
		}
		b, err := json.Marshal(d)
		if err != nil || string(b) != s {
			t.Fatalf("marshal %q = %q, %v", s, b, err)
		}
		var back Decimal
		if err := json.Unmarshal(b, &back); err != nil || back != d {
			t.Fatalf("round trip %q = %q, %v", s, back.String(), err)
		}
		q, _ := json.Marshal(s)
		var fromString Decimal
		if err := json.Unmarshal(q, &fromString); err != nil || fromString != d {
			t.Fatalf("numeric string %s = %q, %v", q, fromString.String(), err)
		}
	})
}
