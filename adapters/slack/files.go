package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
)

// fetchFiles reads the text files shared with a message (a long paste
// becomes a snippet) up to the bot's attachment limit each, with the bot
// token. A file that cannot be read adds a note for the user instead.
func (a *Adapter) fetchFiles(ctx context.Context, files []slackapi.File) (atts []bot.Attachment, notes []string) {
	limit := a.core.Config().MaxAttachment
	for _, f := range textFiles(files) {
		name := f.Name
		if name == "" {
			name = f.Title
		}
		text, cut, err := a.fetchFile(ctx, f, limit)
		if err != nil {
			a.log.WarnContext(ctx, "slack: cannot read a shared file", "file", a.ids.Hash(f.ID), "err", bot.SafeError(err))
			notes = append(notes, fmt.Sprintf("I could not read the file %s.", name))
			continue
		}
		atts = append(atts, bot.Attachment{Name: name, Text: text, Truncated: cut})
	}
	return atts, notes
}

// errHost refuses to send the bot token anywhere but Slack.
var errHost = errors.New("file url is not on a Slack host")

// fetchFile downloads at most limit bytes of f; cut is true when there was more.
func (a *Adapter) fetchFile(ctx context.Context, f slackapi.File, limit int) (text string, cut bool, err error) {
	u := f.URLPrivateDownload
	if u == "" {
		u = f.URLPrivate
	}
	if !a.allowedURL(u) {
		return "", false, errHost
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", false, fmt.Errorf("file request: %w", err)
	}
	ws := a.workspace(ctx)
	if ws == nil {
		return "", false, errors.New("no bot token to read files with")
	}
	req.Header.Set("Authorization", "Bearer "+ws.token)
	resp, err := a.http.Do(req)
	if err != nil {
		return "", false, fmt.Errorf("file download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", false, fmt.Errorf("file download: status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/html") && f.Filetype != "html" {
		// Slack answers a request it does not authorise with its login page.
		return "", false, errors.New("file download: got a login page (is the files:read scope granted?)")
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, int64(limit)+1))
	if err != nil {
		return "", false, fmt.Errorf("file download: %w", err)
	}
	if len(b) > limit {
		return string(b[:limit]), true, nil
	}
	return string(b), false, nil
}
