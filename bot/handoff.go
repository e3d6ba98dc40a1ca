package bot

import (
	"context"
	"time"
)

// Votes and the hand-off to humans keep their state in a store.Shared, so
// that every replica agrees on who voted and whether a thread already
// called the support group.

// How long the shared state lives.
const (
	voteTTL    = 30 * 24 * time.Hour // one vote per person per answer
	handoffTTL = 7 * 24 * time.Hour  // one support mention per thread
)

// Refusals of a vote.
const (
	RefusedNotAsker = "not-asker"
	RefusedTwice    = "already-voted"
	RefusedLimited  = "rate-limited"
)

// admitVote decides whether a vote counts: the voter asked (or may manage
// messages), stays within the rate limit and has not voted on this answer
// yet. It returns "" or the refusal. A store failure admits the vote: a
// lost limit is better than a lost vote.
func (b *Bot) admitVote(ctx context.Context, req Request) string {
	if req.Asker != "" && req.User != req.Asker && !req.CanManage {
		return RefusedNotAsker
	}
	n, err := b.shared.Hit(ctx, stateKey("fbrate", string(req.Platform), req.User), b.cfg.UserRateWindow)
	if err != nil {
		b.log.ErrorContext(ctx, "feedback rate limit", "err", err)
	} else if n > b.cfg.UserRate {
		return RefusedLimited
	}
	answer := req.Answer
	if answer == "" {
		answer = req.Channel + "\x00" + req.EntryID
	}
	first, err := b.shared.Claim(ctx, stateKey("vote", string(req.Platform), answer, req.User), voteTTL)
	if err != nil {
		b.log.ErrorContext(ctx, "claim vote", "err", err)
		return ""
	}
	if !first {
		return RefusedTwice
	}
	return ""
}

// refusalText explains a refused vote to the voter.
func refusalText(refused string) string {
	switch refused {
	case RefusedNotAsker:
		return "Only the person who asked (or a moderator) can mark this answer."
	case RefusedTwice:
		return "You already marked this answer."
	}
	return "You are voting faster than I can count. Please wait a minute."
}

// Handoff reports the support mention to use for a "not yet" in a thread:
// the community's support role or group (see Settings) the first time a
// thread asks for a human, "" after that (and when there is no support).
// community is the server or workspace id ("" in a direct message);
// thread is the platform's id of the thread (or of the message a thread
// hangs from).
func (b *Bot) Handoff(ctx context.Context, platform Platform, community, thread string) string {
	support := b.Settings(ctx, platform, community, b.FileSettings()).Support
	if support == "" || thread == "" {
		return ""
	}
	first, err := b.shared.Claim(ctx, stateKey("handoff", string(platform), thread), handoffTTL)
	if err != nil {
		b.log.ErrorContext(ctx, "claim hand-off", "err", err)
		return support
	}
	if !first {
		return ""
	}
	return support
}
