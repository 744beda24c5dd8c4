//go:build !unix

package ovation_test

import (
	"testing"
	"time"
)

// reportCPU runs f; CPU time is only measured on unix.
func reportCPU(_ *testing.B, f func()) { f() }

// cpuTime is 0 where CPU time is not measured.
func cpuTime() time.Duration { return 0 }
