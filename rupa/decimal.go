package rupa

import "github.com/labwire/labwire/internal/decimal"

// Decimal is a number that keeps the digits Rupa sent: a price of 10.50 stays 10.50, and
// String returns exactly those digits. It decodes a JSON number or a numeric string; the
// zero Decimal means no value.
type Decimal = decimal.Decimal

// ParseDecimal parses s, which must be a JSON number such as "10.50".
func ParseDecimal(s string) (Decimal, error) { return decimal.Parse(s) }
