package bot

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusPath is the gitleaks-derived corpus, in the copy of shared/ that
// sits beside the repository.
var corpusPath = filepath.Join("..", "..", "shared", "secrets-corpus", "corpus.jsonl")

// corpusCase is one line of corpus.jsonl.
type corpusCase struct {
	ID      string   `json:"id"`
	Rule    string   `json:"rule"`
	Group   string   `json:"group"`
	Shape   string   `json:"shape"`
	Origin  string   `json:"origin"`
	Text    string   `json:"text"`
	Middles []string `json:"middles"`
}

// loadCorpus reads the corpus, skipping the test when it is not there
// (failing instead when CI=true).
func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	f, err := os.Open(corpusPath)
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("secret corpus %s is missing (CI=true): check out shared/ beside the repository", corpusPath)
		}
		t.Skipf("secret corpus %s not found: clone shared/ beside the repository to run it", corpusPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []corpusCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var c corpusCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", corpusPath, line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading %s: %v", corpusPath, err)
	}
	return cases
}

// caught reports whether Redact removed every middle of a positive case,
// and for a negative case whether it changed the text (a false alarm).
func (c corpusCase) caught() bool {
	out, _ := Redact(c.Text)
	if c.Group == "neg" {
		return out != c.Text
	}
	for _, m := range c.Middles {
		if strings.Contains(out, m) {
			return false
		}
	}
	return true
}

// corpusFloors are the least each shape must catch, and the most false
// alarms allowed on gitleaks' false-positive samples. gitleaks itself: 1,769
// of the 1,845 curl/env/trace cases, 435 of 615 prose cases, 11 false alarms.
var corpusFloors = map[string]int{
	"curl": 612, "env": 608, "trace": 609, "prose": 450, "envid": 575, "raw": 5799,
}

const corpusMaxFalseAlarms = 5

// TestScanSecretsGitleaksCorpus runs every case of the gitleaks-derived
// corpus and holds the floors. Set ORFIX_CORPUS_MISSES=1 to list misses.
func TestScanSecretsGitleaksCorpus(t *testing.T) {
	cases := loadCorpus(t)
	got := map[string]int{}
	total := map[string]int{}
	falseAlarms := 0
	var misses []string
	for _, c := range cases {
		ok := c.caught()
		if c.Group == "neg" {
			if ok {
				falseAlarms++
				var what []string
				for _, f := range ScanSecrets(c.Text) {
					what = append(what, f.Kind+" "+c.Text[f.Start:f.End])
				}
				misses = append(misses, fmt.Sprintf("FALSE ALARM %s %s: %q", c.ID, c.Rule, what))
			}
			continue
		}
		total[c.Shape]++
		if ok {
			got[c.Shape]++
		} else {
			misses = append(misses, fmt.Sprintf("miss %s %s/%s: %.200q", c.Rule, c.Shape, c.ID, c.Text))
		}
	}
	if os.Getenv("ORFIX_CORPUS_MISSES") != "" {
		slices.Sort(misses)
		for _, m := range misses {
			t.Log(m)
		}
	}
	for _, shape := range slices.Sorted(func(yield func(string) bool) {
		for k := range total {
			if !yield(k) {
				return
			}
		}
	}) {
		t.Logf("%-6s caught %4d of %4d", shape, got[shape], total[shape])
		if floor, ok := corpusFloors[shape]; !ok {
			t.Errorf("shape %q has no floor", shape)
		} else if got[shape] < floor {
			t.Errorf("shape %s: caught %d of %d, floor %d", shape, got[shape], total[shape], floor)
		}
	}
	t.Logf("false alarms %d", falseAlarms)
	if falseAlarms > corpusMaxFalseAlarms {
		t.Errorf("%d false alarms on gitleaks' negatives, at most %d allowed", falseAlarms, corpusMaxFalseAlarms)
	}
}
