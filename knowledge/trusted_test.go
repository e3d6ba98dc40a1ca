package knowledge

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestEmbeddedPassesEveryCheck is what makes the trusted load of the
// embedded knowledge base safe: those exact bytes pass every check Load
// runs on an overlay and "orfix kb lint" runs, so loadEmbedded may skip them.
func TestEmbeddedPassesEveryCheck(t *testing.T) {
	if ps := Lint(""); ps != nil {
		t.Fatalf("the embedded knowledge base fails its checks:\n%v", ps)
	}
	if _, err := loadChecked(""); err != nil {
		t.Fatalf("checked load of the embedded knowledge base: %v", err)
	}
}

// matchView is the part of a Result that does not depend on which KB
// value produced it: entry ids instead of entry pointers.
type matchView struct {
	IDs        []string
	Scores     []float64
	Signatures []string
	Signals    Signals
	Facts      Facts
	Ambiguous  bool
	Candidates []string
}

func viewOf(r Result) matchView {
	v := matchView{Signals: r.Signals, Facts: r.Facts, Ambiguous: r.Ambiguous}
	for _, m := range r.Matches {
		v.IDs = append(v.IDs, m.Entry.ID)
		v.Scores = append(v.Scores, m.Score)
		v.Signatures = append(v.Signatures, m.Signature)
	}
	for _, c := range r.Candidates() {
		v.Candidates = append(v.Candidates, c.Entry.ID)
	}
	return v
}

// TestEmbeddedTrustedEqualsChecked shows the trusted load gives the same
// knowledge base as the checked one: the same entries, field for field, and
// the same match results on the held-out eval cases and on every example.
func TestEmbeddedTrustedEqualsChecked(t *testing.T) {
	trusted, err := loadEmbedded()
	if err != nil {
		t.Fatalf("trusted load: %v", err)
	}
	checked, err := loadChecked("")
	if err != nil {
		t.Fatalf("checked load: %v", err)
	}
	if got, want := trusted.Len(), checked.Len(); got != want {
		t.Fatalf("trusted load has %d entries, checked %d", got, want)
	}
	for i, e := range trusted.Entries() {
		if want := checked.Entries()[i]; !reflect.DeepEqual(e, want) {
			t.Errorf("entry %s differs between the trusted and the checked load", e.ID)
		}
	}
	if !reflect.DeepEqual(trusted.prior, checked.prior) || !reflect.DeepEqual(trusted.status, checked.status) {
		t.Errorf("model priors or status tables differ")
	}
	if !reflect.DeepEqual(trusted.titles.suggestions(), checked.titles.suggestions()) || !reflect.DeepEqual(trusted.phrases.suggestions(), checked.phrases.suggestions()) {
		t.Errorf("suggestions differ")
	}

	var texts []string
	files, err := filepath.Glob("../testdata/eval/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("held-out eval cases: %v (%d files)", err, len(files))
	}
	for _, c := range readCaseFiles(t, "../testdata/eval/*.jsonl") {
		texts = append(texts, c.Text)
	}
	for _, e := range checked.Entries() {
		texts = append(texts, e.Examples()...)
		texts = append(texts, e.Signatures...)
	}
	for _, text := range texts {
		got, want := viewOf(trusted.Match(text, 5)), viewOf(checked.Match(text, 5))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("match of %q:\ntrusted %+v\nchecked %+v", clip(text, 60), got, want)
		}
	}
	t.Logf("%d entries and %d match results equal", trusted.Len(), len(texts))
}

// TestOverlayKeepsEveryCheck shows a kb.dir overlay does not take the
// trusted path: checks the trusted path skips, in one file and across
// entries, still fail Load and Lint with a directory.
func TestOverlayKeepsEveryCheck(t *testing.T) {
	valid := validEntry(t)
	tests := []struct {
		name, old, new, want string
	}{
		{"note for maintainers", "Because.", "Because. TODO: check.", "is a note for maintainers"},
		{"bare entry id", "- Oil.", "- Oil, see openrouter-401-missing-key.", "bare entry id openrouter-401-missing-key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(valid, tt.old) {
				t.Fatalf("test entry lacks %q", tt.old)
			}
			dir := writeDir(t, map[string]string{"openrouter-widget-jam.md": strings.Replace(valid, tt.old, tt.new, 1)})
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load with the overlay: error %v, want one holding %q", err, tt.want)
			}
			if ps := Lint(dir); !strings.Contains(ps.Error(), tt.want) {
				t.Errorf("Lint: %v, want a problem holding %q", ps, tt.want)
			}
		})
	}
}
