// Package decimal is the number type of lab values: a Decimal keeps exactly the digits it
// was given ("5.20" stays "5.20", never 5.2), because significant figures are part of a
// result. It does no arithmetic. Vendor packages re-export it (type Decimal =
// decimal.Decimal) so that WHOOP, Ovation and Rupa results share one type.
package decimal

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
)

// MaxLen is the longest number Parse (and so UnmarshalJSON) accepts, in bytes. Lab values
// are short; a longer "number" is refused rather than kept, and a response holding one fails
// to decode with ErrTooLong.
const MaxLen = 128

// Decimal is a number written in JSON number syntax, kept as its digits. The zero Decimal is
// "no value": IsZero reports true, it marshals as null, and vendor packages refuse it where
// a value is required. A Decimal is comparable; two Decimals are == only when written alike
// ("5.2" and "5.20" differ on purpose).
type Decimal struct {
	s string
}

// Errors returned by Parse; match them with errors.Is. Their text never holds the input.
var (
	// ErrSyntax reports input that is not a JSON number.
	ErrSyntax = errors.New("decimal: not a JSON number")
	// ErrTooLong reports a number longer than MaxLen bytes.
	ErrTooLong = errors.New("decimal: number too long")
)

// Parse returns the Decimal written s, which must be a JSON number (RFC 8259: an optional
// minus, no leading zeros, an optional fraction and exponent, no plus sign, no spaces) of at
// most MaxLen bytes. The digits are kept exactly as written.
func Parse(s string) (Decimal, error) {
	if len(s) > MaxLen {
		return Decimal{}, ErrTooLong
	}
	if !isNumber(s) {
		return Decimal{}, ErrSyntax
	}
	return Decimal{s: s}, nil
}

// MustParse is Parse for constants in code and tests; it panics if s is not a JSON number.
func MustParse(s string) Decimal {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// FromFloat returns the shortest decimal that reads back as f ("5.2" for 5.2; plain digits
// from 1e-7 up to 1e21, an exponent outside). A float64 cannot hold trailing zeros: use
// Parse("5.20") for a value whose digits matter. NaN and the infinities have no JSON form:
// FromFloat returns the zero Decimal for them.
func FromFloat(f float64) Decimal {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Decimal{}
	}
	if f == 0 {
		return Decimal{s: "0"} // also for -0, which JSON cannot tell apart
	}
	if a := math.Abs(f); a >= 1e-7 && a < 1e21 {
		return Decimal{s: strconv.FormatFloat(f, 'f', -1, 64)}
	}
	return Decimal{s: strconv.FormatFloat(f, 'e', -1, 64)}
}

// String returns the digits as given, or "" for the zero Decimal.
func (d Decimal) String() string { return d.s }

// IsZero reports whether d holds no value. A Decimal of "0" is not zero in this sense.
func (d Decimal) IsZero() bool { return d.s == "" }

// Float64 returns d as the nearest float64, and false for the zero Decimal. A number beyond
// the float64 range gives ±Inf and false.
func (d Decimal) Float64() (float64, bool) {
	if d.s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(d.s, 64)
	return f, err == nil
}

// Scale returns the number of digits after the decimal point as written ("5.20" is 2, "5"
// and "5e1" are 0), the precision a lab reported.
func (d Decimal) Scale() int {
	n, in := 0, false
	for i := 0; i < len(d.s); i++ {
		switch c := d.s[i]; {
		case c == '.':
			in = true
		case c == 'e' || c == 'E':
			return n
		case in:
			n++
		}
	}
	return n
}

// MarshalJSON writes the digits as a JSON number, or null for the zero Decimal.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d.s == "" {
		return []byte("null"), nil
	}
	return []byte(d.s), nil
}

// UnmarshalJSON reads a JSON number, keeping its digits, or a JSON string holding one
// ("5.20"), which some vendors send. null leaves d unchanged, as encoding/json does for
// other types. The error never quotes the input.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return ErrSyntax
		}
	}
	v, err := Parse(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// isNumber reports whether s is exactly one JSON number.
func isNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = digits(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := digits(s, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(s, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

// digits returns the index after the run of ASCII digits starting at i.
func digits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
