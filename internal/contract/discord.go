package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
)

// Discord validates Discord payloads against discord-openapi.json.
type Discord struct{ s *schemas }

// NewDiscord loads the Discord spec (see Dir for a missing one).
func NewDiscord(tb testing.TB) *Discord {
	tb.Helper()
	s, err := newSchemas(Dir(tb), discordSpec)
	if err != nil {
		tb.Fatal(err)
	}
	return &Discord{s: s}
}

// DiscordIfPresent is NewDiscord, or nil (a validator that checks
// nothing) when the specs are missing outside CI, so that fakes can
// validate every payload without making every test depend on the specs.
func DiscordIfPresent(tb testing.TB) *Discord {
	tb.Helper()
	if present(tb) == "" {
		return nil
	}
	return NewDiscord(tb)
}

const discordSpec = "discord-openapi.json"

func schemaRef(name string) string { return "/components/schemas/" + name }

// callbackSchemas maps an interaction response type to its request schema.
var callbackSchemas = map[int]string{
	1: "PongInteractionCallbackRequest",
	4: "CreateMessageInteractionCallbackRequest",
	5: "CreateMessageInteractionCallbackRequest",
	6: "UpdateMessageInteractionCallbackRequest",
	7: "UpdateMessageInteractionCallbackRequest",
	8: "ApplicationCommandAutocompleteCallbackRequest",
	9: "ModalInteractionCallbackRequest",
}

// InteractionResponse checks an interaction response (the HTTP answer to
// an interaction, or the body POSTed to its callback) against the schema
// of its type, and returns the type.
func (d *Discord) InteractionResponse(tb testing.TB, body []byte) int {
	tb.Helper()
	if d == nil {
		return 0
	}
	var head struct {
		Type int `json:"type"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		tb.Errorf("interaction response is not JSON: %v", err)
		return 0
	}
	name, ok := callbackSchemas[head.Type]
	if !ok {
		tb.Errorf("interaction response of unknown type %d", head.Type)
		return head.Type
	}
	if err := d.s.validate(discordSpec, schemaRef(name), body); err != nil {
		tb.Errorf("interaction response type %d breaks %s: %v\n%s", head.Type, name, err, body)
	}
	return head.Type
}

// restSchemas maps the REST calls orfix makes to their request schemas.
var restSchemas = []struct {
	method string
	path   *regexp.Regexp
	schema string
}{
	{"POST", regexp.MustCompile(`/interactions/[^/]+/[^/]+/callback$`), ""}, // by type
	{"POST", regexp.MustCompile(`/channels/[^/]+/messages$`), "MessageCreateRequest"},
	{"POST", regexp.MustCompile(`/channels/[^/]+/messages/[^/]+/threads$`), "CreateTextThreadWithMessageRequest"},
	{"PATCH", regexp.MustCompile(`/webhooks/[^/]+/[^/]+/messages/[^/]+$`), "IncomingWebhookUpdateRequestPartial"},
	{"POST", regexp.MustCompile(`/webhooks/[^/]+/[^/]+$`), "IncomingWebhookRequestPartial"},
	{"POST", regexp.MustCompile(`/users/@me/channels$`), "CreatePrivateChannelRequest"},
	{"PUT", regexp.MustCompile(`/applications/[^/]+(/guilds/[^/]+)?/commands$`), ""}, // an array of commands
}

// REST checks the body of one REST call to Discord against the schema of
// its endpoint. Calls without a body (DELETE, GET) pass. It reports
// whether the call was one it knows.
func (d *Discord) REST(tb testing.TB, method, path string, body []byte) bool {
	tb.Helper()
	if d == nil || len(bytes.TrimSpace(body)) == 0 {
		return true
	}
	for _, r := range restSchemas {
		if r.method != method || !r.path.MatchString(path) {
			continue
		}
		switch {
		case strings.HasSuffix(path, "/callback"):
			d.InteractionResponse(tb, body)
		case r.schema == "":
			if err := d.commands(body); err != nil {
				tb.Errorf("%s %s: %v", method, path, err)
			}
		default:
			if err := d.s.validate(discordSpec, schemaRef(r.schema), body); err != nil {
				tb.Errorf("%s %s breaks %s: %v\n%s", method, path, r.schema, err, body)
			}
		}
		return true
	}
	return false
}

// commands checks a bulk overwrite of application commands item by item.
func (d *Discord) commands(body []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return fmt.Errorf("commands: %w", err)
	}
	for _, it := range items {
		if err := d.s.validate(discordSpec, schemaRef("ApplicationCommandUpdateRequest"), it); err != nil {
			return err
		}
	}
	return nil
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
