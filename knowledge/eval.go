package knowledge

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"
)

// Case is one labelled paste, shaped like the lines of the eval JSONL files.
type Case struct {
	ID    string  `json:"id"`
	Text  string  `json:"text"`
	Label *string `json:"label"`
	Also  *string `json:"also"`
	Tool  string  `json:"tool"`
	// Source is the thread the paste came from; cross-validation keeps
	// every thread on one side of a fold.
	Source string `json:"source"`
	// Set names the file the case came from, for per-set figures.
	Set string `json:"-"`
}

// Label values that mark a paste the bot must not answer passively.
const LabelOffTopic = "none-offtopic"

// ReadCases reads JSONL cases; a malformed line is an error naming its line.
func ReadCases(r io.Reader) ([]Case, error) {
	var cases []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(line, &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading cases: %w", err)
	}
	return cases, nil
}

// Report is the outcome of an evaluation run. Its JSON form holds exactly
// the figures of `orfix eval --json`: cases, top1, top3, passive_fp_chatter,
// passive_fp_offtopic, p50_us and p99_us.
type Report struct {
	Cases    int `json:"cases"`
	Labelled int `json:"-"`
	// Top1 and Top3 are the shares of labelled cases whose label (or
	// alternative) is the best match, or among the best three.
	Top1 float64 `json:"top1"`
	Top3 float64 `json:"top3"`
	// PassiveFPChatter and PassiveFPOffTopic are the shares of chat
	// (label null) and other-vendor errors ("none-offtopic") that would
	// have been answered passively.
	PassiveFPChatter  float64 `json:"passive_fp_chatter"`
	PassiveFPOffTopic float64 `json:"passive_fp_offtopic"`
	// PassiveRecall is the share of labelled cases a passive listener
	// would answer, with the right entry.
	PassiveRecall float64 `json:"-"`
	P50us         float64 `json:"p50_us"`
	P99us         float64 `json:"p99_us"`
	// Misses are the labelled cases whose top match was wrong.
	Misses []Miss `json:"-"`
	// FalsePositives are the unlabelled cases answered passively.
	FalsePositives []Miss `json:"-"`
	// ByLabel holds per label: right at top 1, right in the top 3, cases.
	ByLabel map[string][3]int `json:"-"`
}

// Miss is one case the matcher got wrong.
type Miss struct {
	ID    string  `json:"id"`
	Want  string  `json:"want"`
	Got   string  `json:"got"`
	Score float64 `json:"score"`
}

// Evaluate matches every case and scores the knowledge base.
func Evaluate(kb *KB, cases []Case, th Thresholds) Report {
	rep := Report{Cases: len(cases), ByLabel: map[string][3]int{}}
	var top1, top3, chat, chatFP, off, offFP, passive int
	lat := make([]time.Duration, 0, len(cases))
	for _, c := range cases {
		start := time.Now()
		r := kb.Match(c.Text, 3)
		lat = append(lat, time.Since(start))
		top, _ := r.Top()
		got, score := "", 0.0
		if top.Entry != nil {
			got, score = top.Entry.ID, top.Score
		}
		switch {
		case c.Label == nil || *c.Label == LabelOffTopic:
			fp := r.Passive(th)
			if c.Label == nil {
				chat++
				if fp {
					chatFP++
				}
			} else {
				off++
				if fp {
					offFP++
				}
			}
			if fp {
				rep.FalsePositives = append(rep.FalsePositives, Miss{ID: c.ID, Got: got, Score: score})
			}
		default:
			rep.Labelled++
			bl := rep.ByLabel[*c.Label]
			bl[2]++
			ok := func(id string) bool { return id == *c.Label || c.Also != nil && id == *c.Also }
			if ok(got) {
				top1++
				bl[0]++
				if r.Passive(th) {
					passive++
				}
			} else {
				rep.Misses = append(rep.Misses, Miss{ID: c.ID, Want: *c.Label, Got: got, Score: score})
			}
			for _, m := range r.Matches {
				if ok(m.Entry.ID) {
					top3++
					bl[1]++
					break
				}
			}
			rep.ByLabel[*c.Label] = bl
		}
	}
	rep.Top1 = ratio(top1, rep.Labelled)
	rep.Top3 = ratio(top3, rep.Labelled)
	rep.PassiveFPChatter = ratio(chatFP, chat)
	rep.PassiveFPOffTopic = ratio(offFP, off)
	rep.PassiveRecall = ratio(passive, rep.Labelled)
	rep.P50us, rep.P99us = percentileMicros(lat, 0.50), percentileMicros(lat, 0.99)
	return rep
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func percentileMicros(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p)
	return float64(s[i].Nanoseconds()) / 1000
}
