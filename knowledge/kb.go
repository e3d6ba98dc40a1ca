package knowledge

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

//go:embed kb/*.md
var defaultFS embed.FS

// KB is a loaded, validated and indexed knowledge base. It is immutable and
// safe for concurrent use.
type KB struct {
	entries []*Entry
	byID    map[string]*Entry
	idx     *index
	pool    *sync.Pool
	model   *Model
	prior   []float64 // per entry: the model's rank offset
	// maxPrior is the largest prior, for the pruning bounds.
	maxPrior float64
	// prune chooses the relevance scoring; tests force either path.
	prune  pruneMode
	status statusTable // per entry: its HTTP statuses
	// titles (one per entry) and phrases (every signature) are the names
	// autocomplete searches.
	titles, phrases *nameTable
	// texts decodes the bodies of the entries this knowledge base packed
	// (nil when it packed none).
	texts *textCache
}

// Entries returns the entries sorted by id. The slice must not be modified.
func (kb *KB) Entries() []*Entry { return kb.entries }

// Len is the number of entries.
func (kb *KB) Len() int { return len(kb.entries) }

// Get returns the entry with the given id.
func (kb *KB) Get(id string) (*Entry, bool) {
	e, ok := kb.byID[id]
	return e, ok
}

// Build indexes entries without validating them across files; New is the
// checked constructor. Build is for generated knowledge bases (benchmarks).
// Entries that repeat a text come to share one copy of it: Build may set
// an entry's string fields and lists to equal ones (never writing into a
// list's backing array), and only reads entries built before. A
// knowledge base of more than packAbove (1,000) entries packs the bodies
// and examples of the entries no other one packed (see Entry.Body): they
// read the same, decoded on demand. So an entry must not be read while a
// Build that holds it runs.
func Build(entries []*Entry) *KB {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b *Entry) int { return strings.Compare(a.ID, b.ID) })
	internEntries(sorted)
	kb := &KB{entries: sorted, byID: make(map[string]*Entry, len(sorted)), pool: newScratchPool(), model: DefaultModel()}
	for _, e := range sorted {
		kb.byID[e.ID] = e
	}
	packed := kb.startPacking(sorted)
	kb.idx = buildIndex(sorted)
	packed()
	ids := make(map[string]int32, len(sorted))
	for i, e := range sorted {
		ids[e.ID] = int32(i)
	}
	kb.idx.compileCentroids(kb.model.Centroids, ids)
	kb.idx.vocab.freeze()
	kb.idx.buildTypoIndex() // after the learned words: they are corrected to as well
	kb.prior = make([]float64, len(sorted))
	kb.maxPrior = math.Inf(-1)
	for i, e := range sorted {
		kb.prior[i] = kb.model.Prior[e.ID]
		kb.maxPrior = max(kb.maxPrior, kb.prior[i])
	}
	kb.status = buildStatusTable(sorted)
	titles, phrases := buildSuggestions(sorted)
	kb.titles, kb.phrases = newNameTable(titles), newNameTable(phrases)
	kb.shareNames()
	return kb
}

// New builds a knowledge base and checks the rules that span entries:
// unique ids, existing related ids, kb: links to existing entries and no
// bare entry ids in bodies, and examples that win their own entry.
// The error, if any, is a Problems list.
func New(entries []*Entry) (*KB, error) {
	var ps Problems
	seen := map[string]*Entry{}
	var uniq []*Entry
	for _, e := range entries {
		if prev, dup := seen[e.ID]; dup {
			ps = append(ps, Problem{File: e.File, Line: e.fieldLines.at("id"), Msg: fmt.Sprintf("duplicate id %q (also in %s)", e.ID, prev.File)})
			continue
		}
		seen[e.ID] = e
		uniq = append(uniq, e)
	}
	for _, e := range uniq {
		for _, r := range e.Related {
			if _, ok := seen[r]; !ok {
				ps = append(ps, Problem{File: e.File, Line: e.fieldLines.at("related"), Msg: fmt.Sprintf("related id %q does not exist", r)})
			} else if r == e.ID {
				ps = append(ps, Problem{File: e.File, Line: e.fieldLines.at("related"), Msg: "an entry cannot be related to itself"})
			}
		}
	}
	exists := func(id string) bool { _, ok := seen[id]; return ok }
	for _, e := range uniq {
		ps = append(ps, checkLinks(e, exists)...)
	}
	if len(uniq) == 0 {
		ps = append(ps, Problem{File: "knowledge base", Msg: "no entries"})
	}
	if len(ps) > 0 {
		return nil, ps
	}
	kb := Build(uniq)
	if ps := kb.checkExamples(); len(ps) > 0 {
		return nil, ps
	}
	return kb, nil
}

