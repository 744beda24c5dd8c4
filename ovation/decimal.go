package ovation

import "github.com/labwire/labwire/internal/decimal"

// Decimal is a number kept as the digits Ovation sent or you gave ("5.20" stays "5.20"): lab
// values and durations are never float64 here. Build one with ParseDecimal.
type Decimal = decimal.Decimal

// ParseDecimal returns the Decimal written s, which must be a JSON number.
func ParseDecimal(s string) (Decimal, error) { return decimal.Parse(s) }
