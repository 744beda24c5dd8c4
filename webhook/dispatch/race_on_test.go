//go:build race

package dispatch

// raceEnabled: under -race sync.Pool drops items on purpose, so allocation
// counts are not meaningful.
const raceEnabled = true
