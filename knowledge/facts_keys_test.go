package knowledge

import (
	"strings"
	"testing"
)

// checkKeySpots reports where keySpots and keyIndex disagree on text.
func checkKeySpots(t *testing.T, text string) {
	t.Helper()
	lower := asciiLower(text)
	var ks keySpots
	ks.scan(lower)
	for _, name := range append(factKeys[:], "type", "status") {
		froms := []int{0, 1, len(lower) / 3, len(lower) / 2, len(lower)}
		if j := keyIndex(lower, name, 0); j >= 0 {
			froms = append(froms, j, j+1)
		}
		for _, from := range froms {
			if got, want := ks.index(name, from), keyIndex(lower, name, from); got != want {
				t.Fatalf("key %q from %d in %q: keySpots %d, keyIndex %d", name, from, clip(text, 200), got, want)
			}
		}
	}
}

func TestKeySpotsEqualKeyIndex(t *testing.T) {
	tests := []string{
		`{"error":{"message":"User not found.","code":401}}`,
		`{'error': {'message': 'x', 'code': 404}, 'user_id': 'u'}`,
		`{\"error\":{\"message\":\"Provider returned error\",\"code\":400,\"metadata\":{\"raw\":\"{\\\"error\\\":{\\\"message\\\":\\\"bad\\\"}}\",\"provider_name\":\"Azure\"}}}`,
		"message = 'hi'\ncode= 429\nfinish_reason : error",
		"commit message: fixed; x-message: no; error_code: 3; model:openai/gpt-4o max_tokens=100",
		"error \"  : nope ' ' message' \" : two",
		strings.Repeat(`"code": 1, `, 20) + `"error": {"code": 500}`,
		"",
		":=:=",
	}
	for _, tt := range tests {
		checkKeySpots(t, tt)
	}
	// Every labelled paste the repository holds.
	for _, text := range labelledTexts(t) {
		checkKeySpots(t, text)
	}
}

// labelledTexts returns the text of every labelled paste in testdata.
func labelledTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, c := range readCaseFiles(t, "../testdata/*/*.jsonl") {
		texts = append(texts, c.Text)
	}
	if len(texts) < 1000 {
		t.Fatalf("read %d pastes from testdata, want the labelled sets (over 1,000)", len(texts))
	}
	return texts
}

func TestReadExceptionEqualsReference(t *testing.T) {
	texts := []string{"KeyError", "openai.RateLimitError: x", "AI_APICallError", "ErrorException", "Error", "xError.", "java.lang.NullPointerException at", "Exception Error"}
	texts = append(texts, labelledTexts(t)...)
	for _, text := range texts {
		if got, want := readException(text), readExceptionRef(text); got != want {
			t.Errorf("readException(%q) = %q, want %q", clip(text, 120), got, want)
		}
	}
}

func FuzzReadException(f *testing.F) {
	f.Add("openai.RateLimitError: Error code: 429")
	f.Add("ErrorException xError AI_Error")
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := readException(text), readExceptionRef(text); got != want {
			t.Errorf("readException(%q) = %q, want %q", text, got, want)
		}
	})
}

func FuzzKeySpots(f *testing.F) {
	f.Add(`{"error":{"message":"User not found.","code":401}}`)
	f.Add(`message = 'hi' code= 429 "code" :1 'raw'= x`)
	f.Fuzz(func(t *testing.T, text string) {
		checkKeySpots(t, text)
	})
}

// readExceptionRef is the simpler reading readException replaced: it
// walks every 'r' and 'n'. The two must agree.
func readExceptionRef(text string) string {
	// Both words end in "ion" or "ror": walk the occurrences of the rarer
	// suffixes' last letters once, left to right.
	for from := 0; from < len(text); {
		i := strings.IndexAny(text[from:], "rn")
		if i < 0 {
			return ""
		}
		end := from + i + 1
		from = end
		var word string
		switch {
		case strings.HasSuffix(text[:end], "Error"):
			word = "Error"
		case strings.HasSuffix(text[:end], "Exception"):
			word = "Exception"
		default:
			continue
		}
		if end < len(text) && isAlnum(text[end]) {
			continue
		}
		start := end - len(word)
		for start > 0 && end-start < 120 && (isAlnum(text[start-1]) || text[start-1] == '_' || text[start-1] == '.') {
			start--
		}
		name := strings.TrimLeft(text[start:end], ".")
		base := name[strings.LastIndexByte(name, '.')+1:]
		if len(base) <= len(word) || !isUpper(base[0]) && !strings.HasPrefix(base, "AI_") {
			continue
		}
		return name
	}
	return ""
}
