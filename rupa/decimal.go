package rupa

import "encoding/json"

// Decimal is a number that keeps the digits Rupa sent (a price of 10.50 stays 10.50).
//
// TEMPORARY: an alias of json.Number until internal/decimal (kit, helper S) lands; then it
// becomes `type Decimal = decimal.Decimal`. Only this file changes.
type Decimal = json.Number
