// Package discord connects orfix to Discord with discordgo.
//
// It serves the /orfix slash command (with autocomplete, a modal for long
// pastes and an optional text file), the "Fixed it" / "Not yet" / "Show all
// steps" buttons, passive listening in configured support channels, mentions
// and direct messages, and removes messages that leak an API key.
//
// Two transports feed the same translation code:
//
//   - the Gateway (a bot token): messages, mentions and interactions over a
//     websocket; passive listening needs the privileged MESSAGE_CONTENT intent;
//   - HTTP interactions (the application's public key): POST
//     /discord/interactions, Ed25519-verified, stateless, so it runs as many
//     replicas behind a load balancer.
//
// The adapter is two families of pure functions, platform event to
// bot.Request (request.go) and bot.Reply to Discord payload (render.go),
// around a thin event loop (gateway.go, http.go). It calls only the bot core.
package discord
