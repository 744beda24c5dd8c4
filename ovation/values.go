package ovation

import (
	"github.com/labwire/labwire/internal/civil"
	"github.com/labwire/labwire/internal/decimal"
)

// The value helpers every labwire vendor package has, with the same names: Date,
// ParseDate, Decimal, ParseDecimal, MustParseDecimal, DecimalFromFloat and Ptr.

// Date is a calendar date without a time zone (dates of birth, preauthorization periods).
// Its JSON form is "YYYY-MM-DD".
//
// Fields of civil.Date (go generate writes this list from its source):
//
//   - Year int
//   - Month time.Month
//   - Day int
//
// Methods:
//
//   - IsZero() bool: IsZero reports whether d is the zero Date.
//   - MarshalJSON() ([]byte, error): MarshalJSON encodes "YYYY-MM-DD", or null for the zero Date.
//   - String() string: String returns "YYYY-MM-DD", or "" for the zero Date.
//   - UnmarshalJSON(b []byte) error: UnmarshalJSON decodes "YYYY-MM-DD", null or "".
type Date = civil.Date

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) { return civil.ParseDate(s) }

// Decimal is a number kept as the digits Ovation sent or you gave ("5.20" stays "5.20"): lab
// values and durations are never float64 here. Build one with ParseDecimal.
//
// decimal.Decimal has no exported fields (go generate writes this list from its source).
//
// Methods:
//
//   - Float64() (float64, bool): Float64 returns d as the nearest float64, and false for the zero
//     Decimal.
//   - IsZero() bool: IsZero reports whether d holds no value.
//   - MarshalJSON() ([]byte, error): MarshalJSON writes the digits as a JSON number, or null for
//     the zero Decimal.
//   - Scale() int: Scale returns the number of digits after the decimal point as written ("5.20"
//     is 2, "5" and "5e1" are 0), the precision a lab reported.
//   - String() string: String returns the digits as given, or "" for the zero Decimal.
//   - UnmarshalJSON(b []byte) error: UnmarshalJSON reads a JSON number, keeping its digits, or a
//     JSON string holding one ("5.20"), which some vendors send.
type Decimal = decimal.Decimal

// ParseDecimal returns the Decimal written s, which must be a JSON number.
func ParseDecimal(s string) (Decimal, error) { return decimal.Parse(s) }

// MustParseDecimal is ParseDecimal for constants in code and tests; it panics if s is not a
// JSON number.
func MustParseDecimal(s string) Decimal { return decimal.MustParse(s) }

// DecimalFromFloat returns the shortest Decimal that reads back as f (5.2 for 5.2). A float
// cannot carry trailing zeros: use ParseDecimal("5.20") when they matter. NaN and the
// infinities give the zero Decimal.
func DecimalFromFloat(f float64) Decimal { return decimal.FromFloat(f) }

// Ptr returns a pointer to v, for optional fields: ovation.Ptr(true).
func Ptr[T any](v T) *T { return &v }
