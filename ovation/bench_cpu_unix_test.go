//go:build unix

package ovation_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used (user + system). The benchmarks report it
// per operation next to ns/op: on a busy machine wall time includes waiting for a CPU,
// CPU time much less so.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU runs f (the benchmark loop) and reports its CPU time per operation as cpu-ns/op.
func reportCPU(b *testing.B, f func()) {
	start := cpuTime()
	f()
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}
