package bot

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/orfix/orfix/internal/jsonw"
	"github.com/orfix/orfix/knowledge"
)

// MatchJSON is the JSON shape of `orfix match --json` and POST /api/v1/match.
type MatchJSON struct {
	Matched bool `json:"matched"`
	// Ambiguous is true when the matcher is torn between the first results.
	Ambiguous bool          `json:"ambiguous"`
	Results   []MatchResult `json:"results"`
	// Facts are what the paste states (status, message, model, tool, ...).
	Facts    knowledge.Facts `json:"facts"`
	Secrets  int             `json:"secrets"`
	Redacted string          `json:"redacted"`
	// Incident is the incident active for the matched entry, or null.
	Incident *Incident `json:"incident"`
}

// MatchResult is one ranked entry in MatchJSON.
type MatchResult struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
	URL   string  `json:"url"`
}

// NewMatchJSON builds the JSON answer from a reply.
func NewMatchJSON(r Reply) MatchJSON {
	out := MatchJSON{Matched: r.Entry != nil, Ambiguous: r.Ambiguous, Results: []MatchResult{}, Facts: r.Facts, Secrets: len(r.Secrets), Redacted: r.Redacted, Incident: r.Incident}
	for _, l := range r.Ranked {
		out.Results = append(out.Results, MatchResult{ID: l.ID, Title: l.Title, Score: l.Score, URL: l.URL})
	}
	return out
}

// AppendJSON appends m to b byte for byte as encoding/json marshals it
// (HTML characters escaped, no trailing newline), without reflection: the
// API answers every match with it. TestMatchJSONAppendEqualsMarshal holds
// the two encodings equal, for every field of knowledge.Facts.
func (m MatchJSON) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"matched":`...)
	b = strconv.AppendBool(b, m.Matched)
	b = append(b, `,"ambiguous":`...)
	b = strconv.AppendBool(b, m.Ambiguous)
	b = append(b, `,"results":`...)
	if m.Results == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, r := range m.Results {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = jsonw.AppendString(b, r.ID, true)
			b = append(b, `,"title":`...)
			b = jsonw.AppendString(b, r.Title, true)
			b = append(b, `,"score":`...)
			var err error
			if b, err = appendJSONFloat(b, r.Score); err != nil {
				return nil, err
			}
			b = append(b, `,"url":`...)
			b = jsonw.AppendString(b, r.URL, true)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"facts":`...)
	b = appendFactsJSON(b, m.Facts)
	b = append(b, `,"secrets":`...)
	b = strconv.AppendInt(b, int64(m.Secrets), 10)
	b = append(b, `,"redacted":`...)
	b = jsonw.AppendString(b, m.Redacted, true)
	b = append(b, `,"incident":`...)
	if m.Incident == nil {
		b = append(b, "null"...)
	} else {
		inc, err := json.Marshal(m.Incident)
		if err != nil {
			return nil, fmt.Errorf("encode incident: %w", err)
		}
		b = append(b, inc...)
	}
	return append(b, '}'), nil
}

// appendFactsJSON appends f as encoding/json marshals knowledge.Facts: the
// fields in declaration order, each left out when it is the zero value.
func appendFactsJSON(b []byte, f knowledge.Facts) []byte {
	o := jsonw.Object{B: append(b, '{')}
	o.Int("status", int64(f.Status))
	o.String("code", f.Code, true)
	o.String("message", f.Message, true)
	o.String("provider", f.Provider, true)
	o.String("provider_message", f.ProviderMessage, true)
	o.String("provider_type", f.ProviderType, true)
	o.String("model", f.Model, true)
	o.String("limit", f.Limit, true)
	o.Int("context_limit", int64(f.ContextLimit))
	o.Int("requested_tokens", int64(f.RequestedTokens))
	o.Int("max_tokens", int64(f.MaxTokens))
	o.String("finish_reason", f.FinishReason, true)
	o.String("base_url", f.BaseURL, true)
	o.String("path_problem", f.PathProblem, true)
	o.String("endpoint", f.Endpoint, true)
	o.String("tool", f.Tool, true)
	o.String("tool_version", f.ToolVersion, true)
	o.String("exception", f.Exception, true)
	o.String("origin", f.Origin, true)
	return append(o.B, '}')
}

// appendJSONFloat appends f as encoding/json writes a float64, which
// refuses infinities and NaN.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("encode score: unsupported value %v", f)
	}
	return jsonw.AppendFloat(b, f), nil
}
