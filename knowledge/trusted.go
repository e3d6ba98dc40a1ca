package knowledge

// checkMode says how much a parse of an entry file checks.
type checkMode int

const (
	// checkAll runs every check of one file: what Parse documents.
	checkAll checkMode = iota
	// trustBytes reports only what stops a file from being read, for the
	// embedded entries, which TestEmbeddedPassesEveryCheck puts through
	// every check at test time.
	trustBytes
)

// loadEmbedded loads the embedded knowledge base without the checks that
// the tests guarantee for its bytes: the per-file checks of field values,
// sections, fixes and body text, and the checks across entries (related
// ids, kb: links, bare entry ids, examples that win their entry). The
// embedded files cannot change after the test binary built from the same
// source passed, so these checks would only repeat a known result at every
// start; they cost most of a load. TestEmbeddedTrustedEqualsChecked shows
// the result equals the checked load's. A file that does not parse, or a
// repeated id, still fails the load.
func loadEmbedded() (*KB, error) {
	entries, ps := readFS(defaultFS, "kb", "kb", trustBytes)
	if len(ps) > 0 {
		return nil, ps
	}
	if len(entries) == 0 {
		return nil, Problems{{File: "knowledge base", Msg: "no entries"}}
	}
	return Build(entries), nil
}
