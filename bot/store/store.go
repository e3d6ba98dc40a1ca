// Package store records what the bot answered, how users voted on those
// answers and which pasted errors matched nothing, and summarises it as
// statistics.
//
// Nothing is stored unredacted. Callers pass text that is already redacted,
// and the store replaces platform channel and user ids with keyed hashes (see
// [OpenSQLite]) before anything reaches disk.
//
// [Store] is the interface the bot core depends on; [SQLite] is the embedded
// default implementation. A PostgreSQL store can implement the same interface.
package store

import (
	"context"
	"errors"
	"time"
)

// Answer records one answer the bot gave.
type Answer struct {
	// At is when the answer was given; the zero time means now.
	At time.Time
	// Platform names the chat platform, e.g. "discord" or "slack".
	Platform string
	// Channel and User are raw platform ids; the store hashes them.
	Channel, User string
	// EntryID identifies the knowledge-base entry that was answered. Required.
	EntryID string
	// Mode is how the entry was matched (free-form, e.g. "exact", "fuzzy").
	Mode string
	// Confidence is the match score. It must be a finite number.
	Confidence float64
	// Latency is how long answering took.
	Latency time.Duration
	// Community is the raw Discord server or Slack workspace id ("" for
	// the web, the API and direct messages); the store hashes it.
	Community string
	// Tool is the id of the tool the asker uses (named by them or read in
	// the paste), or "" when unknown. The store keeps at most MaxToolRunes.
	Tool string
}

// MaxToolRunes is the longest Answer.Tool kept, in runes.
const MaxToolRunes = 40

// Vote is a user's verdict on an answer.
type Vote string

// The votes a user can cast on an answer.
const (
	VoteFixed  Vote = "fixed"
	VoteNotYet Vote = "not-yet"
)

// Valid reports whether v is one of the known votes.
func (v Vote) Valid() bool { return v == VoteFixed || v == VoteNotYet }

// Feedback records one vote on an answer.
type Feedback struct {
	// At is when the vote was cast; the zero time means now.
	At time.Time
	// Platform names the chat platform.
	Platform string
	// Channel and User are raw platform ids; the store hashes them.
	Channel, User string
	// Community is the raw server or workspace id; the store hashes it.
	Community string
	// EntryID identifies the knowledge-base entry voted on. Required.
	EntryID string
	// Vote must be VoteFixed or VoteNotYet.
	Vote Vote
}

// Unmatched records a pasted error for which no entry matched.
type Unmatched struct {
	// At is when the error was pasted; the zero time means now.
	At time.Time
	// Platform names the chat platform.
	Platform string
	// Channel and User are raw platform ids; the store hashes them.
	Channel, User string
	// Text is the pasted error, already redacted by the caller. The store
	// trims surrounding white space, replaces invalid UTF-8 and cuts it to
	// MaxUnmatchedRunes characters.
	Text string
}

// MaxUnmatchedRunes is the longest Unmatched.Text kept, in runes.
const MaxUnmatchedRunes = 500

// MaxTopUnmatched is the most entries Stats.TopUnmatched holds.
const MaxTopUnmatched = 20

// EntryStats summarises one knowledge-base entry.
type EntryStats struct {
	EntryID string
	// Answers counts answers given with this entry.
	Answers int
	// Fixed and NotYet count votes.
	Fixed, NotYet int
	// FixedRate is Fixed/(Fixed+NotYet), or 0 when there are no votes.
	FixedRate float64
}

// UnmatchedStats summarises one distinct unmatched text.
type UnmatchedStats struct {
	Text     string
	Count    int
	LastSeen time.Time
}

// Stats summarises everything recorded at or after Since.
type Stats struct {
	Since time.Time
	// Answers and Unmatched count records in the window.
	Answers, Unmatched int
	// Entries holds every entry answered or voted on, most answered first.
	Entries []EntryStats
	// TopUnmatched holds the most frequent unmatched texts, most frequent
	// first, at most MaxTopUnmatched.
	TopUnmatched []UnmatchedStats
}

// Store is what the bot core needs; *SQLite implements it.
type Store interface {
	// RecordAnswer records an answer the bot gave.
	RecordAnswer(ctx context.Context, a Answer) error
	// RecordFeedback records a vote on an answer.
	RecordFeedback(ctx context.Context, f Feedback) error
	// RecordUnmatched records a pasted error that matched no entry.
	RecordUnmatched(ctx context.Context, u Unmatched) error
	// Stats summarises everything recorded at or after since; the zero
	// time means everything.
	Stats(ctx context.Context, since time.Time) (Stats, error)
	// Close releases the store. Calls after Close return ErrClosed.
	Close() error
}

var (
	// ErrClosed is returned (wrapped) by every call on a closed store.
	ErrClosed = errors.New("store is closed")
	// ErrInvalid is returned (wrapped) for a record that cannot be stored,
	// such as an unknown vote or a missing entry id, and by OpenSQLite for an
	// unusable salt or path.
	ErrInvalid = errors.New("invalid input")
)
