package store

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Op is what one [Step] does.
type Op uint8

// The operations a Step can do, as the [Shared] methods of the same names.
const (
	OpClaim Op = iota + 1
	OpHit
	OpCount
)

// Step is one operation of a [RunSteps] call.
type Step struct {
	Op  Op
	Key string
	// Period is a Claim's TTL, a Hit's or a Count's window.
	Period time.Duration
	// If, when above zero, runs the step only when step If-1 of the same
	// call, an earlier Claim, was won; a step not run reports zero.
	If int
	// Below, when above zero, lets a Hit add its event only while the
	// counter holds fewer than Below events: a rate limit's check and
	// count in one step.
	Below int
}

// Outcome is what one Step reported.
type Outcome struct {
	// OK is true when a Claim was won or a Hit added its event.
	OK bool
	// N is the events a Hit's or a Count's counter holds in its window:
	// a Hit's own event included when added.
	N int
}

// SharedSteps is a Shared that runs several steps in one call: for a
// database, one statement and one round trip. Use it through RunSteps.
type SharedSteps interface {
	Shared
	// Steps runs steps as RunSteps describes and returns one Outcome
	// per step.
	Steps(ctx context.Context, steps []Step) ([]Outcome, error)
}

// RunSteps runs steps on s and returns one Outcome per step: as one call
// when s is a SharedSteps, else step by step with Claim, Hit and Count.
// Either way the result is that of running, in order, first the Claims
// (a Claim's If names an earlier Claim), then the Counts, then the Hits:
// a Count, and a Hit's Below check, see no Hit of the same call. A key
// may be claimed once and hit once per call; a step breaking these rules
// is refused with ErrInvalid and nothing runs. An error leaves the steps
// run before it done.
func RunSteps(ctx context.Context, s Shared, steps []Step) ([]Outcome, error) {
	if ss, ok := s.(SharedSteps); ok {
		return ss.Steps(ctx, steps) // which checks the steps
	}
	if err := checkSteps(steps); err != nil {
		return nil, err
	}
	return runSteps(ctx, s, steps)
}

// checkSteps refuses steps that RunSteps does not define. Calls hold a
// handful of steps: the look for a repeated key is quadratic but
// allocates nothing.
func checkSteps(steps []Step) error {
	for i, st := range steps {
		var why string
		switch {
		case st.Op != OpClaim && st.Op != OpHit && st.Op != OpCount:
			why = fmt.Sprintf("unknown op %d", st.Op)
		case st.If < 0 || st.If > i:
			why = "If names no earlier step"
		case st.If > 0 && steps[st.If-1].Op != OpClaim:
			why = "If names a step that is not a Claim"
		case st.Period <= 0:
			why = "period is not positive"
		case st.Below < 0 || st.Below > 0 && st.Op != OpHit:
			why = "Below is for Hits only"
		case st.Op != OpCount && slices.ContainsFunc(steps[:i], func(o Step) bool { return o.Op == st.Op && o.Key == st.Key }):
			why = "key claimed or hit twice"
		default:
			continue
		}
		return fmt.Errorf("store: step %d: %s: %w", i, why, ErrInvalid)
	}
	return nil
}

// runSteps runs checked steps one by one on s, in RunSteps's order.
func runSteps(ctx context.Context, s Shared, steps []Step) ([]Outcome, error) {
	out := make([]Outcome, len(steps))
	runs := func(st Step) bool { return st.If == 0 || out[st.If-1].OK }
	for _, op := range []Op{OpClaim, OpCount, OpHit} {
		for i, st := range steps {
			if st.Op != op || !runs(st) {
				continue
			}
			var err error
			switch op {
			case OpClaim:
				out[i].OK, err = s.Claim(ctx, st.Key, st.Period)
			case OpCount:
				out[i].N, err = s.Count(ctx, st.Key, st.Period)
			case OpHit:
				if st.Below > 0 {
					if out[i].N, err = s.Count(ctx, st.Key, st.Period); err != nil || out[i].N >= st.Below {
						break
					}
				}
				out[i].N, err = s.Hit(ctx, st.Key, st.Period)
				out[i].OK = err == nil
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
