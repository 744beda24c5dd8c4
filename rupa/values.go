package rupa

import (
	"github.com/labwire/labwire/internal/civil"
	"github.com/labwire/labwire/internal/decimal"
)

// The value helpers every labwire vendor package has, with the same names: Date,
// ParseDate, Decimal, ParseDecimal, MustParseDecimal, DecimalFromFloat and Ptr.

// Date is a calendar date without a time zone (dates of birth). Its JSON form is
// "YYYY-MM-DD"; build one with ParseDate.
type Date = civil.Date

// ParseDate parses "YYYY-MM-DD" and rejects impossible dates such as 2023-02-30.
func ParseDate(s string) (Date, error) { return civil.ParseDate(s) }

// Decimal is a number that keeps the digits Rupa sent: a price of 10.50 stays 10.50, and
// String returns exactly those digits. It decodes a JSON number or a numeric string; the
// zero Decimal means no value.
type Decimal = decimal.Decimal

// ParseDecimal parses s, which must be a JSON number such as "10.50".
func ParseDecimal(s string) (Decimal, error) { return decimal.Parse(s) }

// MustParseDecimal is ParseDecimal for constants in code and tests; it panics if s is not a
// JSON number.
func MustParseDecimal(s string) Decimal { return decimal.MustParse(s) }

// DecimalFromFloat returns the shortest Decimal that reads back as f (5.2 for 5.2). A float
// cannot carry trailing zeros: use ParseDecimal("5.20") when they matter. NaN and the
// infinities give the zero Decimal.
func DecimalFromFloat(f float64) Decimal { return decimal.FromFloat(f) }

// Ptr returns a pointer to v, for optional fields.
func Ptr[T any](v T) *T { return &v }
