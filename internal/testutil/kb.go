package testutil

import (
	"sync"
	"testing"

	"github.com/orfix/orfix/knowledge"
)

var defaultKB = sync.OnceValues(func() (*knowledge.KB, error) { return knowledge.Load("") })

// DefaultKB returns the knowledge base the binary ships (knowledge.Load
// with no directory), or stops the test if it does not load. It is loaded
// once per test binary and shared by every caller: do not change it.
//
// The knowledge package's own tests cannot use it (testutil imports
// knowledge).
func DefaultKB(t testing.TB) *knowledge.KB {
	t.Helper()
	kb, err := defaultKB()
	if err != nil {
		t.Fatalf("load the default knowledge base: %v", err)
	}
	return kb
}
