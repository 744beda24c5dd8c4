package decimal

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseKeepsDigits(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"0", "-0", "5.20", "185", "0.001", "-12.50", "1e3", "1E-3", "2.50e+10", "0.0", strings.Repeat("9", MaxLen)} {
		d, err := Parse(s)
		require.NoError(t, err, s)
		assert.Equal(t, s, d.String())
		assert.False(t, d.IsZero())
		b, err := json.Marshal(d)
		require.NoError(t, err)
		assert.Equal(t, s, string(b), "marshals exactly the digits given")
	}
}

func TestParseRefusesWhatIsNotAJSONNumber(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", " 1", "1 ", "+1", "01", "-", "1.", ".5", "1e", "1e+", "0x10", "NaN", "Infinity", "-Inf", "1,5", "1_000", "5.2.1", "\"5\"", "١", "1e5x"} {
		_, err := Parse(s)
		assert.ErrorIs(t, err, ErrSyntax, "%q", s)
		if err != nil && s != "" {
			assert.NotContains(t, err.Error(), s, "the error does not quote the input")
		}
	}
	_, err := Parse(strings.Repeat("1", MaxLen+1))
	assert.ErrorIs(t, err, ErrTooLong)
}

func TestFromFloat(t *testing.T) {
	t.Parallel()
	a, b := 0.1, 0.2 // variables: constant arithmetic would be exact
	tests := []struct {
		f    float64
		want string
	}{
		{5.2, "5.2"},
		{185, "185"},
		{a + b, "0.30000000000000004"},
		{-0.5, "-0.5"},
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{1e-7, "0.0000001"},
		{1e-8, "1e-08"},
		{1e20, "100000000000000000000"},
		{1e21, "1e+21"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
	}
	for _, tc := range tests {
		d := FromFloat(tc.f)
		assert.Equal(t, tc.want, d.String(), "%v", tc.f)
		_, err := Parse(d.String())
		require.NoError(t, err, "FromFloat gives a valid JSON number for %v", tc.f)
		f, ok := d.Float64()
		assert.True(t, ok)
		assert.Equal(t, tc.f == 0, f == 0)
		if tc.f != 0 {
			assert.Equal(t, tc.f, f, "reads back as the same float")
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		assert.True(t, FromFloat(f).IsZero(), "%v has no JSON form", f)
	}
}

func TestUnmarshalJSON(t *testing.T) {
	t.Parallel()
	var v struct {
		A Decimal  `json:"a"`
		B Decimal  `json:"b"`
		C *Decimal `json:"c"`
		D Decimal  `json:"d"`
		E *Decimal `json:"e"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"a": 5.20, "b": "0.050", "c": -1e3, "d": null, "e": null}`), &v))
	assert.Equal(t, "5.20", v.A.String())
	assert.Equal(t, "0.050", v.B.String(), "a numeric string is accepted")
	require.NotNil(t, v.C)
	assert.Equal(t, "-1e3", v.C.String())
	assert.True(t, v.D.IsZero())
	assert.Nil(t, v.E)

	for _, in := range []string{`{"a": "5,2"}`, `{"a": ""}`, `{"a": true}`, `{"a": {}}`, `{"a": "\u0035x"}`} {
		var w struct{ A Decimal }
		err := json.Unmarshal([]byte(in), &w)
		assert.Error(t, err, in)
		if err != nil {
			assert.NotContains(t, err.Error(), "5,2")
		}
	}
}

func TestMarshalJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(struct {
		V  Decimal  `json:"v"`
		Z  Decimal  `json:"z"`
		O  Decimal  `json:"o,omitzero"`
		P  *Decimal `json:"p,omitempty"`
		In []Decimal
	}{V: MustParse("5.20"), In: []Decimal{MustParse("1"), MustParse("1.0")}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"v":5.20,"z":null,"In":[1,1.0]}`, string(b))
	assert.Contains(t, string(b), `"v":5.20`, "the trailing zero is on the wire")
}

func TestScaleAndEquality(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]int{"5": 0, "5.20": 2, "-0.001": 3, "1.5e3": 1, "2E-2": 0} {
		assert.Equal(t, want, MustParse(s).Scale(), s)
	}
	assert.Equal(t, 0, Decimal{}.Scale())
	x, y := MustParse("5.20"), MustParse("5.20")
	assert.True(t, x == y)
	assert.False(t, MustParse("5.2") == MustParse("5.20"), "digits are part of the value")
	_, ok := Decimal{}.Float64()
	assert.False(t, ok)
	_, ok = MustParse("1e400").Float64()
	assert.False(t, ok, "out of float64 range")
	assert.Panics(t, func() { MustParse("x") })
}
