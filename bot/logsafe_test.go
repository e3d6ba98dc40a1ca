package bot

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestSafeError(t *testing.T) {
	const itoken = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQtdG9rZW4tdmFsdWU"
	key := fakeKey()
	tests := []struct {
		name   string
		err    error
		secret []string // must not appear
		keep   []string // must appear
	}{
		{"discord interaction callback", &url.Error{Op: "Post", URL: "https://discord.com/api/v10/interactions/1234567890123456789/" + itoken + "/callback", Err: errors.New("context deadline exceeded")},
			[]string{itoken, "1234567890123456789"}, []string{"Post", "discord.com", "interactions", "callback", "deadline exceeded"}},
		{"webhook follow-up", fmt.Errorf("follow-up: %w", &url.Error{Op: "Patch", URL: "https://discord.com/api/v10/webhooks/987654321098765432/" + itoken + "/messages/@original", Err: errors.New("EOF")}),
			[]string{itoken, "987654321098765432"}, []string{"follow-up", "webhooks", "EOF"}},
		{"signed CDN attachment", errors.New(`attachment get: Get "https://cdn.discordapp.com/attachments/111111111111111111/222222222222222222/message.txt?ex=65f1&is=65de&hm=0123456789abcdef0123456789abcdef": dial tcp: i/o timeout`),
			[]string{"hm=0123456789abcdef", "111111111111111111", "ex=65f1"}, []string{"cdn.discordapp.com", "message.txt", "i/o timeout"}},
		{"slack response_url", errors.New("post https://hooks.slack.com/commands/T0001/1234567890123/AbCdEfGhIjKlMnOpQrStUvWx: 500"),
			[]string{"AbCdEfGhIjKlMnOpQrStUvWx", "1234567890123"}, []string{"hooks.slack.com", "commands", "500"}},
		{"key in a message", errors.New("invalid token " + key), []string{key[9:30]}, []string{"invalid token"}},
		{"user info", errors.New("dial https://user:hunter2password@example.com/x: refused"), []string{"hunter2password"}, []string{"example.com"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SafeError(tc.err)
			for _, s := range tc.secret {
				if strings.Contains(got, s) {
					t.Errorf("%q survives in %q", s, got)
				}
			}
			for _, s := range tc.keep {
				if !strings.Contains(got, s) {
					t.Errorf("%q lost from %q", s, got)
				}
			}
		})
	}
	if SafeError(nil) != "" {
		t.Errorf("nil error is not empty")
	}
}

func TestLogIDs(t *testing.T) {
	a, b := NewLogIDs([]byte("key-a-0123456789")), NewLogIDs([]byte("key-b-0123456789"))
	again := NewLogIDs([]byte("key-a-0123456789")) // the same key, another instance
	const id = "123456789012345678"
	if got := a.Hash(id); got == id || strings.Contains(got, id) || len(got) != 16 {
		t.Errorf("Hash(%q) = %q", id, got)
	}
	if a.Hash(id) != again.Hash(id) || a.Hash(id) == b.Hash(id) || a.Hash(id) == a.Hash(id+"9") {
		t.Errorf("hash not keyed and stable")
	}
	if a.Hash("") != "" {
		t.Errorf("empty id hashed")
	}
}
