package knowledge

import (
	"slices"
	"testing"
)

// TestTokenizeCJK checks that scripts written without spaces between words
// are read as overlapping letter pairs, so a phrase inside a longer run
// still shares its words with the run.
func TestTokenizeCJK(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"余额不足", []string{"余额", "额不", "不足"}},
		{"使用openrouter时返回空响应", []string{"使用", "openrouter", "时返", "返回", "回空", "空响", "响应"}},
		{"报错：余额不足 402", []string{"报错", "余额", "额不", "不足", numToken}},
		{"APIキーが無効", []string{"api", "キー", "ーが", "が無", "無効"}},
		{"error 错", []string{"error", "错"}},
		{"Ошибка ключа", []string{"Ошибка", "ключа"}}, // spaced scripts keep whole words
	} {
		got := tokenize(tc.in, nil)
		if !slices.Equal(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestParaphraseInsideCJKRun checks that a paraphrase written in Chinese
// is found inside a longer sentence with no spaces.
func TestParaphraseInsideCJKRun(t *testing.T) {
	kb := mustDefault(t)
	res := kb.Match("调用openrouter时提示余额不足，怎么办", 3)
	top, ok := res.Top()
	if !ok || top.Entry.ID != "openrouter-402-insufficient-credits" {
		t.Fatalf("top = %+v, want openrouter-402-insufficient-credits", res.Matches)
	}
}

// TestTokenizeNotValid checks that "not valid" reads as "invalid", and only
// when the two words are next to each other.
func TestTokenizeNotValid(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"API key not valid. Please pass a valid API key.", []string{"api", "key", "invalid", "please", "pass", "a", "valid", "api", "key"}},
		{"is not a valid model ID", []string{"is", "not", "a", "valid", "model", "id"}},
		{"Not Valid", []string{"invalid"}},
		{"valid", []string{"valid"}},
	} {
		got := tokenize(tc.in, nil)
		if !slices.Equal(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestKeyNotValidIsInvalidKey checks a typed report of a rejected key: it
// shares "valid" with the model-id message but means an invalid key.
func TestKeyNotValidIsInvalidKey(t *testing.T) {
	kb := mustDefault(t)
	top, ok := kb.Match("openrouter key not valid", 3).Top()
	if !ok || top.Entry.ID != "openrouter-401-invalid-key" {
		t.Fatalf("top = %+v, want openrouter-401-invalid-key", top)
	}
}
