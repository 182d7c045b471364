package jsonx

import "testing"

// fewestAllocs is the fewest allocations of f over n single runs. Under
// the race detector sync.Pool drops a random quarter of what it is given,
// so one run in four of a pooled decoder pays for a fresh one: an average
// would fail at random, the fewest is what the code itself costs.
func fewestAllocs(n int, f func()) float64 {
	fewest := testing.AllocsPerRun(1, f)
	for i := 1; i < n && fewest > 0; i++ {
		fewest = min(fewest, testing.AllocsPerRun(1, f))
	}
	return fewest
}
