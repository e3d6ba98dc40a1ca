// Package slack is orfix's Slack adapter, built on github.com/slack-go/slack.
//
// It speaks both of Slack's transports with the same handlers:
//
//   - HTTP mode, enabled by the signing secret: POST /slack/commands (the
//     /orfix slash command), POST /slack/events (Events API: app_mention and
//     message events, with text snippets fetched as attachments) and
//     POST /slack/interactivity (buttons and the paste modal). Every request
//     is verified with the signing secret and its five-minute window.
//   - Socket Mode, enabled by an app-level token (xapp-), for workspaces
//     without a public URL: the same slash command, events and interactions
//     arrive as envelopes over a websocket and are acknowledged at once.
//
// The adapter only translates. Inbound, a Slack payload becomes a
// bot.Request (translate.go); outbound, a bot.Reply becomes Block Kit
// (render.go, mrkdwn.go). Both are pure functions tested with real Slack
// payloads under testdata/ and golden files. Everything else is a thin loop:
// acknowledge within Slack's three seconds, hand the work to a recovered
// goroutine, post the answer.
//
// A paste that holds a secret is answered privately and never repeats the
// key: a bot token cannot delete a user's message, so the user gets an
// ephemeral warning naming the kind of secret and its masked form; with an
// admin user token the message is deleted; an optional moderator channel
// gets an alert with the masked key.
//
// Manifest builds the app manifest for Slack's "create an app from a
// manifest" (HTTP or Socket Mode); README.md walks a workspace admin through
// it.
package slack
