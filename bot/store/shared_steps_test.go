package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// plainShared hides a Shared's Steps, so RunSteps runs step by step.
type plainShared struct{ Shared }

// stepsImpls are the shared states RunSteps is tested on: each
// SharedSteps, and the step-by-step run on a plain Shared.
var stepsImpls = append(slices.Clone(sharedImpls), sharedImpl{"one-by-one", func(*testing.T) (Shared, Shared) {
	m := NewMemShared(nil)
	return plainShared{m}, plainShared{m}
}})

// answerSteps are the steps of the incident detector's answer: claim
// (entry, requester); if new, count the answer, claim (entry, channel),
// count the channel when new, read the channel count and the incident
// mark.
func answerSteps(requester, channel string) []Step {
	return []Step{
		{Op: OpClaim, Key: "q:" + requester, Period: time.Minute},
		{Op: OpHit, Key: "answers", Period: time.Minute, If: 1},
		{Op: OpClaim, Key: "s:" + channel, Period: time.Minute, If: 1},
		{Op: OpHit, Key: "channels", Period: time.Minute, If: 3},
		{Op: OpCount, Key: "channels", Period: time.Minute, If: 1},
		{Op: OpCount, Key: "mark", Period: time.Minute, If: 1},
	}
}

func TestRunSteps(t *testing.T) {
	ctx := context.Background()
	o := func(ok bool, n int) Outcome { return Outcome{OK: ok, N: n} }
	for _, impl := range stepsImpls {
		t.Run(impl.name, func(t *testing.T) {
			a, b := impl.pair(t)
			calls := []struct {
				name  string
				on    Shared
				steps []Step
				want  []Outcome
			}{
				{"first answer", a, answerSteps("u1", "c1"),
					[]Outcome{o(true, 0), o(true, 1), o(true, 0), o(true, 1), o(false, 0), o(false, 0)}},
				{"same requester: nothing more runs", b, answerSteps("u1", "c1"),
					[]Outcome{o(false, 0), o(false, 0), o(false, 0), o(false, 0), o(false, 0), o(false, 0)}},
				{"other requester, same channel: counted, not hit", b, answerSteps("u2", "c1"),
					[]Outcome{o(true, 0), o(true, 2), o(false, 0), o(false, 0), o(false, 1), o(false, 0)}},
				{"other channel", a, answerSteps("u3", "c2"),
					[]Outcome{o(true, 0), o(true, 3), o(true, 0), o(true, 2), o(false, 1), o(false, 0)}},
				{"mark the incident", a, []Step{{Op: OpHit, Key: "mark", Period: time.Minute}},
					[]Outcome{o(true, 1)}},
				{"the mark is read", b, answerSteps("u4", "c2"),
					[]Outcome{o(true, 0), o(true, 4), o(false, 0), o(false, 0), o(false, 2), o(false, 1)}},
				{"rate 1 of 2", a, []Step{{Op: OpHit, Key: "rate", Period: time.Minute, Below: 2}}, []Outcome{o(true, 1)}},
				{"rate 2 of 2", b, []Step{{Op: OpHit, Key: "rate", Period: time.Minute, Below: 2}}, []Outcome{o(true, 2)}},
				{"rate refused, not counted", a, []Step{{Op: OpHit, Key: "rate", Period: time.Minute, Below: 2}}, []Outcome{o(false, 2)}},
				{"a refused hit is not counted", b, []Step{{Op: OpCount, Key: "rate", Period: time.Minute}}, []Outcome{o(false, 2)}},
				{"a Count sees the state before the call's Hits", a, []Step{
					{Op: OpHit, Key: "fresh", Period: time.Minute},
					{Op: OpCount, Key: "fresh", Period: time.Minute},
				}, []Outcome{o(true, 1), o(false, 0)}},
				{"a gated Below hit not run", b, []Step{
					{Op: OpClaim, Key: "q:u1", Period: time.Minute},
					{Op: OpHit, Key: "rate", Period: time.Minute, Below: 5, If: 1},
				}, []Outcome{o(false, 0), o(false, 0)}},
				{"no steps", a, nil, []Outcome{}},
			}
			for _, c := range calls {
				got, err := RunSteps(ctx, c.on, c.steps)
				if err != nil || !slices.Equal(got, c.want) && len(got)+len(c.want) > 0 {
					t.Errorf("%s:\n got  %v, %v\n want %v", c.name, got, err, c.want)
				}
			}
		})
	}
}

