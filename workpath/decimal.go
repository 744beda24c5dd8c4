package workpath

import "github.com/labwire/labwire/internal/decimal"

// Decimal is an amount or score kept exactly as Workpath wrote it (75, 49.99), never rounded
// through a float64. The zero Decimal means "not sent" and is omitted from requests.
type Decimal = decimal.Decimal

// ParseDecimal parses a JSON number such as "49.99".
func ParseDecimal(s string) (Decimal, error) { return decimal.Parse(s) }

// DecimalFromFloat returns the shortest decimal that reads back as f; NaN and infinities
// give the zero Decimal.
func DecimalFromFloat(f float64) Decimal { return decimal.FromFloat(f) }
