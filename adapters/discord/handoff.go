package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// The hand-off: after "Not yet", orfix asks for a human where the support
// role sees it, in the answer's thread: the thread the answer is in, or one
// started on the answer. The support role is mentioned once per thread.

// Discord's error codes for a thread that cannot be started on a message.
const (
	errThreadExists   = 160004 // a thread was already started on the message
	errNotThreadable  = 50024  // the message is in a thread (or a DM)
	threadArchiveMins = 1440
)

// handoff posts the public "not yet" message for the answer in i.
func (a *Adapter) handoff(ctx context.Context, i *discordgo.Interaction, r bot.Reply, asker string) {
	dest := a.handoffChannel(ctx, i, r)
	d := renderHandoff(r, a.core.Handoff(ctx, bot.Discord, i.GuildID, dest), interactionUser(i), asker)
	if _, err := a.session.ChannelMessageSendComplex(dest, messageSend(d), discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "hand-off", "interaction", a.ids.Hash(i.ID), "channel", a.ids.Hash(dest), "err", bot.SafeError(err))
		// The channel refused (no permission in the thread, say): the voter
		// still hears back, in a follow-up to the click.
		if _, err := a.session.FollowupMessageCreate(i, false, webhookParams(d), discordgo.WithContext(ctx)); err != nil {
			a.log.ErrorContext(ctx, "hand-off follow-up", "interaction", a.ids.Hash(i.ID), "err", bot.SafeError(err))
		}
	}
}

// handoffChannel is where the hand-off goes: a thread started on the
// answer (whose id is the answer's), the thread the answer is already in,
// or, for an answer only its asker sees, the channel.
func (a *Adapter) handoffChannel(ctx context.Context, i *discordgo.Interaction, r bot.Reply) string {
	m := i.Message
	if m == nil || m.Flags&discordgo.MessageFlagsEphemeral != 0 || i.GuildID == "" || a.parentOf(i.ChannelID) != "" {
		return i.ChannelID
	}
	th, err := a.session.MessageThreadStartComplex(i.ChannelID, m.ID, &discordgo.ThreadStart{
		Name: threadName(r), AutoArchiveDuration: threadArchiveMins, Type: discordgo.ChannelTypeGuildPublicThread,
	}, discordgo.WithContext(ctx))
	switch {
	case err == nil:
		return th.ID
	case restCode(err) == errThreadExists:
		return m.ID // a thread started on a message has the message's id
	case restCode(err) != errNotThreadable:
		a.log.WarnContext(ctx, "start hand-off thread", "interaction", a.ids.Hash(i.ID), "err", bot.SafeError(err))
	}
	return i.ChannelID
}
