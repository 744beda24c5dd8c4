package jsonx

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	okDeep := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"object", `{"event_type":"a","resource_id":"b"}`, nil},
		{"nested objects with the same keys at different levels", `{"a":{"a":1},"b":[{"a":1},{"a":2}]}`, nil},
		{"scalar", `42`, nil},
		{"whitespace after value", "{}\n\t ", nil},
		{"max depth", okDeep, nil},
		{"duplicate key", `{"id":"a","id":"b"}`, ErrDuplicateKey},
		{"case-variant key", `{"id":"a","ID":"b"}`, ErrDuplicateKey},
		{"duplicate key nested", `{"x":{"k":1,"K":2}}`, ErrDuplicateKey},
		{"duplicate key after nested value", `{"a":{"b":1},"a":2}`, ErrDuplicateKey},
		{"too deep", deep, ErrTooDeep},
		{"trailing value", `{} {}`, ErrTrailingData},
		{"trailing garbage", `{"a":1}x`, ErrTrailingData},
		{"invalid utf8", "{\"a\":\"\xff\"}", ErrInvalidUTF8},
		{"empty", ``, ErrSyntax},
		{"cut short", `{"a":`, ErrSyntax},
		{"bad syntax", `{a:1}`, ErrSyntax},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Check([]byte(tc.in))
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestUnmarshalNeverEchoesContent(t *testing.T) {
	t.Parallel()
	var v struct {
		N int `json:"n"`
	}
	err := Unmarshal([]byte(`{"n":"CANARY-PATIENT-NAME"}`), &v)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "CANARY")
	assert.Contains(t, err.Error(), "n")

	var f struct {
		F float64 `json:"f"`
	}
	err = Unmarshal([]byte(`{"f":1E700123}`), &f)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "700123", "an out-of-range number is not quoted")

	err = Unmarshal([]byte(`{"n":CANARY}`), &v)
	require.ErrorIs(t, err, ErrSyntax)
	assert.NotContains(t, err.Error(), "CANARY")
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":1,"A":2}`, `[[[]]]`, `"x"`, `{} {}`, "\xff", `{"a":{"b":[1,2,{"c":null}]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Check(data)
		if err != nil {
			return
		}
		// Whatever Check accepts is well-formed: decoding it can fail only on a number out of
		// range, and the error never quotes the input.
		var v any
		if uerr := Unmarshal(data, &v); uerr != nil {
			if errors.Is(uerr, ErrSyntax) || !strings.Contains(uerr.Error(), "a JSON number does not fit") {
				t.Fatalf("Check accepted what Unmarshal rejects: %v", uerr)
			}
		}
	})
}
