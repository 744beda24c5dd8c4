package whoop

import (
	"github.com/labwire/labwire/internal/civil"
	"github.com/labwire/labwire/internal/decimal"
)

// The value helpers every labwire vendor package has, with the same names: Date,
// ParseDate, Decimal, ParseDecimal, MustParseDecimal, DecimalFromFloat and Ptr.

// Date is a calendar date without a time zone (dates of birth): Date{Year, Month, Day}. Its
// JSON form is "YYYY-MM-DD". String returns that form; IsZero reports the zero Date (no
// date); it decodes only a valid "YYYY-MM-DD".
type Date = civil.Date

// ParseDate parses "YYYY-MM-DD" and refuses impossible dates such as 2023-02-30.
func ParseDate(s string) (Date, error) { return civil.ParseDate(s) }

// Decimal is a lab value that keeps exactly the digits it was given: "5.20" is sent as
// 5.20, never 5.2, because significant figures are part of a result. The zero Decimal is
// "no value". Build one with ParseDecimal, MustParseDecimal or DecimalFromFloat. Its
// methods: String returns the digits as given ("" for none); IsZero reports no value;
// Float64 returns the nearest float64 (false for none or out of range); Scale returns the
// digits after the point ("5.20" is 2). It marshals as a JSON number with exactly its
// digits, and decodes from a JSON number or a numeric string. Two Decimals are == only when
// written alike.
type Decimal = decimal.Decimal

// ParseDecimal returns the Decimal written s, which must be a JSON number ("5.20", "-1",
// "1e-3") of at most 128 bytes. Its error never holds s.
func ParseDecimal(s string) (Decimal, error) { return decimal.Parse(s) }

// MustParseDecimal is ParseDecimal for constants in code and tests; it panics if s is not a
// JSON number.
func MustParseDecimal(s string) Decimal { return decimal.MustParse(s) }

// DecimalFromFloat returns the shortest Decimal that reads back as f (5.2 for 5.2). A float
// cannot carry trailing zeros: use ParseDecimal("5.20") when they matter. NaN and the
// infinities give the zero Decimal, which SubmitResults refuses.
func DecimalFromFloat(f float64) Decimal { return decimal.FromFloat(f) }

// Ptr returns a pointer to v, for optional fields: whoop.Ptr("reason").
func Ptr[T any](v T) *T { return &v }
