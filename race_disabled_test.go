//go:build !race

package ofauth

// raceDetector reports whether the tests run under the race detector.
const raceDetector = false
