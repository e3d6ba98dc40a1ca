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

func TestFeedbackButtons(t *testing.T) {
	tests := []struct {
		name, fixture string
		vote          store.Vote
		want          []string
	}{
		{"fixed it", "block_actions_fixed.json", store.VoteFixed, []string{"Glad it is fixed"}},
		{"not yet", "block_actions_not_yet.json", store.VoteNotYet, []string{"Sorry it did not help yet",
			// a related entry not shown yet is offered; the one already shown is not
			"/kb/openrouter-402-insufficient-credits"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &votes{}
			e := newEnv(t, newBot(t, bot.Config{}, bot.WithStore(st)), Config{})
			w := e.interact(tc.fixture)
			if w.Code != http.StatusOK || w.Body.Len() != 0 {
				t.Fatalf("acknowledgement %d %q", w.Code, w.Body)
			}
			post := e.slack.wait("/response/actions/T0001/9999/abcd", 1)[0]
			m := decodeMessage(t, post.Body)
			text := unescaped(t, post.Body)
			if m.ResponseType != "ephemeral" || m.ReplaceOriginal {
				t.Errorf("feedback answer must be a new private message: %s", text)
			}
			for _, s := range append(tc.want, "Before you paste") {
				if !strings.Contains(text, s) {
					t.Errorf("feedback answer lacks %q: %s", s, text)
				}
			}
			if strings.Contains(text, "/kb/openrouter-401-missing-key") {
				t.Errorf("offered an entry already shown: %s", text)
			}
			e.settle()
			if len(st.got) != 1 || st.got[0].EntryID != "openrouter-401-invalid-key" || st.got[0].Vote != tc.vote ||
				st.got[0].Platform != "slack" || st.got[0].User != "U2147483697" {
				t.Errorf("store got %+v", st.got)
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
	for _, s := range []string{"Shared by <@U2147483697>", "/kb/openrouter-401-invalid-key", "Checks for Cline", "orfix_fixed", "Before you paste"} {
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
