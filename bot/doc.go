// Package bot is orfix's platform-neutral core. Adapters turn a Discord,
// Slack, web or terminal event into a Request and render the Reply that
// Handle returns; nothing here imports a chat SDK.
//
// Handle runs every paste through the same steps: scan for secrets and
// redact them first, so nothing after that point (matching, logging,
// storing, echoing) ever sees a key; match the redacted text against the
// knowledge base; apply the policy (passive threshold, cooldowns, rate
// limits, size limits); and build the Reply.
package bot
