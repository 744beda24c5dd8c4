package phi_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/phi"
)

// wirePerson and wireAddr stand for a vendor's PHI types: registered, so they marshal
// redacted, and Plain sends their fields.
type wirePerson struct {
	ID      string     `json:"id" phi:"id"`
	Name    string     `json:"name"`
	Born    time.Time  `json:"born,omitzero"`
	Home    *wireAddr  `json:"home,omitempty"`
	Others  []wireAddr `json:"others,omitempty"`
	Extra   any        `json:"extra,omitempty"`
	private string
}

type wireAddr struct {
	Line string `json:"line"`
}

type wireAttrs map[string]string

type wirePlainPerson wirePerson // a vendor's own wire copy: no methods, but PHI types inside

// wireBody embeds an unexported copy and shadows one of its fields, as vendors' bodies do.
type wireBody struct {
	wirePlainPerson
	Name  string    `json:"name"`
	Attrs wireAttrs `json:"attrs"`
}

type selfRef struct {
	Next *selfRef
	P    *wirePerson
}

func (p wirePerson) String() string                { return phi.Of(p).String() }
func (p wirePerson) Format(f fmt.State, verb rune) { phi.Of(p).Format(f, verb) }
func (p wirePerson) LogValue() slog.Value          { return phi.Of(p).LogValue() }
func (p wirePerson) MarshalJSON() ([]byte, error)  { return phi.Of(p).MarshalJSON() }
func (a wireAddr) MarshalJSON() ([]byte, error)    { return phi.Of(a).MarshalJSON() }
func (a wireAttrs) MarshalJSON() ([]byte, error)   { return phi.Of(a).MarshalJSON() }

func init() { phi.Register(wirePerson{}, wireAddr{}, wireAttrs{}) }

func wire(t *testing.T, v any) string {
	t.Helper()
	p, err := phi.Plain(v)
	require.NoError(t, err)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	return string(b)
}

func TestPlainSendsTheFields(t *testing.T) {
	t.Parallel()
	p := wirePerson{ID: "p1", Name: "Jane", Home: &wireAddr{"1 Main St"}, Others: []wireAddr{{"2 Side St"}},
		Extra: wireAddr{"3 Any St"}, private: "x"}
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"p1","redacted":true}`, string(b), "json.Marshal shows the summary")

	want := `{"id":"p1","name":"Jane","home":{"line":"1 Main St"},"others":[{"line":"2 Side St"}],"extra":{"line":"3 Any St"}}`
	assert.JSONEq(t, want, wire(t, p))
	assert.JSONEq(t, want, wire(t, &p))
	assert.JSONEq(t, `{"p":`+want+`,"list":[`+want+`]}`, wire(t, map[string]any{"p": p, "list": []*wirePerson{&p}}))

	// An embedded unexported copy is flattened and its shadowed field loses, as encoding/json
	// does with the original types.
	body := wireBody{wirePlainPerson: wirePlainPerson(p), Name: "Shadow", Attrs: wireAttrs{"k": "v"}}
	assert.JSONEq(t, `{"id":"p1","name":"Shadow","home":{"line":"1 Main St"},"others":[{"line":"2 Side St"}],
		"extra":{"line":"3 Any St"},"attrs":{"k":"v"}}`, wire(t, body))

	// Nil and zero values stay what encoding/json makes of them; a value holding no
	// registered type is returned as it is.
	assert.JSONEq(t, `{"id":"","name":""}`, wire(t, wirePerson{}))
	assert.Equal(t, "null", wire(t, (*wirePerson)(nil)))
	in := map[string]int{"a": 1}
	out, err := phi.Plain(in)
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("%p", in), fmt.Sprintf("%p", out))

	// A recursive type holding a registered one cannot be copied: an error, not a wrong body.
	_, err = phi.Plain(selfRef{P: &p})
	assert.Error(t, err)
}
