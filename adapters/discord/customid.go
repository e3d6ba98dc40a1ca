package discord

import "strings"

// Component custom ids: "orfix:<action>:<entry id>" for buttons,
// "orfix:modal" or "orfix:modal:private" for the paste modal. Discord
// allows at most 100 characters; the entry id is all the state a button
// needs, so any replica can handle the click.
const (
	idPrefix      = "orfix:"
	actFixed      = "fixed"
	actNotYet     = "notyet"
	actSteps      = "steps"
	actModal      = "modal"
	modalPrivate  = "private"
	maxCustomID   = 100
	modalInputID  = "error"
	maxModalInput = 4000
)

// customID builds a custom id, or "" when it would be too long.
func customID(action, arg string) string {
	id := idPrefix + action
	if arg != "" {
		id += ":" + arg
	}
	if len(id) > maxCustomID {
		return ""
	}
	return id
}

// parseCustomID splits a custom id made by customID.
func parseCustomID(id string) (action, arg string, ok bool) {
	rest, ok := strings.CutPrefix(id, idPrefix)
	if !ok || rest == "" {
		return "", "", false
	}
	action, arg, _ = strings.Cut(rest, ":")
	return action, arg, true
}
