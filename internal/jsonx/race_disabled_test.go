//go:build !race

package jsonx

// raceDetector reports whether the tests run under the race detector.
const raceDetector = false
