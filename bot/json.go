package bot

// MatchJSON is the JSON shape of `orfix match --json` and POST /api/v1/match.
type MatchJSON struct {
	Matched  bool          `json:"matched"`
	Results  []MatchResult `json:"results"`
	Secrets  int           `json:"secrets"`
	Redacted string        `json:"redacted"`
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
	out := MatchJSON{Matched: r.Entry != nil, Results: []MatchResult{}, Secrets: len(r.Secrets), Redacted: r.Redacted}
	for _, l := range r.Ranked {
		out.Results = append(out.Results, MatchResult{ID: l.ID, Title: l.Title, Score: l.Score, URL: l.URL})
	}
	return out
}
