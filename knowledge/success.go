package knowledge

import "strings"

// successConfidence caps the confidence of a paste that shows only
// successful exchanges: under the floor, so such a log is never answered
// as an error, and its closest entries are offered as links at most.
const successConfidence = 0.3

// capSuccess returns conf, capped at successConfidence for a paste that
// shows only successful exchanges: Match and the fit both read confidence
// through it.
func capSuccess(conf float64, success bool) float64 {
	if success {
		return min(conf, successConfidence)
	}
	return conf
}

// successMarks are how logs print a successful HTTP exchange.
var successMarks = []string{"200 ok", `"status": 200`, `"status":200`, "status code 200", "status_code=200", "status=200"}

// troubleWords are the words of any error, failure or complaint; one of
// them anywhere keeps a paste from reading as a success log. The list is
// deliberately broad: the rule only ever lowers confidence.
var troubleWords = []string{
	"error", "exception", "fail", "traceback", "panic", "fatal", "invalid", "denied", "refused", "unauthori",
	"forbidden", "timeout", "timed out", "not found", "unable", "cannot", "can't", "couldn't", "not work",
	"doesn't work", "broken", "wrong", "empty", "missing", "limit", "exceed", "block", "reject", "crash",
	"warn", "issue", "problem", "bug", "?", "4xx", "5xx", "nothing", "no response", "no output", "blank",
	"stuck", "hang", "but ", "however", "instead", "still", "never", "why", "help",
}

// successOnly reports whether a paste shows only successful HTTP exchanges
// (a client's log of "HTTP/1.1 200 OK" lines) and names no error, failure
// or problem: such a log holds no error to answer, whatever endpoint it
// names. lower is the paste ASCII-lower-cased; status is the error status
// read from it (0 for none).
func successOnly(lower string, status int) bool {
	if status != 0 || !hasAny(lower, successMarks) {
		return false
	}
	return !hasAny(lower, troubleWords)
}

// hasAny reports whether s contains one of subs.
func hasAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
