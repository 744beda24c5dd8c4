package webhook

import (
	"syscall"
	"unsafe"
)

// processCPUTime returns the CPU time the process has used, in nanoseconds
// (CLOCK_PROCESS_CPUTIME_ID): all its threads, so the garbage collection an
// implementation causes is charged to it. Unlike the wall clock, it does not
// count the time spent waiting for a CPU on a busy machine.
func processCPUTime() (int64, bool) {
	const clockProcessCPUTimeID = 2
	var ts syscall.Timespec
	_, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Nano(), errno == 0
}
