package knowledge

import "testing"

// correctByScan is correct as a scan of the whole vocabulary: the
// bucketed lookup must agree with it.
func correctByScan(ix *index, w string) uint32 {
	if len(w) < 6 || w == numToken || w == idToken || ix.vocab.id(w) != unknownTerm {
		return unknownTerm
	}
	maxDist := 1
	if len(w) >= 9 {
		maxDist = 2
	}
	best, bestDist, bestDF := unknownTerm, maxDist+1, 0
	for id := wildcardTerm + 1; int(id) < ix.nterms(); id++ {
		v := ix.vocab.word(id)
		if d := len(v) - len(w); d > maxDist || d < -maxDist || v[0] != w[0] && v[1] != w[1] {
			continue
		}
		d := editDistance(w, v, maxDist)
		if d > maxDist {
			continue
		}
		if df := ix.postings.count(id); d < bestDist || d == bestDist && df > bestDF {
			best, bestDist, bestDF = id, d, df
		}
	}
	return best
}

func TestCorrectAgreesWithScan(t *testing.T) {
	ix := syntheticKB(t, 200).idx
	fixed := 0
	for id := wildcardTerm + 1; int(id) < ix.nterms(); id += 7 {
		v := ix.vocab.word(id)
		if len(v) < 6 {
			continue
		}
		// A dropped letter, a swap, a changed first and a changed second letter.
		for _, w := range []string{v[:3] + v[4:], v[:2] + v[3:4] + v[2:3] + v[4:], "q" + v[1:], v[:1] + "q" + v[2:], v + "x"} {
			got, want := ix.correct(w), correctByScan(ix, w)
			if got != want {
				t.Fatalf("correct(%q) = %q, scan finds %q", w, ix.vocab.word(got), ix.vocab.word(want))
			}
			if got != unknownTerm {
				fixed++
			}
		}
	}
	if fixed < 100 {
		t.Errorf("only %d corrections made: the test checks too little", fixed)
	}
	if got := ix.vocab.id("insufficient"); got == unknownTerm || ix.correct("insuficient") != got {
		t.Errorf("insuficient is not corrected to insufficient")
	}
}
