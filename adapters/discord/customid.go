package discord

import "strings"

// Component custom ids: "orfix:<action>:<entry id>[:<asker>[:<tool>]]" for
// buttons, "orfix:modal" or "orfix:modal:private" for the paste modal.
// Discord allows at most 100 characters; the ids are all the state a button
// needs, so any replica can handle the click. The asker (who may vote) and
// the tool are dropped, tool first, when the id would be too long.
const (
	idPrefix      = "orfix:"
	actFixed      = "fixed"
	actNotYet     = "notyet"
	actSteps      = "steps"
	actPick       = "pick" // a candidate of the "which of these" question: the answer replaces it
	actNext       = "next" // a candidate offered after "not yet": answered in a new message
	actModal      = "modal"
	modalPrivate  = "private"
	maxCustomID   = 100
	modalInputID  = "error"
	maxModalInput = 4000
)

// button is what a button's custom id carries.
type button struct {
	Action, Entry, Asker, Tool string
}

// customID builds a custom id, dropping the optional tail (tool, then
// asker) until it fits; "" when even the entry id does not fit.
func customID(action, arg string, optional ...string) string {
	parts := append([]string{action, arg}, optional...)
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	for {
		id := idPrefix + strings.Join(parts, ":")
		if len(id) <= maxCustomID {
			return id
		}
		if len(parts) <= 2 {
			return ""
		}
		parts = parts[:len(parts)-1]
	}
}

// parseCustomID splits a custom id made by customID into its action and
// first argument.
func parseCustomID(id string) (action, arg string, ok bool) {
	b, ok := parseButton(id)
	return b.Action, b.Entry, ok
}

// parseButton reads every part of a custom id made by customID.
func parseButton(id string) (button, bool) {
	rest, ok := strings.CutPrefix(id, idPrefix)
	if !ok || rest == "" {
		return button{}, false
	}
	p := strings.SplitN(rest, ":", 4)
	p = append(p, "", "", "")
	return button{Action: p[0], Entry: p[1], Asker: p[2], Tool: p[3]}, true
}
