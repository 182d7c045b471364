//go:build !unix

package ofauthotel_test

import "time"

// cpuTime reports no figure where getrusage does not exist.
func cpuTime() (time.Duration, bool) { return 0, false }
