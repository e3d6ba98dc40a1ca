package knowledge

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// hotPathSeeds are pastes that reach the corners of the tuned functions:
// escapes, camelCase, other scripts, markers cut at the end, repeated
// rare bytes and keys nested in values.
var hotPathSeeds = []string{
	"",
	"a",
	"E",
	oneLinePaste,
	"\x1b[31mError\x1b[0m: 401 {\\\"error\\\":{\\\"message\\\":\\\"User not found.\\\"}}",
	"OpenrouterException - APIConnectionError\\n\\ttraceback",
	"检查失败: HTTP 404: No allowed providers报错This这This",
	"\xff\xfe invalid utf-8 \xc3 Ünïcödé ÄÖÜ",
	"\\u003cbr\\u003e \\\\n \\",
	"HTTPError XMLHttpRequest getURLForAPI ABCdef aB Ab AB ab99Cd 9A",
	"https://openrouter.ai/api/v1/api/v1/chat/completions 404 openrouter.a openrouter",
	"POST https://api.openai.com/v1/chat/completions generativelanguage.googleapis.com api.x.ai",
	"maximum context length is 131,072 tokens. However, you requested about 140,000 tokens",
	"context limit of 8192; token limit of 9000 total of 12000 maximum of 5",
	"Error: free-models-per-day-- key limit exceeded free-models-per-",
	"openai/gpt-4o anthropic/claude-3.5-sonnet:free /openai/x .google/y meta-llama/ qwen/q:",
	"Cline v3.17.5 cline 3.1 aider 0.82.1 litellm==1.63.2 roo code v1.2 roo-code 2.0",
	"is this a question?", "Why does it fail", "  what   ", "anyone seen this",
	"429 Too Many Requests 500 Internal Server Error Bad Gateway",
	"status=429 code 402 (503) \"401 User\" 404: No endpoints 4000 404.5 -404 a:404",
	"sk-or-v1-abc provider_name \"user_id\":\"user_x 'user_id': 'user_y",
	"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk token xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx context",
	"pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp openrouter",
	"{'error': {'message': 'This endpoint's maximum context length is 8192 tokens', 'code': 400}}",
	"KeyError: 'choices' AI_TypeValidationError openai.RateLimitError Exception ExceptionError",
	"finish_reason: error\nmax_tokens=100\nmodel: openai/gpt-4o\nraw: {\"error\":{\"type\":\"x\",\"message\":\"y\"}}",
	"message:   lots   of\t\tspace\n\nhere  ",
	"message: \u00a0nbsp\u2028sep\u0085nel ",
	strings.Repeat("error: ", 40),
	strings.Repeat("no endpoints ", 100),
}

// hotPathTexts returns every labelled paste (the repository's sets and
// the shared eval sets), the seeds and the benchmark pastes.
func hotPathTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, c := range labelledPastes(t) {
		texts = append(texts, c.Text)
	}
	if len(texts) < 1000 {
		t.Fatalf("read %d labelled pastes, want over 1,000", len(texts))
	}
	texts = append(texts, hotPathSeeds...)
	return append(texts, stackTracePaste())
}