func TestRunStepsWindow(t *testing.T) {
	ctx := context.Background()
	for _, impl := range stepsImpls {
		t.Run(impl.name, func(t *testing.T) {
			a, b := impl.pair(t)
			short := 200 * time.Millisecond
			if _, err := RunSteps(ctx, a, []Step{{Op: OpHit, Key: "short", Period: short}, {Op: OpClaim, Key: "c", Period: short}}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond)
			got, err := RunSteps(ctx, b, []Step{
				{Op: OpCount, Key: "short", Period: short},
				{Op: OpClaim, Key: "c", Period: short},
				{Op: OpHit, Key: "short", Period: short, Below: 1},
			})
			want := []Outcome{{N: 0}, {OK: true}, {OK: true, N: 1}}
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("after the window: %v, %v; want %v", got, err, want)
			}
		})
	}
}

// TestRunStepsConcurrent runs the detector's steps from many goroutines
// on two replicas: every answer is counted once, and concurrent
// statements on the same rows do not deadlock.
func TestRunStepsConcurrent(t *testing.T) {
	ctx := context.Background()
	for _, impl := range stepsImpls {
		t.Run(impl.name, func(t *testing.T) {
			a, b := impl.pair(t)
			var wg sync.WaitGroup
			const workers, each = 8, 20
			for w := range workers {
				wg.Go(func() {
					on := []Shared{a, b}[w%2]
					for i := range each {
						ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
						_, err := RunSteps(ctx, on, answerSteps(fmt.Sprint(w, "-", i), fmt.Sprint(i%3)))
						cancel()
						if err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			got, err := RunSteps(ctx, a, []Step{
				{Op: OpCount, Key: "answers", Period: time.Minute},
				{Op: OpCount, Key: "channels", Period: time.Minute},
			})
			want := []Outcome{{N: workers * each}, {N: 3}}
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("after %d answers in 3 channels: %v, %v; want %v", workers*each, got, err, want)
			}
		})
	}
}

func TestRunStepsRefused(t *testing.T) {
	m := time.Minute
	tests := []struct {
		name  string
		steps []Step
	}{
		{"If names itself", []Step{{Op: OpClaim, Key: "a", Period: m, If: 1}}},
		{"If names a later step", []Step{{Op: OpHit, Key: "a", Period: m, If: 2}, {Op: OpClaim, Key: "b", Period: m}}},
		{"If names a Hit", []Step{{Op: OpHit, Key: "a", Period: m}, {Op: OpCount, Key: "a", Period: m, If: 1}}},
		{"negative If", []Step{{Op: OpCount, Key: "a", Period: m, If: -1}}},
		{"zero period", []Step{{Op: OpCount, Key: "a"}}},
		{"Below on a Claim", []Step{{Op: OpClaim, Key: "a", Period: m, Below: 1}}},
		{"negative Below", []Step{{Op: OpHit, Key: "a", Period: m, Below: -1}}},
		{"key hit twice", []Step{{Op: OpHit, Key: "a", Period: m}, {Op: OpHit, Key: "a", Period: m}}},
		{"key claimed twice", []Step{{Op: OpClaim, Key: "a", Period: m}, {Op: OpClaim, Key: "a", Period: m}}},
		{"unknown op", []Step{{Key: "a", Period: m}}},
	}
	ctx := context.Background()
	for _, impl := range stepsImpls {
		t.Run(impl.name, func(t *testing.T) {
			a, _ := impl.pair(t)
			for _, tc := range tests {
				if _, err := RunSteps(ctx, a, tc.steps); !errors.Is(err, ErrInvalid) {
					t.Errorf("%s: err = %v, want ErrInvalid", tc.name, err)
				}
				if ss, ok := a.(SharedSteps); ok {
					if _, err := ss.Steps(ctx, tc.steps); !errors.Is(err, ErrInvalid) {
						t.Errorf("%s: Steps err = %v, want ErrInvalid", tc.name, err)
					}
				}
			}
			// Nothing of a refused call ran.
			if n, err := a.Count(ctx, "a", m); err != nil || n != 0 {
				t.Errorf("after refused calls: Count = %d, %v; want 0", n, err)
			}
			if ok, err := a.Claim(ctx, "b", m); err != nil || !ok {
				t.Errorf("after refused calls: Claim(b) = %v, %v; want it free", ok, err)
			}
		})
	}
}
