package knowledge

import (
	"fmt"
	"testing"
)

// TestVocab checks that the compact vocabulary numbers words in the order
// they come, finds each again before and after freezing (through several
// growths of its table), and knows no other word.
func TestVocab(t *testing.T) {
	v := newVocab()
	var words []string
	for i := range 5000 {
		words = append(words, fmt.Sprintf("w%dx", i*7919%100003))
	}
	words = append(words, "", "*", "a", "ab", "naïve")
	for i, w := range words {
		if id := v.add(w); id != uint32(i) {
			t.Fatalf("add(%q) = %d, want %d", w, id, i)
		}
		if id := v.add(w); id != uint32(i) {
			t.Fatalf("add(%q) again = %d, want %d", w, id, i)
		}
	}
	check := func(stage string) {
		t.Helper()
		if v.Len() != len(words) {
			t.Fatalf("%s: %d words, want %d", stage, v.Len(), len(words))
		}
		for i, w := range words {
			if id, ok := v.lookup(w); !ok || id != uint32(i) || v.word(id) != w {
				t.Fatalf("%s: lookup(%q) = %d %v (word %q), want %d", stage, w, id, ok, v.word(id), i)
			}
		}
		for _, w := range []string{"w1", "w0xx", "b", "naive", "w100003x"} {
			if id, ok := v.lookup(w); ok || v.id(w) != unknownTerm {
				t.Errorf("%s: lookup(%q) = %d, want unknown", stage, w, id)
			}
		}
	}
	check("building")
	v.freeze()
	check("frozen")
	if id := v.add("late"); id != uint32(len(words)) || v.word(id) != "late" || v.id("w0x") != 0 {
		t.Errorf("a word added after freezing: id %d, word %q", id, v.word(id))
	}
}