// checkExamples reports every example that does not rank its own entry first.
func (kb *KB) checkExamples() Problems {
	var ps Problems
	for _, e := range kb.entries {
		for _, ex := range e.Examples() {
			r := kb.Match(ex, 2)
			top, ok := r.Top()
			if ok && top.Entry == e {
				continue
			}
			got := "nothing"
			if ok {
				got = fmt.Sprintf("%s (%.2f)", top.Entry.ID, top.Score)
			}
			ps = append(ps, Problem{File: e.File, Line: e.fieldLines.at("examples"), Msg: fmt.Sprintf("example %q does not match its own entry: the best match is %s", clip(ex, 60), got)})
		}
	}
	return ps
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// ReadFS parses every *.md file directly under dir in fsys. It returns the
// entries whose front matter parsed and every problem found.
func ReadFS(fsys fs.FS, dir string, label string) ([]*Entry, Problems) {
	return readFS(fsys, dir, label, checkAll)
}

// readFS is ReadFS with the checks each file gets given by mode.
func readFS(fsys fs.FS, dir string, label string, mode checkMode) ([]*Entry, Problems) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.md"))
	if err != nil {
		return nil, Problems{{File: label, Msg: err.Error()}}
	}
	slices.Sort(names)
	var entries []*Entry
	var ps Problems
	for _, name := range names {
		file := path.Join(label, path.Base(name))
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			ps = append(ps, Problem{File: file, Msg: err.Error()})
			continue
		}
		e, err := parseEntry(file, data, mode)
		if err != nil {
			var fileProblems Problems
			if errors.As(err, &fileProblems) {
				ps = append(ps, fileProblems...)
			} else {
				ps = append(ps, Problem{File: file, Msg: err.Error()})
			}
		}
		// An entry whose fields parsed is kept even with problems, so the
		// checks across entries (related ids) still see it; any problem
		// fails a Load all the same.
		if e == nil {
			continue
		}
		if prev := slices.IndexFunc(entries, func(x *Entry) bool { return x.ID == e.ID }); prev >= 0 {
			ps = append(ps, Problem{File: file, Line: e.fieldLines.at("id"), Msg: fmt.Sprintf("duplicate id %q (also in %s)", e.ID, entries[prev].File)})
			continue
		}
		entries = append(entries, e)
	}
	return entries, ps
}

// DefaultEntries parses the embedded default knowledge base.
func DefaultEntries() ([]*Entry, Problems) {
	return ReadFS(defaultFS, "kb", "kb")
}

// Overlay returns base with over laid on top: the same id replaces, a new id adds.
func Overlay(base, over []*Entry) []*Entry {
	pos := make(map[string]int, len(base))
	out := slices.Clone(base)
	for i, e := range out {
		pos[e.ID] = i
	}
	for _, e := range over {
		if i, ok := pos[e.ID]; ok {
			out[i] = e
			continue
		}
		pos[e.ID] = len(out)
		out = append(out, e)
	}
	return out
}

// readEntries reads the embedded entries and, when dir is not empty, the
// *.md files in dir laid over them, with the problems of every file. The
// error is for a dir that is not a readable directory.
func readEntries(dir string) ([]*Entry, Problems, error) {
	entries, ps := DefaultEntries()
	if dir == "" {
		return entries, ps, nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("knowledge base directory: %w", err)
	}
	if !info.IsDir() {
		return nil, nil, fmt.Errorf("knowledge base directory: %s is not a directory", dir)
	}
	over, overPs := ReadFS(os.DirFS(dir), ".", filepath.ToSlash(dir))
	return Overlay(entries, over), append(ps, overPs...), nil
}

// LoadForFit reads the knowledge base like Load but skips the check that
// every example wins its entry: that check depends on the model being
// fitted, so the fit must be able to run while a model fails it. Every
// other problem still fails the load.
func LoadForFit(dir string) (*KB, error) {
	entries, ps, err := readEntries(dir)
	if err != nil {
		return nil, err
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return Build(entries), nil
}

// Load reads the embedded knowledge base and, when dir is not empty, the
// *.md files in dir over it, and validates and indexes the result. Any
// problem in any file fails the load: a knowledge base is all good or
// refused. The error, if any, lists every problem as "file:line: message".
//
// The embedded knowledge base alone (dir "") takes the trusted path of
// loadEmbedded, which skips the checks the package's tests run on exactly
// those bytes; an overlay gets every check, on every entry.
func Load(dir string) (*KB, error) {
	if dir == "" {
		return loadEmbedded()
	}
	return loadChecked(dir)
}

// loadChecked is Load with every check, whatever dir is.
func loadChecked(dir string) (*KB, error) {
	entries, ps, err := readEntries(dir)
	if err != nil {
		return nil, err
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return New(entries)
}

// Lint checks the embedded knowledge base, or dir laid over it, and returns
// every problem found (nil when all is well).
func Lint(dir string) Problems {
	entries, ps, err := readEntries(dir)
	if err != nil {
		return Problems{{File: dir, Msg: "not a readable directory"}}
	}
	if _, err := New(entries); err != nil {
		var more Problems
		if errors.As(err, &more) {
			ps = append(ps, more...)
		}
	}
	return ps
}
