package contract

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Slack validates Slack payloads: Web API calls against the method
// parameters of slack-web-openapi-v2.json, blocks and modals against
// blockkit-subset.schema.json, and both against the limits Slack documents
// (it publishes no schema for Block Kit, slash-command responses or
// response_url messages).
type Slack struct {
	s       *schemas
	methods map[string][]param // "/chat.postMessage" -> its parameters
}

type param struct {
	Name, In, Type string
	Required       bool
}

const (
	blockKitSpec = "blockkit-subset.schema.json"
	slackWebSpec = "slack-web-openapi-v2.json"
)

// newerMethods are Web API methods orfix calls that the 2020 spec
// predates.
var newerMethods = map[string]bool{"apps.connections.open": true}

// The limits Slack documents for what no schema covers.
const (
	maxMessageBlocks = 50
	maxModalBlocks   = 100
	maxSectionText   = 3000
	maxHeaderText    = 150
	maxButtonText    = 75
	maxActionID      = 255
	maxButtonValue   = 2000
	maxURL           = 3000
	maxModalTitle    = 24
	maxPrivateMeta   = 3000
	maxMessageText   = 40000
)

// NewSlack loads the Slack specs (see Dir for missing ones).
func NewSlack(tb testing.TB) *Slack {
	tb.Helper()
	dir := Dir(tb)
	s, err := newSchemas(dir, blockKitSpec)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := readJSON(filepath.Join(dir, slackWebSpec))
	if err != nil {
		tb.Fatal(err)
	}
	raw, _ := json.Marshal(doc)
	var spec struct {
		Paths map[string]map[string]struct {
			Parameters []param `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		tb.Fatal(err)
	}
	m := map[string][]param{}
	for path, ops := range spec.Paths {
		for _, op := range ops {
			m[path] = op.Parameters
		}
	}
	return &Slack{s: s, methods: m}
}

// SlackIfPresent is NewSlack, or nil (a validator that checks nothing)
// when the specs are missing outside CI.
func SlackIfPresent(tb testing.TB) *Slack {
	tb.Helper()
	if present(tb) == "" {
		return nil
	}
	return NewSlack(tb)
}

// Request checks one request the adapter sent to the fake Slack: a Web API
// call (form or JSON body) under /api/, or a response_url message.
func (s *Slack) Request(tb testing.TB, path, contentType string, body []byte, bearer bool) {
	tb.Helper()
	if s == nil {
		return
	}
	method, ok := strings.CutPrefix(path, "/api/")
	if !ok {
		s.Message(tb, body)
		return
	}
	args, err := requestArgs(contentType, body)
	if err != nil {
		tb.Errorf("%s: %v", method, err)
		return
	}
	s.Call(tb, method, args, bearer)
}

// requestArgs reads a Web API call's arguments from a form or JSON body.
func requestArgs(contentType string, body []byte) (url.Values, error) {
	if len(strings.TrimSpace(string(body))) == 0 {
		return url.Values{}, nil
	}
	if !strings.HasPrefix(contentType, "application/json") {
		return url.ParseQuery(string(body))
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	args := url.Values{}
	for k, raw := range m {
		var str string
		if json.Unmarshal(raw, &str) == nil {
			args.Set(k, str)
		} else {
			args.Set(k, string(raw))
		}
	}
	return args, nil
}

// Call checks one Web API call: every argument is a parameter of the
// method, every required one is there (the token may come as a header),
// booleans parse, and blocks and views pass Block Kit.
func (s *Slack) Call(tb testing.TB, method string, args url.Values, bearer bool) {
	tb.Helper()
	if s == nil {
		return
	}
	params, ok := s.methods["/"+method]
	if !ok && newerMethods[method] {
		return // newer than the published spec: nothing to check against
	}
	if !ok {
		tb.Errorf("%s is not a Slack Web API method", method)
		return
	}
	known := map[string]param{}
	for _, p := range params {
		known[p.Name] = p
		if p.Required && args.Get(p.Name) == "" && !(p.Name == "token" && bearer) {
			tb.Errorf("%s: required argument %q missing", method, p.Name)
		}
	}
	for name := range args {
		p, ok := known[name]
		if !ok {
			tb.Errorf("%s: %q is not a parameter of the method", method, name)
			continue
		}
		if p.Type == "boolean" {
			if _, err := strconv.ParseBool(args.Get(name)); err != nil {
				tb.Errorf("%s: %s=%q is not a boolean", method, name, args.Get(name))
			}
		}
	}
	if b := args.Get("blocks"); b != "" {
		s.blocks(tb, method, []byte(b), maxMessageBlocks)
	}
	if v := args.Get("view"); v != "" {
		s.View(tb, []byte(v))
	}
	if t := args.Get("text"); utf8.RuneCountInString(t) > maxMessageText {
		tb.Errorf("%s: text of %d characters", method, utf8.RuneCountInString(t))
	}
}

// Message checks a slash-command response or a response_url message: its
// known fields, and its blocks against Block Kit and the limits.
func (s *Slack) Message(tb testing.TB, body []byte) {
	tb.Helper()
	if s == nil {
		return
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		tb.Errorf("message is not a JSON object: %v: %s", err, body)
		return
	}
	for k := range m {
		switch k {
		case "text", "blocks", "response_type", "replace_original", "delete_original", "thread_ts", "attachments", "mrkdwn", "unfurl_links", "unfurl_media":
		default:
			tb.Errorf("message field %q is not one response_url or a slash command takes", k)
		}
	}
	var rt string
	if raw, ok := m["response_type"]; ok {
		_ = json.Unmarshal(raw, &rt)
		if rt != "" && rt != "ephemeral" && rt != "in_channel" {
			tb.Errorf("response_type %q", rt)
		}
	}
	if raw, ok := m["blocks"]; ok && string(raw) != "null" {
		s.blocks(tb, "message", raw, maxMessageBlocks)
	}
}

// View checks a modal view against Block Kit and the limits.
func (s *Slack) View(tb testing.TB, view []byte) {
	tb.Helper()
	if s == nil {
		return
	}
	if err := s.s.validate(blockKitSpec, "/$defs/modal_view", view); err != nil {
		tb.Errorf("view breaks Block Kit: %v\n%s", err, view)
	}
	var v struct {
		Title struct {
			Text string `json:"text"`
		} `json:"title"`
		PrivateMetadata string            `json:"private_metadata"`
		Blocks          []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(view, &v); err != nil {
		tb.Errorf("view: %v", err)
		return
	}
	if n := utf8.RuneCountInString(v.Title.Text); n > maxModalTitle {
		tb.Errorf("modal title of %d characters", n)
	}
	if len(v.PrivateMetadata) > maxPrivateMeta {
		tb.Errorf("private_metadata of %d characters", len(v.PrivateMetadata))
	}
	if len(v.Blocks) > maxModalBlocks {
		tb.Errorf("%d blocks in a modal", len(v.Blocks))
	}
}

// blocks checks a blocks array against Block Kit and the limits.
func (s *Slack) blocks(tb testing.TB, where string, raw []byte, maxBlocks int) {
	tb.Helper()
	if err := s.s.validate(blockKitSpec, "", raw); err != nil {
		tb.Errorf("%s: blocks break Block Kit: %v\n%s", where, err, raw)
	}
	var blocks []map[string]any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		tb.Errorf("%s: blocks: %v", where, err)
		return
	}
	if len(blocks) > maxBlocks {
		tb.Errorf("%s: %d blocks, the limit is %d", where, len(blocks), maxBlocks)
	}
	for i, b := range blocks {
		for _, e := range limitErrors(b) {
			tb.Errorf("%s: block %d: %s", where, i, e)
		}
	}
}

// limitErrors lists how a block breaks the documented limits.
func limitErrors(b map[string]any) []string {
	var errs []string
	text := func(v any) string {
		m, _ := v.(map[string]any)
		s, _ := m["text"].(string)
		return s
	}
	over := func(what, s string, n int) {
		if c := utf8.RuneCountInString(s); c > n {
			errs = append(errs, fmt.Sprintf("%s of %d characters (limit %d)", what, c, n))
		}
	}
	switch b["type"] {
	case "header":
		over("header", text(b["text"]), maxHeaderText)
	case "section":
		over("section text", text(b["text"]), maxSectionText)
	case "actions":
		els, _ := b["elements"].([]any)
		ids := map[string]bool{}
		for _, e := range els {
			el, _ := e.(map[string]any)
			id, _ := el["action_id"].(string)
			if id != "" && ids[id] {
				errs = append(errs, "action_id "+id+" repeated in one block")
			}
			ids[id] = true
			over("button text", text(el["text"]), maxButtonText)
			over("action_id", id, maxActionID)
			v, _ := el["value"].(string)
			over("button value", v, maxButtonValue)
			u, _ := el["url"].(string)
			over("button url", u, maxURL)
			if u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
				errs = append(errs, "button url "+u+" is not a web address")
			}
		}
	}
	return errs
}
