package bot

import "github.com/orfix/orfix/knowledge"

// Platform names where a request came from.
type Platform string

// The platforms orfix serves.
const (
	Discord Platform = "discord"
	Slack   Platform = "slack"
	Web     Platform = "web"
	CLI     Platform = "cli"
)

// Mode is how a request reached the bot.
type Mode string

// The request modes.
const (
	// Explicit: /orfix, a mention, the web box, the CLI. Always answered.
	Explicit Mode = "explicit"
	// Passive: a message in a watched channel. Answered only when the bot is
	// confident it is an OpenRouter error.
	Passive Mode = "passive"
	// Autocomplete: a partial /orfix argument; answered with suggestions.
	Autocomplete Mode = "autocomplete"
	// Feedback: a "Fixed it" / "Not yet" vote on an earlier answer.
	Feedback Mode = "feedback"
)

// Vote is a feedback vote.
type Vote string

// The feedback votes.
const (
	VoteFixed  Vote = "fixed"
	VoteNotYet Vote = "not-yet"
)

// Attachment is a text file that came with a message (Discord turns a long
// message into message.txt, Slack into a snippet). Adapters fetch the text
// up to Config.MaxAttachment bytes and set Truncated when they cut it.
type Attachment struct {
	Name      string
	Text      string
	Truncated bool
}

// Request is one event for the bot, in platform-neutral terms.
type Request struct {
	Platform Platform
	Mode     Mode
	// Channel and User are the platform's ids; the bot keeps them only hashed.
	Channel, User string
	// Community is the Discord server (guild) id or the Slack workspace
	// (team) id the request came from; "" in a direct message and on the
	// web. Its settings (see Bot.Settings) decide passive listening and
	// whom "Not yet" calls.
	Community string
	// FromBot is true when the author is a bot (this one included); such
	// messages are never answered.
	FromBot bool
	// Text is the paste or query as the user wrote it, secrets included.
	Text        string
	Attachments []Attachment
	// Tool, when set, names the tool the user says they use (a tool id).
	Tool string
	// Top is how many ranked matches Reply.Ranked holds (default 3, at most 25).
	Top int

	// For Feedback: the entry voted on, the vote, and the entries already
	// shown, so "not yet" can offer the next ones.
	EntryID string
	Vote    Vote
	Shown   []string
	// Answer identifies the answer voted on (the platform's message id);
	// each person votes once per answer. Asker is who asked for the
	// answer: only they, or a member who may manage messages (CanManage),
	// may vote. An empty Asker lets anyone vote once.
	Answer    string
	Asker     string
	CanManage bool
}

// Level is how sure the bot is of its answer.
type Level string

// The confidence levels of a reply.
const (
	// High: the entry clearly answers the paste.
	High Level = "high"
	// Middling: the entry probably answers it; alternatives are shown.
	Middling Level = "middling"
	// Low: below the floor; the bot says it is not sure and lists the
	// closest entries and general triage steps.
	Low Level = "low"
)

// Link is a link to a knowledge-base entry.
type Link struct {
	ID, Title, URL string
	Score          float64
}

// Reply is what the bot has to say; adapters render it.
type Reply struct {
	// Silent is true when the bot should say nothing; Reason says why
	// (one of the Reason constants).
	Silent bool
	Reason Reason

	// Entry is the answer (nil for a Low reply with nothing close, and for
	// autocomplete).
	Entry      *knowledge.Entry
	Confidence float64
	Level      Level
	// Link is the entry's own page.
	Link Link
	// Alternatives are the next-best entries (Middling and Low replies,
	// and "not yet" feedback).
	Alternatives []Link
	// Ambiguous is true when the matcher is torn between Candidates: the
	// reply asks which of them matches instead of picking one.
	Ambiguous  bool
	Candidates []Link
	// Facts are what the paste states; Read says them in one sentence
	// ("OpenRouter answered 429 `free-models-per-day` to Cline for
	// `deepseek/deepseek-r1:free`"), "" when the paste states nothing.
	Facts knowledge.Facts
	Read  string
	// Summary is the entry's one-sentence meaning; Fixes are the quick
	// fixes that fit the paste (at most MaxFixes), Markdown with the
	// paste's facts filled in.
	Summary string
	Fixes   []string
	// Related are the entry's related errors.
	Related []Link
	// Ranked are the best matches in order, whatever their confidence
	// (the JSON API and `orfix match --json` list them).
	Ranked []Link
	// Tool is the detected (or given) tool id; ToolChecks that tool's block.
	Tool       string
	ToolName   string
	ToolChecks string
	// Meaning, QuickFixes and Steps are Markdown from the entry.
	Meaning    string
	QuickFixes string
	Steps      string
	FAQ        []knowledge.QA

	// Secrets are the secrets found in the paste; Redacted is the paste
	// with them masked. A reply with secrets must be private where the
	// platform allows it and must never repeat a key.
	Secrets  []Finding
	Redacted string

	// Incident is the incident active for Entry, or nil: the reply then
	// leads with IncidentLine and leaves out fixes that replace a key.
	Incident *Incident

	// Notes are short remarks for the user: a cut paste, an attachment
	// that could not be read.
	Notes []string

	// Suggestions answer an Autocomplete request.
	Suggestions []knowledge.Suggestion

	// Feedback: what was recorded, and whom to ping for a human ("not yet").
	// Refused is set when a vote was not counted ("not-asker",
	// "already-voted", "rate-limited"); Acknowledged then says why.
	Acknowledged string
	Support      string
	Refused      string
}

// HasSecrets reports whether the paste held a secret.
func (r Reply) HasSecrets() bool { return len(r.Secrets) > 0 }
