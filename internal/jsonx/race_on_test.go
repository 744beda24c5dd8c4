//go:build race

package jsonx

// raceEnabled: under -race sync.Pool drops items on purpose, so allocation
// counts are not meaningful.
const raceEnabled = true
