package phi_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/phi"
)

type inner struct {
	ID   int64 `phi:"id"`
	Name string
}

type holder struct{ *inner }

type tagged struct {
	RequestID int64             `phi:"id"`
	Status    *string           `json:"status" phi:"token,omitempty"`
	Active    bool              `phi:"token:active"`
	In        *inner            `phi:"id:inner=ID;count:set"`
	Holder    holder            `phi:"id:held=inner.ID"`
	Items     map[string]string `phi:"count"`
	raw       json.RawMessage   `phi:"present"`
	Note      string            `phi:"none"`
	Secret    string
}

func TestOfReadsTheTags(t *testing.T) {
	t.Parallel()
	st := "OK"
	v := tagged{RequestID: 12, Status: &st, Active: true, In: &inner{ID: 5, Name: "Jane"},
		Holder: holder{&inner{ID: 6}}, Items: map[string]string{"a": "b"}, raw: json.RawMessage(`{"x":1}`),
		Note: "note", Secret: "s3cret"}
	assert.Equal(t, "phi_test.tagged{request_id:12, status:OK, active:true, inner:5, set:1, held:6, items:1, raw:1, PHI redacted}",
		phi.Of(v).String())
	assert.Equal(t, phi.Of(v).String(), phi.Of(&v).String(), "a pointer shows the value")

	// Nil pointers along a path show the zero value; omitempty leaves a zero value out; JSON
	// null is not present.
	assert.Equal(t, "phi_test.tagged{request_id:0, active:false, inner:0, set:0, held:0, items:0, raw:0, PHI redacted}",
		phi.Of(tagged{raw: json.RawMessage(" null")}).String())
	assert.Equal(t, "phi_test.tagged{PHI redacted}", phi.Of((*tagged)(nil)).String())

	b, err := phi.Of(v).MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"request_id":"12","status":"OK","active":"true","inner":"5","set":1,"held":"6","items":1,"raw":1,"redacted":true}`, string(b))
	assert.Equal(t, [][]int{{0}, {1}, {2}, {3, 0}, {4, 0, 0}}, phi.Shown(reflect.TypeFor[tagged]()))
}

func TestParseTag(t *testing.T) {
	t.Parallel()
	d, err := phi.ParseTag("id:x=A.B,omitempty;count")
	require.NoError(t, err)
	assert.Equal(t, []phi.Decl{{Kind: "id", Key: "x", Path: []string{"A", "B"}, OmitEmpty: true}, {Kind: "count"}}, d)
	assert.False(t, d[0].HoldsNone(), "a path shows a field of the value, which itself stays hidden")
	for _, tag := range []string{"ID", "none:x", "none,omitempty", "id=", "shown"} {
		_, err := phi.ParseTag(tag)
		assert.Error(t, err, tag)
	}
}

// A malformed declaration fails at registration (package init), naming the field.
func TestRegisterPanicsOnABadTag(t *testing.T) {
	t.Parallel()
	type badPath struct {
		In *inner `phi:"id:x=Nope"`
	}
	type badKind struct {
		In inner `phi:"id"`
	}
	type noLen struct {
		N int `phi:"count"`
	}
	for _, v := range []any{badPath{}, badKind{}, noLen{}} {
		func() {
			defer func() {
				r := recover()
				require.NotNil(t, r, "%T", v)
				assert.True(t, strings.HasPrefix(fmt.Sprint(r), "phi: phi_test."), fmt.Sprint(r))
			}()
			phi.Register(v)
		}()
	}
}
