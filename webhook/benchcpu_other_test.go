//go:build !linux

package webhook

// processCPUTime is implemented on Linux only; elsewhere the benchmarks
// report wall time alone.
func processCPUTime() (int64, bool) { return 0, false }
