// Package lazyre compiles regular expressions on first use, so that a
// package's expressions cost nothing at program start.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr on its first call and returns
// the same compiled expression on every call after. It panics, on that
// first call, if expr does not compile.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
