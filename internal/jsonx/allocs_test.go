package jsonx

import "testing"

// countsAllocations skips an allocation count under the race detector,
// whose sync.Pool drops pooled items at random, so a decoder that reuses
// pooled state allocates now and then. make test runs these tests again
// without the race detector.
func countsAllocations(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("allocation counts vary under the race detector; make test runs this without it")
	}
}
