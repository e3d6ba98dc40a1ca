package knowledge

import "testing"

// TestFieldLines checks the fixed array against a map, the plain reading
// of which key is on which line, for every key (known or not).
func TestFieldLines(t *testing.T) {
	if n := len(requiredFields) + len(optionalFields); n != fieldCount {
		t.Fatalf("fieldCount is %d, but there are %d front-matter keys", fieldCount, n)
	}
	keys := append(append([]string{"unknown", ""}, requiredFields...), optionalFields...)
	var f fieldLines
	want := map[string]int{}
	for i, k := range keys {
		if i%3 == 1 {
			continue // some keys are not given
		}
		f.set(k, 2+i*7)
		if fieldIndex(k) >= 0 {
			want[k] = 2 + i*7
		}
	}
	for _, k := range keys {
		line, ok := want[k]
		if f.at(k) != line || f.has(k) != ok {
			t.Errorf("%q: at %d has %v, want %d %v", k, f.at(k), f.has(k), line, ok)
		}
	}
}
