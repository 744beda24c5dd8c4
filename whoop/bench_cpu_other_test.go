//go:build !unix

package whoop_test

import "testing"

// reportCPU runs f; CPU time is only measured on unix.
func reportCPU(_ *testing.B, f func()) { f() }
