package discord

import "strings"

// Answering a chosen entry. Autocomplete choices carry entry ids, so a
// command whose `error` is exactly an id asks for that entry: the core's
// ReplyFor builds the answer the way it fills a matched one.

// chosenEntry reports whether text is an entry id picked from autocomplete.
func (a *Adapter) chosenEntry(text string) (string, bool) {
	id := strings.TrimSpace(text)
	_, ok := a.core.KB().Get(id)
	return id, ok
}
