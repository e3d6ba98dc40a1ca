package discord

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// The Gateway: a thin loop that hands each event to the translation code.
// discordgo reconnects on its own after a dropped connection
// (Session.ShouldReconnectOnError, on by default) and resumes the session.

// Run connects to the Gateway and serves messages and interactions until
// ctx is done, then disconnects and returns nil. Without a token it returns
// nil at once. It retries the first connection with backoff.
func (a *Adapter) Run(ctx context.Context) error {
	if a.cfg.Token == "" {
		return nil
	}
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("discord: Run called twice")
	}
	s := a.session
	removers := []func(){
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { a.onReady(ctx, r) }),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { a.connected.Store(true) }),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) { a.connected.Store(false) }),
		s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { a.onMessageEvent(ctx, m) }),
		s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { a.onInteractionEvent(ctx, ic) }),
	}
	defer func() {
		for _, remove := range removers {
			remove()
		}
	}()
	if n := len(a.core.Config().PassiveChannels); n > 0 || a.cfg.MessageContent {
		a.log.InfoContext(ctx, "passive listening asks for the privileged MESSAGE_CONTENT intent; enable it under Bot > Privileged Gateway Intents in the Developer Portal, or Discord refuses the connection (close code 4014)", "channels", n)
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	a.connected.Store(false)
	err := s.Close()
	a.events.close() // handlers in flight finish their answers and leak removals
	if err != nil {
		return fmt.Errorf("discord: close gateway: %w", err)
	}
	return nil
}

// open connects, retrying with backoff until it succeeds or ctx is done.
func (a *Adapter) open(ctx context.Context) error {
	wait := time.Second
	for {
		err := a.session.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			return nil
		}
		a.log.ErrorContext(ctx, "gateway connect", "err", bot.SafeError(err), "retry_in", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(wait*2, 2*time.Minute)
	}
}

func (a *Adapter) onReady(ctx context.Context, r *discordgo.Ready) {
	if r != nil && r.User != nil {
		id := r.User.ID
		a.botID.Store(&id)
	}
	a.connected.Store(true)
	a.log.InfoContext(ctx, "gateway ready", "shard", a.cfg.ShardID, "shards", max(a.cfg.ShardCount, 1))
}

// selfID is the bot's user id.
func (a *Adapter) selfID() string {
	if p := a.botID.Load(); p != nil {
		return *p
	}
	st := a.session.State
	if st == nil {
		return ""
	}
	st.RLock()
	defer st.RUnlock()
	if st.User != nil {
		return st.User.ID
	}
	return ""
}

// parentOf returns the parent channel of a thread, when the state knows it.
func (a *Adapter) parentOf(channelID string) string {
	if a.session.State == nil {
		return ""
	}
	ch, err := a.session.State.Channel(channelID)
	if err != nil || !ch.IsThread() {
		return ""
	}
	return ch.ParentID
}

// eventContext is the context of one Gateway event: it outlives the Run
// context's cancellation (a shutdown lets the event finish; serve bounds
// the wait) but not eventTimeout.
func eventContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), eventTimeout)
}

func (a *Adapter) onInteractionEvent(ctx context.Context, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	if !a.events.start() {
		a.log.WarnContext(ctx, "busy or stopping: dropped an interaction", "interaction", a.ids.Hash(ic.ID))
		return
	}
	defer a.events.done()
	ctx, cancel := eventContext(ctx)
	defer cancel()
	defer a.recoverEvent(ctx, "interaction", ic.ID)
	out := a.interact(ctx, ic.Interaction)
	if err := a.session.InteractionRespond(ic.Interaction, out.resp, discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "interaction respond", "interaction", a.ids.Hash(ic.ID), "err", bot.SafeError(err))
		return
	}
	if out.later != nil {
		out.later(ctx)
	}
}

func (a *Adapter) onMessageEvent(ctx context.Context, ev *discordgo.MessageCreate) {
	if ev == nil || ev.Message == nil {
		return
	}
	if !a.events.start() {
		a.log.WarnContext(ctx, "busy or stopping: dropped a message", "message", a.ids.Hash(ev.ID))
		return
	}
	defer a.events.done()
	ctx, cancel := eventContext(ctx)
	defer cancel()
	defer a.recoverEvent(ctx, "message", ev.ID)
	a.onMessage(ctx, ev.Message)
}

