package slack

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
)

// votes records feedback the way the bot core's store would.
type votes struct{ got []store.Feedback }

func (v *votes) RecordAnswer(context.Context, store.Answer) error       { return nil }
func (v *votes) RecordUnmatched(context.Context, store.Unmatched) error { return nil }
func (v *votes) RecordFeedback(_ context.Context, f store.Feedback) error {
	v.got = append(v.got, f)
	return nil
}

// TestFeedbackButtons clicks "Fixed it" and "Not yet" through the HTTP
// endpoint against the fake Slack: the answer's buttons give way to a line
// saying who marked it (replace_original), and "not yet" asks for a human
// in the thread, mentioning the support group once per thread.
func TestFeedbackButtons(t *testing.T) {
	tests := []struct {
		name, fixture string
		vote          store.Vote
		line          string
		handoffs      int
		thread        string // where the hand-off goes; "" top level
	}{
		{"fixed it", "block_actions_fixed.json", store.VoteFixed, "<@U2147483697> marked this answer as fixed", 0, ""},
		{"not yet on a private answer", "block_actions_not_yet.json", store.VoteNotYet, "<@U2147483697> marked this answer as not fixed yet", 1, ""},
		{"not yet in a thread", "block_actions_not_yet_thread.json", store.VoteNotYet, "<@U2147483697> marked this answer as not fixed yet", 1, "1700000000.000100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &votes{}
			e := newEnv(t, newBot(t, bot.Config{Support: "<!subteam^S0SUPPORT>"}, bot.WithStore(st)), Config{})
			w := e.interact(tc.fixture)
			if w.Code != http.StatusOK || w.Body.Len() != 0 {
				t.Fatalf("acknowledgement %d %q", w.Code, w.Body)
			}
			post := e.slack.wait("/response/actions/T0001/9999/abcd", 1)[0]
			m := decodeMessage(t, post.Body)
			text := unescaped(t, post.Body)
			if !m.ReplaceOriginal || !strings.Contains(text, tc.line) || strings.Contains(text, "orfix_fixed") || strings.Contains(text, "Before you paste") {
				t.Errorf("a vote replaces the buttons with who marked it, without the reminder: %s", text)
			}
			if tc.handoffs > 0 {
				f := e.slack.wait("/api/chat.postMessage", 1)[0].form()
				hand := f.Get("text") + " " + f.Get("blocks")
				if f.Get("thread_ts") != tc.thread || f.Get("channel") != "C2147483705" {
					t.Errorf("hand-off went to %s thread %q, want thread %q", f.Get("channel"), f.Get("thread_ts"), tc.thread)
				}
				for _, want := range []string{"<!subteam^S0SUPPORT>", "openrouter-402-insufficient-credits", "orfix_next"} {
					if !strings.Contains(hand, want) {
						t.Errorf("hand-off lacks %q: %s", want, hand)
					}
				}
				if strings.Contains(hand, "openrouter-401-missing-key") || strings.Contains(hand, "Before you paste") {
					t.Errorf("hand-off offers an entry already shown or a reminder: %s", hand)
				}
			}
			e.settle()
			if len(st.got) != 1 || st.got[0].EntryID != "openrouter-401-invalid-key" || st.got[0].Vote != tc.vote ||
				st.got[0].Platform != "slack" || st.got[0].User != "U2147483697" {
				t.Errorf("store got %+v", st.got)
			}
			// The same click again is not counted twice.
			e.interact(tc.fixture)
			again := e.slack.wait("/response/actions/T0001/9999/abcd", 2)[1]
			if m := decodeMessage(t, again.Body); m.ReplaceOriginal || !strings.Contains(string(again.Body), "already marked") {
				t.Errorf("a second vote: %s", again.Body)
			}
			e.settle()
			if len(st.got) != 1 {
				t.Errorf("the second vote was stored: %+v", st.got)
			}
		})
	}
}

func TestShareInChannel(t *testing.T) {
	e := newEnv(t, nil, Config{})
	if w := e.interact("block_actions_share.json"); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	posts := e.slack.wait("/response/actions/T0001/9999/abcd", 2)
	shared := decodeMessage(t, posts[0].Body)
	text := unescaped(t, posts[0].Body)
	if shared.ResponseType != "in_channel" || shared.ReplaceOriginal {
		t.Errorf("shared answer: response_type %q replace_original %v", shared.ResponseType, shared.ReplaceOriginal)
	}
	for _, s := range []string{"Shared by <@U2147483697>", "/kb/openrouter-401-invalid-key", "orfix_steps", "orfix_fixed", "Before you paste"} {
		if !strings.Contains(text, s) {
			t.Errorf("shared answer lacks %q: %s", s, text)
		}
	}
	if strings.Contains(text, "orfix_share") {
		t.Errorf("a shared answer offers to share itself")
	}
	if del := decodeMessage(t, posts[1].Body); !del.DeleteOriginal {
		t.Errorf("the private copy was not removed: %s", posts[1].Body)
	}
}

func TestModalSubmission(t *testing.T) {
	e := newEnv(t, nil, Config{})
	w := e.interact("view_submission.json")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("a submission is closed with an empty 200, got %d %q", w.Code, w.Body)
	}
	post := e.slack.wait("/response/commands/T0001/1234/modal", 1)[0]
	m := decodeMessage(t, post.Body)
	if m.ResponseType != "ephemeral" || !strings.Contains(string(post.Body), "/kb/openrouter-402-insufficient-credits") {
		t.Errorf("modal answer: %s", post.Body)
	}
}

func TestModalSubmissionEmpty(t *testing.T) {
	e := newEnv(t, nil, Config{})
	w := e.interact("view_submission_empty.json")
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, `"response_action":"errors"`) || !strings.Contains(body, `"paste"`) {
		t.Fatalf("an empty paste keeps the modal open with an error: %d %s", w.Code, body)
	}
	e.settle()
	if n := len(e.slack.all()); n != 0 {
		t.Errorf("%d calls for an empty paste", n)
	}
}

func TestInteractivityMalformed(t *testing.T) {
	e := newEnv(t, nil, Config{})
	for _, body := range []string{"payload=%7Bnot-json", "nothing=here", "payload=" + `{"type":"block_actions","actions":[{"action_id":"orfix_fixed","value":"garbage"}]}`} {
		w := e.post("/slack/interactivity", formType, []byte(body))
		if w.Code >= 500 {
			t.Errorf("%q: status %d", body, w.Code)
		}
	}
	// Still working afterwards.
	e.interact("block_actions_fixed.json")
	e.slack.wait("/response/", 1)
}
