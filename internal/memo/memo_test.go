package memo

import (
	"strings"
	"sync"
	"testing"
)

func TestStrings(t *testing.T) {
	calls := 0
	m := New(func(s string) string { calls++; return strings.ToUpper(s) }, 2)
	for _, tc := range []struct {
		in, want string
		calls    int
	}{
		{"a", "A", 1}, {"a", "A", 1}, {"b", "B", 2}, {"c", "C", 3}, // the memo starts over at 2
		{"c", "C", 3}, {"a", "A", 4},
	} {
		if got := m.Get(tc.in); got != tc.want || calls != tc.calls {
			t.Errorf("Get(%q) = %q after %d calls; want %q after %d", tc.in, got, calls, tc.want, tc.calls)
		}
	}
	if len(m.done) > 2 {
		t.Errorf("memo holds %d results, bound 2", len(m.done))
	}
}

func TestStringsConcurrent(t *testing.T) {
	m := New(strings.ToLower, 8)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 100 {
				s := strings.Repeat("X", (i+j)%12)
				if got := m.Get(s); got != strings.ToLower(s) {
					t.Errorf("Get(%q) = %q", s, got)
				}
			}
		})
	}
	wg.Wait()
}
