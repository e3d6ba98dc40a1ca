package slack

// The actions the goldens were written with (render_test.go): what the
// plan says in a channel, with and without an admin token.
const (
	actionDeleted    = "I deleted your message in this channel, but others may have seen it already."
	actionNotDeleted = "I could not delete your message in this channel: please delete it now (" + selfDelete + ")."
)