// checkHotPath compares every tuned function of the matcher's hot path
// with its reference (hotpath_ref_test.go) on one text, and reports the
// first that differs. memo is the scratch whose term memo it uses: pass
// one for many texts, as a pooled scratch serves many pastes.
func checkHotPath(t *testing.T, kb *KB, memo *scratch, text string) {
	t.Helper()
	if len(text) > MaxMatchInput {
		text = text[:MaxMatchInput]
	}
	fail := func(what string, got, want any) {
		t.Helper()
		t.Fatalf("%s differs on %q:\n got %#v\nwant %#v", what, clip(text, 120), got, want)
	}
	for _, s := range []string{text, strings.TrimSpace(text), clip(text, 300)} {
		if got, want := cut(s), refCut(s); got != want {
			fail("cut", got, want)
		}
	}
	lower := asciiLower(text)
	if want := refAsciiLower(text); lower != want {
		fail("asciiLower", lower, want)
	}
	words := tokenizeLower(text, lower, nil)
	if want := refTokenizeLower(text, lower, nil); !slices.Equal(words, want) {
		fail("tokenizeLower", words, want)
	}
	sig := detectSignals(text, lower)
	if want := refDetectSignals(text, lower); sig != want {
		fail("detectSignals", sig, want)
	}
	ix := kb.idx
	toks := ix.lookup(words, nil)
	if memo := ix.lookupMemo(memo, words, nil); !slices.Equal(memo, toks) {
		fail("lookupMemo", memo, toks)
	}
	sig.Tool = ix.detectTool(toks, lower) // unchanged by the tuning: no reference
	facts := readFacts(text, lower, sig)
	if want := refReadFacts(text, lower, sig); facts != want {
		fail("readFacts", facts, want)
	}
	// readFacts with another tool and OpenRouter marking than the text's
	// own, for the branches those open.
	other := sig
	other.Tool, other.OpenRouter = "cline", 1-sig.OpenRouter
	if got, want := readFacts(text, lower, other), refReadFacts(text, lower, other); got != want {
		fail("readFacts (cline, OpenRouter flipped)", got, want)
	}

	got, want := &scratch{toks: toks, words: words}, &scratch{toks: slices.Clone(toks), words: words}
	gotTotal, wantTotal := ix.queryTerms(got), refQueryTerms(ix, want)
	if gotTotal != wantTotal || !slices.Equal(got.cterms, want.cterms) || !slices.Equal(got.uniq, want.uniq) || !slices.Equal(got.scored, want.scored) {
		fail("queryTerms", []any{gotTotal, got.cterms, got.uniq, got.scored}, []any{wantTotal, want.cterms, want.uniq, want.scored})
	}
	checkCandidates(t, kb, text)
}

// checkCandidates runs the evidence of a paste and compares every touched
// entry's candidate and the kept list with the reference's.
func checkCandidates(t *testing.T, kb *KB, text string) {
	t.Helper()
	sc := &scratch{}
	const keep = 8
	kb.evidence(sc, text, keep)
	for _, short := range []bool{false, true} {
		res := detectSignals(text, asciiLower(text))
		p := pasteEvidence{rel: 1.5, short: short, status: res.Status, openRouter: res.OpenRouter}
		var got, want []candidate
		for _, ei := range sc.touched {
			bm := sc.bm[ei]
			c, r := kb.candidate(sc, &p, ei, bm), refCandidate(kb, sc, &p, ei, bm)
			if c != r {
				t.Fatalf("candidate %d differs on %q:\n got %+v\nwant %+v", ei, clip(text, 120), c, r)
			}
			got, want = insertCand(got, c, keep), refInsertCand(want, r, keep)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("insertCand differs on %q:\n got %+v\nwant %+v", clip(text, 120), got, want)
		}
	}
}

// TestHotPathMatchesReference checks the tuned hot path against the
// reference implementations on every labelled paste.
func TestHotPathMatchesReference(t *testing.T) {
	kb := mustDefault(t)
	memo := &scratch{}
	for _, text := range hotPathTexts(t) {
		checkHotPath(t, kb, memo, text)
	}
}

// TestHotPathCheckCanFail makes sure the comparison sees a difference: a
// paste and a reference result that disagree must be reported.
func TestHotPathCheckCanFail(t *testing.T) {
	lower := asciiLower(oneLinePaste)
	s := detectSignals(oneLinePaste, lower)
	f := readFacts(oneLinePaste, lower, s)
	changed := refReadFacts(oneLinePaste+" https://openrouter.ai/v1/chat", asciiLower(oneLinePaste+" https://openrouter.ai/v1/chat"), s)
	if f == changed {
		t.Fatal("readFacts gives the same facts for pastes that state different URLs: the comparison would see nothing")
	}
	if refDetectSignals("openrouter.ai 401", "openrouter.ai 401") == detectSignals("401", "401") {
		t.Fatal("detectSignals gives the same signals for different pastes: the comparison would see nothing")
	}
}

func FuzzHotPath(f *testing.F) {
	kb := mustDefault(f)
	for _, s := range hotPathSeeds {
		f.Add(s)
	}
	memo := &scratch{}
	f.Fuzz(func(t *testing.T, s string) {
		checkHotPath(t, kb, memo, s)
	})
}

// TestAsciiLowerEveryByte lowers every byte value at every position of
// the eight-byte step and in the tail, next to every other byte value.
func TestAsciiLowerEveryByte(t *testing.T) {
	for c := range 256 {
		for d := range 256 {
			for _, n := range []int{1, 9, 17} {
				b := make([]byte, n+8)
				for i := range b {
					b[i] = byte(d)
				}
				for pos := 0; pos < len(b); pos += 3 {
					b[pos] = byte(c)
				}
				s := string(b)
				if got, want := asciiLower(s), refAsciiLower(s); got != want {
					t.Fatalf("asciiLower(%q) = %q, want %q", s, got, want)
				}
			}
		}
	}
}

