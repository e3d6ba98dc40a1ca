//go:build race

package bot

// slowdown scales time limits in tests: the race detector makes code 5-10x slower.
const slowdown = 10
