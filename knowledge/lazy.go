package knowledge

import (
	"regexp"
	"sync"
)

// lazyRegexp returns a function that compiles expr on its first call and
// returns the same compiled expression after. It is for the expressions
// only lint and error messages use, so that a program that loads the
// embedded knowledge base does not compile them at start.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
