//go:build unix

package ofauthotel_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system, every
// goroutine included (the loopback server's too). Unlike wall time it does
// not grow while other processes hold the CPU.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
