package ovation

import (
	"github.com/labwire/labwire/internal/civil"
	"github.com/labwire/labwire/internal/decimal"
)

// The value helpers every labwire vendor package has, with the same names: Date,
// ParseDate, Decimal, ParseDecimal, MustParseDecimal, DecimalFromFloat and Ptr.

// Date is a calendar date without a time zone (dates of birth, preauthorization periods).
// Its JSON form is "YYYY-MM-DD".
type Date = civil.Date

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) { return civil.ParseDate(s) }

// Decimal is a number kept as the digits Ovation sent or you gave ("5.20" stays "5.20"): lab
// values and durations are never float64 here. Build one with ParseDecimal.
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
