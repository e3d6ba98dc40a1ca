// Package web is orfix's web adapter: the knowledge-base pages, the paste
// box, the JSON API, and the health, readiness and metrics endpoints.
//
// It calls only the bot core. A paste becomes a bot.Request (platform
// bot.Web, mode bot.Explicit); the bot.Reply comes back as an HTML page
// (answerView is the pure translation, rendered by html/template) or as the
// `orfix match --json` object (bot.NewMatchJSON).
//
// A paste is hostile. Every value reaches the page through html/template,
// entry Markdown is rendered by goldmark with raw HTML dropped, the textarea
// shows the paste redacted (Reply.Redacted) and never a key, and every
// response carries a strict Content-Security-Policy; the pages have no
// scripts and no inline styles. Logs hold the method, the route, the path
// with any secret masked, the status and the duration: never a body or a
// query string.
//
// Mounting: when the web adapter is alone, serve (*Server).Handler(). When
// other routes share the listener (Discord interactions, Slack), build one
// http.ServeMux, call (*Server).Register on it, add the other routes, and
// serve (*Server).Wrap(mux) so every route gets the security headers,
// request logging and panic recovery.
package web
