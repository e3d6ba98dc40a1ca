// Package knowledge holds orfix's knowledge base: the entry type, the Markdown
// and front-matter loader, validation (lint), the matcher that recognises a
// pasted error, and the suggestions behind autocomplete.
//
// A knowledge base is immutable once built, so a *KB is safe for concurrent
// use; a reload builds a new one and swaps it in.
package knowledge
