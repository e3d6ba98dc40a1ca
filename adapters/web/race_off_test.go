//go:build !race

package web

// slowdown scales time limits in tests: 1 without the race detector.
const slowdown = 1
