//go:build !race

package bot

// slowdown scales time limits in tests: 1 without the race detector.
const slowdown = 1
