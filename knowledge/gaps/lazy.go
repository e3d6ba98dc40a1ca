package gaps

import (
	"regexp"
	"sync"
)

// lazyRegexp returns a function that compiles expr on its first call and
// returns the same compiled expression on every call after. The package's
// expressions compile when gaps are first clustered or drafted, not at
// program start: most runs of orfix never touch them.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