// allFinders returns every prepared finder of the hot path.
func allFinders() []finder {
	fs := []finder{openrouterFinder, tokenFinder, contextFinder, freeModelsFinder, keyLimitFinder, openrouterAIFinder, generativeFinder, apiDotFinder}
	for _, list := range [][]finder{strongFinders, otherStrongFinders, weakFinders, vendorFinders, reportFinders, limitFinders, requestedFinders} {
		fs = append(fs, list...)
	}
	return fs
}

// checkFinder compares f.index with strings.Index on s and on its
// suffixes from a few offsets.
func checkFinder(t *testing.T, f finder, s string) {
	t.Helper()
	tb := bytesOf(s)
	for _, from := range []int{0, min(1, len(s)), len(s) / 3, len(s) / 2, len(s)} {
		want := strings.Index(s[from:], f.pat)
		if got := f.index(s[from:]); got != want {
			t.Fatalf("finder %q (anchor %d) from %d in %q: %d, strings.Index %d", f.pat, f.anchor, from, clip(s, 200), got, want)
		}
		if got := f.indexIn(s[from:], &tb); got != want {
			t.Fatalf("finder %q with the text's bytes from %d in %q: %d, strings.Index %d", f.pat, from, clip(s, 200), got, want)
		}
	}
}

// TestFinderMatchesIndex checks the finders against strings.Index on
// every labelled paste: the prepared ones, and patterns cut from the
// paste itself (which are found, often late, after many near misses).
func TestFinderMatchesIndex(t *testing.T) {
	fs := allFinders()
	texts := append(hotPathTexts(t), strings.Repeat("a", 300)+"ab", strings.Repeat("ke", 400)+"token", strings.Repeat("openrouter.a", 40)+"openrouter.ai")
	for _, text := range texts {
		lower := asciiLower(text)
		for _, f := range fs {
			checkFinder(t, f, lower)
		}
		for _, at := range []int{len(lower) / 2, len(lower) - 7, len(lower) - 30} {
			for _, n := range []int{2, 5, 13} {
				if at >= 0 && at+n <= len(lower) {
					checkFinder(t, newFinder(lower[at:at+n]), lower)
				}
			}
		}
	}
}

func FuzzFinder(f *testing.F) {
	f.Add(strings.Repeat("xk", 200)+"token", "token")
	f.Add(strings.Repeat("openrouter", 30), "openrouter.ai")
	f.Add(stackTracePaste(), "api.")
	f.Fuzz(func(t *testing.T, s, pat string) {
		checkFinder(t, newFinder(pat), s) // short: the byte set decides
		if len(s) < finderFloor {
			s = strings.Repeat(s+"#", finderFloor/(len(s)+1)+1)
		}
		checkFinder(t, newFinder(pat), s)
	})
}

// TestRankOfMatchesReference compares the rank with the reference's on
// feature vectors that are mostly zeros (of either sign), as entries'
// are, with the embedded model's weights.
func TestRankOfMatchesReference(t *testing.T) {
	m := DefaultModel()
	rng := rand.New(rand.NewPCG(1, 2))
	values := []float64{0, math.Copysign(0, -1), 1, 0.5, 1e-300, -1e-300, 3.7, 0.1, 0.2, 0.3}
	for range 100000 {
		var x [numEntryFeatures]float64
		for i := range x {
			if rng.IntN(3) == 0 {
				x[i] = values[rng.IntN(len(values))]
				if rng.IntN(2) == 0 {
					x[i] = rng.Float64()
				}
			}
		}
		if got, want := m.rankOf(&x), refRankOf(m, &x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("rankOf(%v) = %v, want %v", x, got, want)
		}
	}
}

// TestStrongMarkersHoldTheName checks what detectSignals relies on to
// search for the strong markers only from the name's first place on:
// each holds "openrouter", at most strongLead bytes in.
func TestStrongMarkersHoldTheName(t *testing.T) {
	for _, m := range strongMarkers {
		if i := strings.Index(m, "openrouter"); i < 0 || i > strongLead {
			t.Errorf("strong marker %q holds %q at %d, want 0 to %d", m, "openrouter", i, strongLead)
		}
	}
}
