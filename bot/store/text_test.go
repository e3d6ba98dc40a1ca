package store

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestCutText(t *testing.T) {
	tests := []struct {
		name, in  string
		wantRunes int
		wantPre   string // expected prefix of the result
	}{
		{"short", "429 rate limited", 16, "429 rate limited"},
		{"trimmed", "  \n429 rate limited\t ", 16, "429 rate limited"},
		{"exactly max", strings.Repeat("x", MaxUnmatchedRunes), MaxUnmatchedRunes, "xxx"},
		{"ascii over max", strings.Repeat("x", 2000), MaxUnmatchedRunes, "xxx"},
		{"multibyte over max", strings.Repeat("é", 600), MaxUnmatchedRunes, "é"},
		{"emoji over max", strings.Repeat("🔥", 501), MaxUnmatchedRunes, "🔥"},
		{"boundary inside rune", strings.Repeat("a", 499) + "€€€", MaxUnmatchedRunes, strings.Repeat("a", 499) + "€"},
		{"invalid utf8", "bad \xff\xfe bytes", 11, "bad \uFFFD bytes"},
		{"invalid utf8 over max", strings.Repeat("\xffa", 600), MaxUnmatchedRunes, "\uFFFDa"},
		{"truncated rune at end", strings.Repeat("b", 600) + "\xe2\x82", MaxUnmatchedRunes, "bbb"},
		{"nul bytes", "a\x00b", 3, "a\x00b"},
		{"empty", "", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := cutText(tc.in)
			if !utf8.ValidString(got) {
				t.Fatalf("cutText gave invalid UTF-8: %q", got)
			}
			if n := utf8.RuneCountInString(got); n != tc.wantRunes {
				t.Errorf("rune count = %d, want %d", n, tc.wantRunes)
			}
			if !strings.HasPrefix(got, tc.wantPre) {
				t.Errorf("cutText = %q, want prefix %q", got, tc.wantPre)
			}
		})
	}
}

// TestTextThroughStore checks what comes back out of the database, not just
// what cutText returns.
func TestTextThroughStore(t *testing.T) {
	s := openTest(t, testPath(t))
	ctx := context.Background()
	long := strings.Repeat("é", 300) + strings.Repeat("🔥", 300)
	inputs := []string{long, "invalid \xc3\x28 utf8 \xff", strings.Repeat("z\xff", 400)}
	for _, in := range inputs {
		if err := s.RecordUnmatched(ctx, Unmatched{Platform: "slack", Channel: "C\xff", User: "U\xfe", Text: in}); err != nil {
			t.Fatalf("RecordUnmatched(%q…): %v", in[:10], err)
		}
	}
	// Invalid UTF-8 in the other fields must not break recording or stats.
	if err := s.RecordAnswer(ctx, Answer{Platform: "dis\xffcord", Channel: "\xff", User: "\xfe", EntryID: "entry-\xff", Mode: "m\xff"}); err != nil {
		t.Fatalf("RecordAnswer with invalid UTF-8: %v", err)
	}
	if err := s.RecordFeedback(ctx, Feedback{Platform: "\xff", Channel: "\xff", User: "\xff", EntryID: "entry-\xff", Vote: VoteNotYet}); err != nil {
		t.Fatalf("RecordFeedback with invalid UTF-8: %v", err)
	}

	st, err := s.Stats(ctx, time.Time{})
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if len(st.TopUnmatched) != len(inputs) {
		t.Fatalf("TopUnmatched has %d texts, want %d", len(st.TopUnmatched), len(inputs))
	}
	for _, u := range st.TopUnmatched {
		if !utf8.ValidString(u.Text) {
			t.Errorf("stored text is invalid UTF-8: %q", u.Text)
		}
		if n := utf8.RuneCountInString(u.Text); n > MaxUnmatchedRunes {
			t.Errorf("stored text has %d runes, want <= %d", n, MaxUnmatchedRunes)
		}
		if strings.HasPrefix(u.Text, "é") && u.Text != strings.Repeat("é", 300)+strings.Repeat("🔥", 200) {
			t.Errorf("long text cut wrongly: %d runes", utf8.RuneCountInString(u.Text))
		}
	}
	if len(st.Entries) != 1 || st.Entries[0].EntryID != "entry-\uFFFD" || st.Entries[0].Answers != 1 || st.Entries[0].NotYet != 1 {
		t.Errorf("Entries = %+v, want one entry-\uFFFD with 1 answer and 1 not-yet", st.Entries)
	}
}
