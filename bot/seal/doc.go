// Package seal encrypts small secrets, such as the Slack bot token of each
// workspace that installs the app, for storage at rest.
//
// A [Key] comes from ORFIX_SECRET_KEY (see [ParseKey]). Sealing uses
// AES-256-GCM with a random nonce and binds the sealed value to additional
// data chosen by the caller (the Slack team id), so a sealed token copied to
// another row does not open there. The same key also derives independent
// keys for other purposes ([Key.Derive]), such as signing the OAuth state.
package seal
