package bot

// Reason says why a reply is silent (Reply.Reason). Adapters compare
// against these constants, never against string literals.
type Reason string

// The reasons for a silent (or quieter) reply.
const (
	ReasonNone          Reason = ""
	ReasonFromBot       Reason = "from-bot"
	ReasonNotWatched    Reason = "channel-not-watched"
	ReasonEmpty         Reason = "empty"
	ReasonRateLimited   Reason = "rate-limited"
	ReasonBelowPassive  Reason = "below-passive-threshold"
	ReasonPassiveOff    Reason = "passive-off"
	ReasonCooldown      Reason = "cooldown"
	ReasonInternalError Reason = "internal-error"
)
