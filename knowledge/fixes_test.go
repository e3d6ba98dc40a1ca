package knowledge

import (
	"slices"
	"testing"
)

func TestFixesFor(t *testing.T) {
	md := "Intro line.\n\n" +
		"1. [if limit=free-models-per-day] Wait for the daily reset.\n" +
		"2. [if limit=free-models-per-min] Wait a minute.\n" +
		"3. Buy 10 credits once.\n" +
		"   It lifts the cap to 1000 a day.\n" +
		"4. [if overshoot] Cut about {{overshoot}} tokens from the {{context_limit|model's}} window.\n" +
		"5. [if !provider, free=yes] Try the paid variant.\n"
	fixes, plain := parseFixes(md)
	if len(fixes) != 5 {
		t.Fatalf("parsed %d fixes, want 5: %+v", len(fixes), fixes)
	}
	if fixes[2].Text != "Buy 10 credits once.\nIt lifts the cap to 1000 a day." {
		t.Errorf("continuation line: %q", fixes[2].Text)
	}
	wantPlain := "Intro line.\n\n1. Wait for the daily reset.\n2. Wait a minute.\n3. Buy 10 credits once.\n   It lifts the cap to 1000 a day.\n4. Cut about  tokens from the model's window.\n5. Try the paid variant.\n"
	if plain != wantPlain {
		t.Errorf("plain Markdown:\n%q\nwant\n%q", plain, wantPlain)
	}
	e := &Entry{plain: &entryText{fixes: fixes}}
	tests := []struct {
		name  string
		facts Facts
		want  []string
	}{
		{"per day first", Facts{Limit: "free-models-per-day"}, []string{"Wait for the daily reset.", "Buy 10 credits once.\nIt lifts the cap to 1000 a day."}},
		{"per minute", Facts{Limit: "FREE-MODELS-PER-MIN"}, []string{"Wait a minute.", "Buy 10 credits once.\nIt lifts the cap to 1000 a day."}},
		{"figures quoted", Facts{ContextLimit: 131072, RequestedTokens: 140000}, []string{"Cut about 8,928 tokens from the 131,072 window.", "Buy 10 credits once.\nIt lifts the cap to 1000 a day."}},
		{"negation and all terms", Facts{Model: "x/y:free"}, []string{"Try the paid variant.", "Buy 10 credits once.\nIt lifts the cap to 1000 a day."}},
		{"negation fails", Facts{Model: "x/y:free", Provider: "Chutes"}, []string{"Buy 10 credits once.\nIt lifts the cap to 1000 a day."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, x := range e.FixesFor(tc.facts, 3) {
				got = append(got, x.Render(tc.facts))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}
