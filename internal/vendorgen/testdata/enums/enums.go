// Package enums is vendorgen's test input: string enums, one with a hand-written IsKnown.
package enums

import "strings"

// Color is a color. A switch on it needs a default case.
type Color string

// The documented colors, warm first.
const (
	ColorRed  Color = "red"
	ColorBlue Color = "blue"
	// colorSecret is unexported: not one of ColorValues.
	colorSecret Color = "secret"
)

// Size is a size, matched without regard to case.
type Size string

// Sizes as the vendor writes them.
const (
	SizeSmall Size = "S"
	SizeLarge Size = "L"
)

// IsKnown reports whether s is one of SizeValues, ignoring case.
func (s Size) IsKnown() bool {
	for _, v := range SizeValues() {
		if strings.EqualFold(string(v), string(s)) {
			return true
		}
	}
	return false
}

// Name is a string type without constants: not an enum.
type Name string

var _ = colorSecret
