package bot

import "github.com/orfix/orfix/knowledge"

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
