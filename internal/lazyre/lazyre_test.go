package lazyre

import "testing"

func TestNewCompilesOnce(t *testing.T) {
	re := New(`a+b`)
	first := re()
	if !first.MatchString("xaab") || first.MatchString("xb") {
		t.Fatalf("%v matches wrongly", first)
	}
	if re() != first {
		t.Error("a second call compiled the expression again")
	}
}

func TestNewPanicsOnFirstUse(t *testing.T) {
	re := New(`(`) // no panic yet
	defer func() {
		if recover() == nil {
			t.Error("a bad expression did not panic on first use")
		}
	}()
	re()
}
