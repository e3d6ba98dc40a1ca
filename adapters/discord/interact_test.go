package discord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

// response is the part of an interaction response the tests read.
type response struct {
	Type int `json:"type"`
	Data struct {
		Content  string `json:"content"`
		Flags    int    `json:"flags"`
		CustomID string `json:"custom_id"`
		Embeds   []struct {
			Title       string `json:"title"`
			URL         string `json:"url"`
			Description string `json:"description"`
			Footer      struct {
				Text string `json:"text"`
			} `json:"footer"`
			Fields []struct {
				Name, Value string
			} `json:"fields"`
		} `json:"embeds"`
		Components []struct {
			Components []struct {
				CustomID string `json:"custom_id"`
				URL      string `json:"url"`
				Label    string `json:"label"`
			} `json:"components"`
		} `json:"components"`
		Choices []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"choices"`
		AllowedMentions *struct {
			Parse []string `json:"parse"`
			Roles []string `json:"roles"`
		} `json:"allowed_mentions"`
	} `json:"data"`
}

// TestInteractionsGolden sends real interaction payloads, signed, through
// the HTTP endpoint and compares each response with its golden file.
func TestInteractionsGolden(t *testing.T) {
	key := testutil.OpenRouterKeyFromSeed("golden")
	tests := []struct {
		fixture, golden string
		check           func(t *testing.T, r response)
	}{
		{"interaction_ping.json", "pong", func(t *testing.T, r response) {
			if r.Type != 1 {
				t.Errorf("type %d, want PONG (1)", r.Type)
			}
		}},
		{"interaction_command_high.json", "high", func(t *testing.T, r response) {
			wantMessage(t, r, "openrouter-401-invalid-key", false)
			if !hasButton(r, "orfix:fixed:openrouter-401-invalid-key") || !hasButton(r, "orfix:steps:openrouter-401-invalid-key") {
				t.Errorf("feedback buttons missing")
			}
		}},
		{"interaction_command_middling.json", "middling", func(t *testing.T, r response) {
			wantMessage(t, r, "openrouter-402-insufficient-credits", false)
			if d := r.Data.Embeds[0].Description; !strings.Contains(d, "Probably") || strings.Contains(d, "0.") {
				t.Errorf("a middling reply says in words that it is not sure, without a score: %q", d)
			}
		}},
		{"interaction_command_low.json", "low", func(t *testing.T, r response) {
			wantMessage(t, r, "", false)
			if !strings.Contains(r.Data.Embeds[0].Title, "not sure") || !hasButton(r, "orfix:pick") {
				t.Errorf("a low reply says so and offers the closest entries as buttons: %+v", r.Data.Embeds[0])
			}
		}},
		{"interaction_command_private.json", "private", func(t *testing.T, r response) {
			wantMessage(t, r, "openrouter-404-tool-use", true)
		}},
		{"interaction_command_secret.json", "leaked-key", func(t *testing.T, r response) {
			wantMessage(t, r, "openrouter-401-invalid-key", true)
			if !strings.Contains(r.Data.Content, "sk-or-v1-…[redacted]…") || strings.Contains(r.Data.Content, key[9:]) {
				t.Errorf("content must name the masked key only: %q", r.Data.Content)
			}
		}},
		{"interaction_command_entry_id.json", "chosen-entry", func(t *testing.T, r response) {
			wantMessage(t, r, "openrouter-402-insufficient-credits", false)
		}},
		{"interaction_command_no_args.json", "modal", func(t *testing.T, r response) {
			if r.Type != 9 || r.Data.CustomID != "orfix:modal" {
				t.Errorf("want a modal, got type %d %q", r.Type, r.Data.CustomID)
			}
		}},
		{"interaction_autocomplete_partial.json", "autocomplete", func(t *testing.T, r response) {
			wantChoices(t, r)
			if r.Data.Choices[0].Value != "openrouter-401-invalid-key" {
				t.Errorf("first choice %q, want openrouter-401-invalid-key", r.Data.Choices[0].Value)
			}
		}},
		{"interaction_autocomplete_empty.json", "autocomplete-empty", func(t *testing.T, r response) {
			wantChoices(t, r)
			for i, id := range bot.DefaultPopular {
				if r.Data.Choices[i].Value != id {
					t.Errorf("choice %d is %q, want the popular %q", i, r.Data.Choices[i].Value, id)
				}
			}
		}},
		{"interaction_button_fixed.json", "feedback-fixed", func(t *testing.T, r response) {
			wantVoted(t, r, "fixed")
		}},
		{"interaction_button_notyet.json", "feedback-notyet", func(t *testing.T, r response) {
			wantVoted(t, r, "not fixed yet")
		}},
		{"interaction_button_steps.json", "steps", func(t *testing.T, r response) {
			if r.Type != 4 || r.Data.Flags&64 == 0 || len(r.Data.Embeds) != 1 {
				t.Fatalf("all steps: type %d flags %d, want a private message", r.Type, r.Data.Flags)
			}
			if e := r.Data.Embeds[0]; !strings.HasPrefix(e.Title, "All steps") || e.URL != testPublic+"/kb/openrouter-401-invalid-key" {
				t.Errorf("title %q url %q", e.Title, e.URL)
			}
		}},
		{"interaction_modal_submit.json", "modal-submit", func(t *testing.T, r response) {
			wantMessage(t, r, "openrouter-404-tool-use", false)
		}},
		{"interaction_modal_submit_private.json", "modal-submit-private", func(t *testing.T, r response) {
			wantMessage(t, r, "openrouter-429-free-limit", true)
		}},
	}
	h := newHarness(t, nil, bot.Config{Support: testSupport}, Config{}, nil)
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			w := h.post(t, fixture(t, tc.fixture, map[string]string{"KEY": key}))
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("content type %q", ct)
			}
			var r response
			if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			tc.check(t, r)
			checkLimits(t, w.Body.Bytes())
			golden(t, tc.golden, w.Body.Bytes())
		})
	}
	// Only the hand-off after "Not yet" talks to Discord: a thread on the
	// answer, and the message in it.
	want := "[POST /api/v9/channels/1300000000000000003/messages/1800000000000000002/threads POST /api/v9/channels/thread-1800000000000000002/messages]"
	if got := fmt.Sprint(h.fake.Calls()); got != want {
		t.Errorf("inline answers made REST calls %s, want %s", got, want)
	}
}

// wantMessage checks a type-4 reply: the entry link (hence its id) is in
// the payload, the reply ends with the redact reminder, the flags.
func wantMessage(t *testing.T, r response, entry string, ephemeral bool) {
	t.Helper()
	if r.Type != 4 {
		t.Fatalf("type %d, want 4", r.Type)
	}
	if got := r.Data.Flags&64 != 0; got != ephemeral {
		t.Errorf("ephemeral %v, want %v", got, ephemeral)
	}
	if len(r.Data.Embeds) != 1 {
		t.Fatalf("%d embeds, want 1", len(r.Data.Embeds))
	}
	e := r.Data.Embeds[0]
	if e.Footer.Text != bot.RedactReminder {
		t.Errorf("footer %q, want the redact reminder", e.Footer.Text)
	}
	if entry != "" && e.URL != testPublic+"/kb/"+entry {
		t.Errorf("embed URL %q, want the entry %s", e.URL, entry)
	}
	if r.Data.AllowedMentions == nil {
		t.Errorf("allowed_mentions missing: a paste could ping @everyone")
	}
}

func wantChoices(t *testing.T, r response) {
	t.Helper()
	if r.Type != 8 {
		t.Fatalf("type %d, want 8", r.Type)
	}
	if n := len(r.Data.Choices); n < 1 || n > 25 {
		t.Fatalf("%d choices, want 1-25", n)
	}
	for _, c := range r.Data.Choices {
		if width(c.Name) > 100 || width(c.Value) > 100 || c.Name == "" {
			t.Errorf("choice out of limits: %+v", c)
		}
	}
}

// wantVoted checks an UPDATE_MESSAGE after a vote: a line saying who
// marked it and what, and no button left to vote with.
func wantVoted(t *testing.T, r response, what string) {
	t.Helper()
	if r.Type != 7 {
		t.Fatalf("type %d, want 7 (UPDATE_MESSAGE)", r.Type)
	}
	if !strings.Contains(r.Data.Content, "<@"+testUser+"> marked this answer as "+what) {
		t.Errorf("content %q does not say who marked it %s", r.Data.Content, what)
	}
	if hasButton(r, "orfix:fixed") || hasButton(r, "orfix:notyet") {
		t.Errorf("the vote buttons stay live after a vote")
	}
	if r.Data.AllowedMentions == nil || len(r.Data.AllowedMentions.Roles) != 0 {
		t.Errorf("the vote line must ping nobody: %+v", r.Data.AllowedMentions)
	}
}

func hasButton(r response, customID string) bool {
	for _, row := range r.Data.Components {
		for _, b := range row.Components {
			if b.CustomID == customID || strings.HasPrefix(b.CustomID, customID+":") {
				return true
			}
		}
	}
	return false
}

// checkLimits checks a payload against Discord's limits.
func checkLimits(t *testing.T, body []byte) {
	t.Helper()
	var resp struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Data == nil {
		return
	}
	checkData(t, decodeData(t, resp.Data))
}

// decodeData reads a message payload, components included (discordgo only
// decodes components inside a Message).
func decodeData(t *testing.T, raw []byte) *discordgo.InteractionResponseData {
	t.Helper()
	type plain discordgo.InteractionResponseData
	var v struct {
		plain
		Components []json.RawMessage `json:"components"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("payload: %v", err)
	}
	d := discordgo.InteractionResponseData(v.plain)
	for _, c := range v.Components {
		mc, err := discordgo.MessageComponentFromJSON(c)
		if err != nil {
			t.Fatalf("component: %v", err)
		}
		d.Components = append(d.Components, mc)
	}
	return &d
}

