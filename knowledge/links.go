package knowledge

import (
	"strings"

	"github.com/orfix/orfix/internal/lazyre"
)

// A link from one entry to another is written "[text](kb:entry-id)", with
// an optional "#anchor" after the id. Renderers turn the target into
// "<public_url>/kb/<id>" with [RewriteKBLinks]; lint checks that every
// target exists and that no entry id stands bare in a body.
const kbScheme = "kb:"

var (
	// kbLink matches the target part of a Markdown link to "kb:...".
	kbLink = lazyre.New(`\]\(kb:([^)\s#]*)(#[^)\s]*)?\)`)
	// entryIDWord matches a word that looks like an entry id.
	entryIDWord = lazyre.New(`\bopenrouter-[a-z0-9]+(?:-[a-z0-9]+)*\b`)
)

// RewriteKBLinks turns every "[text](kb:id)" link in md into a link to
// base + "/kb/" + id (the anchor kept); base is the public URL of the web
// pages, and "" gives site-relative links ("/kb/id").
func RewriteKBLinks(md string, base string) string {
	if !strings.Contains(md, kbScheme) {
		return md
	}
	base = strings.TrimRight(base, "/")
	return kbLink().ReplaceAllString(md, "]("+base+"/kb/$1$2)")
}

// kbLinkTargets returns the entry ids that md links to with "kb:".
func kbLinkTargets(md string) []string {
	var ids []string
	for _, m := range kbLink().FindAllStringSubmatch(md, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// bareEntryIDs returns the words of md that look like entry ids and are not
// the target of a kb: link.
func bareEntryIDs(md string) []string {
	return entryIDWord().FindAllString(kbLink().ReplaceAllString(md, "]()"), -1)
}