// onMessage answers a message: passively in a watched channel, explicitly
// when it mentions the bot or is a direct message. A message holding a
// secret in a guild channel goes to the key-leak flow instead.
func (a *Adapter) onMessage(ctx context.Context, m *discordgo.Message) {
	cfg := a.core.Config()
	parent := a.parentOf(m.ChannelID)
	set := a.settings(ctx, m.GuildID)
	req, ok := messageRequest(m, a.selfID(), set.Listens(m.ChannelID, parent))
	if !ok {
		if fs := a.scanUnwatched(ctx, m, cfg.MaxAttachment); len(fs) > 0 {
			a.leak(ctx, m, bot.Reply{Secrets: fs, Silent: true, Reason: bot.ReasonNotWatched}, set)
			return
		}
		a.log.DebugContext(ctx, "message ignored", "message", a.ids.Hash(m.ID), "channel", a.ids.Hash(m.ChannelID))
		return
	}
	if req.Mode == bot.Passive {
		a.checkContent(ctx, m)
		if parent != "" && !set.Listens(m.ChannelID, "") {
			req.Channel = parent // a thread of a watched channel
		}
	}
	var notes []string
	req.Attachments, notes = a.fetchAttachments(ctx, m.Attachments, cfg.MaxAttachment)
	r, err := a.core.Handle(ctx, req)
	if err != nil {
		a.log.ErrorContext(ctx, "handle", "message", a.ids.Hash(m.ID), "err", bot.SafeError(err))
		return
	}
	r.Notes = append(r.Notes, notes...)
	entry := ""
	if r.Entry != nil {
		entry = r.Entry.ID
	}
	a.log.InfoContext(ctx, "message", "message", a.ids.Hash(m.ID), "channel", a.ids.Hash(m.ChannelID), "mode", req.Mode, "entry", entry,
		"level", r.Level, "confidence", r.Confidence, "secrets", len(r.Secrets), "silent", r.Silent, "reason", r.Reason)
	if r.HasSecrets() && m.GuildID != "" {
		a.leak(ctx, m, r, set)
		return
	}
	if r.Silent {
		return
	}
	action := ""
	if r.HasSecrets() {
		action = bot.PlanLeak(r, leakWhere(m, false)).Action(false)
	}
	d := renderReply(r, view{Feedback: true, Asker: m.Author.ID, Index: cfg.PublicURL + "/kb/", Action: action})
	a.post(ctx, m, d, threadName(r), req.Mode == bot.Explicit, set.Threads)
}

// post answers a message: in a thread started on it when the server's
// settings say so (and it is possible), otherwise as a reply. ping
// notifies the author.
func (a *Adapter) post(ctx context.Context, m *discordgo.Message, d *discordgo.InteractionResponseData, thread string, ping, threads bool) {
	send := messageSend(d)
	if threads && m.GuildID != "" {
		th, err := a.session.MessageThreadStartComplex(m.ChannelID, m.ID, &discordgo.ThreadStart{
			Name: thread, AutoArchiveDuration: 1440, Type: discordgo.ChannelTypeGuildPublicThread,
		}, discordgo.WithContext(ctx))
		if err == nil {
			if _, err = a.session.ChannelMessageSendComplex(th.ID, send, discordgo.WithContext(ctx)); err == nil {
				return
			}
		}
		a.log.WarnContext(ctx, "thread reply failed, replying in channel", "message", a.ids.Hash(m.ID), "err", bot.SafeError(err))
	}
	noFail := false
	send.Reference = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &noFail}
	if send.AllowedMentions != nil {
		send.AllowedMentions.RepliedUser = ping
	}
	if _, err := a.session.ChannelMessageSendComplex(m.ChannelID, send, discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "reply", "message", a.ids.Hash(m.ID), "channel", a.ids.Hash(m.ChannelID), "err", bot.SafeError(err))
	}
}

// threadName names the thread an answer starts.
func threadName(r bot.Reply) string {
	if r.Entry != nil {
		return clipPlain("orfix: "+r.Entry.Title, maxThreadName)
	}
	return "orfix: help with this error"
}

// checkContent warns once when guild messages arrive without content: the
// privileged MESSAGE_CONTENT intent is not enabled, so passive listening
// cannot read pastes.
func (a *Adapter) checkContent(ctx context.Context, m *discordgo.Message) {
	if m.Content != "" || len(m.Attachments) > 0 || len(m.Embeds) > 0 || len(m.StickerItems) > 0 || m.Poll != nil {
		return
	}
	a.warnContent.Do(func() {
		a.log.WarnContext(ctx, "messages arrive without content: enable the privileged MESSAGE_CONTENT intent (Developer Portal > Bot > Privileged Gateway Intents); until then orfix only answers mentions, DMs and /orfix",
			"channel", a.ids.Hash(m.ChannelID))
	})
}
