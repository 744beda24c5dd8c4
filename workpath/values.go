package workpath

import (
	"github.com/labwire/labwire/internal/civil"
	"github.com/labwire/labwire/internal/decimal"
)

// The value helpers every labwire vendor package has, with the same names: Date,
// ParseDate, Decimal, ParseDecimal, MustParseDecimal, DecimalFromFloat and Ptr.

// Date is a calendar date without a time zone (dates of birth). Its JSON form is "YYYY-MM-DD".
type Date = civil.Date

// ParseDate parses "YYYY-MM-DD" (e.g. "1977-06-01") and rejects impossible dates.
func ParseDate(s string) (Date, error) { return civil.ParseDate(s) }

// Decimal is an amount or score kept exactly as Workpath wrote it (75, 49.99), never rounded
// through a float64. The zero Decimal means "not sent" and is omitted from requests.
type Decimal = decimal.Decimal

// ParseDecimal parses a JSON number such as "49.99".
func ParseDecimal(s string) (Decimal, error) { return decimal.Parse(s) }

// MustParseDecimal is ParseDecimal for constants in code and tests; it panics if s is not a
// JSON number.
func MustParseDecimal(s string) Decimal { return decimal.MustParse(s) }

// DecimalFromFloat returns the shortest decimal that reads back as f; NaN and infinities
// give the zero Decimal.
func DecimalFromFloat(f float64) Decimal { return decimal.FromFloat(f) }

// Ptr returns a pointer to v, for optional fields: workpath.Ptr(true).
func Ptr[T any](v T) *T { return &v }
