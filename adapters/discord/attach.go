package discord

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// attachmentHost reports whether attachments may be downloaded from host; any other
// URL is refused, so a payload cannot make the bot fetch arbitrary URLs.
func attachmentHost(host string) bool {
	return host == "cdn.discordapp.com" || host == "media.discordapp.net"
}

// fetchAttachments reads the text attachments among as, each up to limit
// bytes. Attachments that could not be read come back as notes for the user.
func (a *Adapter) fetchAttachments(ctx context.Context, as []*discordgo.MessageAttachment, limit int) ([]bot.Attachment, []string) {
	var out []bot.Attachment
	var notes []string
	for _, at := range as {
		if !textAttachment(at) {
			continue
		}
		if len(out) == maxAttachments {
			notes = append(notes, fmt.Sprintf("Only the first %d text files were read.", maxAttachments))
			break
		}
		text, cut, err := a.fetch(ctx, at.URL, limit)
		if err != nil {
			a.log.WarnContext(ctx, "attachment not read", "attachment", a.ids.Hash(at.ID), "err", bot.SafeError(err))
			notes = append(notes, fmt.Sprintf("I could not read the attachment %s.", clipPlain(at.Filename, 80)))
			continue
		}
		out = append(out, bot.Attachment{Name: clipPlain(at.Filename, 80), Text: text, Truncated: cut})
	}
	return out, notes
}

// fetch downloads at most limit bytes of a Discord attachment.
func (a *Adapter) fetch(ctx context.Context, rawURL string, limit int) (string, bool, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" || !attachmentHost(u.Hostname()) {
		return "", false, errors.New("not a Discord attachment URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", false, fmt.Errorf("attachment request: %w", err)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return "", false, fmt.Errorf("attachment get: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", false, fmt.Errorf("attachment get: status %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, int64(limit)+1))
	if err != nil {
		return "", false, fmt.Errorf("attachment read: %w", err)
	}
	if len(b) > limit {
		return string(b[:limit]), true, nil
	}
	return string(b), false, nil
}