func checkData(t *testing.T, d *discordgo.InteractionResponseData) {
	t.Helper()
	if width(d.Content) > maxContent {
		t.Errorf("content %d > %d", width(d.Content), maxContent)
	}
	if len(d.Embeds) > 1 {
		t.Errorf("%d embeds, want one", len(d.Embeds))
	}
	for _, e := range d.Embeds {
		if width(e.Title) > maxTitle || width(e.Description) > maxDescription || len(e.Fields) > maxFields {
			t.Errorf("embed over limits: title %d, description %d, fields %d", width(e.Title), width(e.Description), len(e.Fields))
		}
		for _, f := range e.Fields {
			if width(f.Name) > maxFieldName || width(f.Value) > maxFieldValue || f.Value == "" {
				t.Errorf("field over limits: %d/%d", width(f.Name), width(f.Value))
			}
		}
		if n := embedSize(e); n > maxEmbedTotal {
			t.Errorf("embed total %d > %d", n, maxEmbedTotal)
		}
	}
	for _, c := range d.Components {
		var row discordgo.ActionsRow
		switch r := c.(type) {
		case *discordgo.ActionsRow:
			row = *r
		case discordgo.ActionsRow:
			row = r
		default:
			t.Errorf("top-level component %T", c)
			continue
		}
		if len(row.Components) > maxRowButtons {
			t.Errorf("%d buttons in a row", len(row.Components))
		}
		for _, rc := range row.Components {
			var b discordgo.Button
			switch x := rc.(type) {
			case *discordgo.Button:
				b = *x
			case discordgo.Button:
				b = x
			}
			if len(b.CustomID) > maxCustomID || width(b.Label) > maxButtonLabel {
				t.Errorf("button over limits: %q %q", b.CustomID, b.Label)
			}
		}
	}
	if len(d.Choices) > maxChoices {
		t.Errorf("%d choices", len(d.Choices))
	}
}
