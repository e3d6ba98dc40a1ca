package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/internal/quicklog"
)

// feedback records a vote that counts (see admitVote). "Not yet" answers
// with the next entries to try (the entry's related errors not shown yet)
// and the configured support mention; the adapter asks Handoff whether this
// thread still needs it.
func (b *Bot) feedback(ctx context.Context, req Request) (Reply, error) {
	kb := b.KB()
	e, ok := kb.Get(req.EntryID)
	if !ok {
		return Reply{Level: Low, Acknowledged: "That answer is no longer in the knowledge base."}, nil
	}
	if req.Vote != VoteFixed && req.Vote != VoteNotYet {
		return Reply{}, fmt.Errorf("bot: feedback: unknown vote %q", req.Vote)
	}
	if refused := b.admitVote(ctx, req); refused != "" {
		b.log.InfoContext(ctx, "vote refused", "platform", req.Platform, "entry", e.ID, "reason", refused)
		return Reply{Entry: e, Link: b.link(e, 0), Level: High, Refused: refused, Acknowledged: refusalText(refused)}, nil
	}
	if b.store != nil {
		err := b.store.RecordFeedback(ctx, store.Feedback{At: b.now(), Platform: string(req.Platform), Channel: req.Channel, User: req.User, Community: req.Community, EntryID: e.ID, Vote: store.Vote(req.Vote)})
		if err != nil {
			b.log.ErrorContext(ctx, "record feedback", "err", err)
		}
	}
	b.metrics.feedback(req.Vote)
	r := Reply{Entry: e, Link: b.link(e, 0), Level: High}
	if req.Vote == VoteFixed {
		r.Acknowledged = "Glad it is fixed. Thanks for letting us know!"
		return r, nil
	}
	r.Acknowledged = "Sorry it did not help yet. These may fit better:"
	shown := append([]string{e.ID}, req.Shown...)
	for _, id := range e.Related {
		if slices.Contains(shown, id) {
			continue
		}
		if rel, ok := kb.Get(id); ok && len(r.Alternatives) < 3 {
			r.Alternatives = append(r.Alternatives, b.link(rel, 0))
		}
	}
	r.Support = b.Settings(ctx, req.Platform, req.Community, b.FileSettings()).Support
	return r, nil
}

// record stores and counts an answered request. A store failure is logged,
// never passed to the user.
func (b *Bot) record(ctx context.Context, req Request, r Reply, took time.Duration) {
	entry := ""
	if r.Entry != nil {
		entry = r.Entry.ID
	}
	b.metrics.answer(req, r, took)
	// Typed attributes: one line per request, written without reflection
	// or a stack walk.
	quicklog.Log(ctx, b.log, slog.LevelInfo, "handled", slog.String("platform", string(req.Platform)),
		slog.String("mode", string(req.Mode)), slog.String("entry", entry), slog.Float64("confidence", r.Confidence),
		slog.String("level", string(r.Level)), slog.Bool("silent", r.Silent), slog.String("reason", string(r.Reason)),
		slog.Int("secrets", len(r.Secrets)), slog.Duration("took", took))
	if b.store == nil || r.Silent {
		return
	}
	if r.Entry != nil {
		err := b.store.RecordAnswer(ctx, store.Answer{At: b.now(), Platform: string(req.Platform), Channel: req.Channel, User: req.User,
			EntryID: entry, Mode: string(req.Mode), Confidence: r.Confidence, Latency: took, Tool: r.Tool, Community: req.Community})
		if err != nil {
			b.log.ErrorContext(ctx, "record answer", "err", err)
		}
		return
	}
	if req.Mode == Explicit {
		if err := b.store.RecordUnmatched(ctx, store.Unmatched{At: b.now(), Platform: string(req.Platform), Channel: req.Channel, User: req.User, Text: r.Redacted}); err != nil {
			b.log.ErrorContext(ctx, "record unmatched", "err", err)
		}
	}
}
