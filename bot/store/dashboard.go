package store

import (
	"context"
	"fmt"
	"time"
)

// Limits of a Dashboard.
const (
	// MaxCommunities is the most communities Dashboard.Communities holds.
	MaxCommunities = 50
	// MaxDashboardUnmatched is the most distinct unmatched texts
	// Dashboard.UnmatchedTexts holds, for clustering into coverage gaps.
	MaxDashboardUnmatched = 2000
	// MaxTools is the most tools Dashboard.Tools holds.
	MaxTools = 30
)

// day is one UTC day in unix nanoseconds.
const day = int64(24 * time.Hour)

// DayCount is the number of answers given on one UTC day.
type DayCount struct {
	// Day is the UTC midnight that starts the day.
	Day     time.Time
	Answers int
}

// CommunityStats summarises one community: a Discord server or a Slack
// workspace. Community is the keyed hash the store keeps, never the raw
// id; "" is "no community" (the web, the API, the CLI, direct messages).
type CommunityStats struct {
	Platform, Community string
	// Answers counts answers given there.
	Answers int
	// Fixed and NotYet count votes cast there.
	Fixed, NotYet int
	// FixedRate is Fixed/(Fixed+NotYet), or 0 when there are no votes.
	FixedRate float64
}

// Dashboard is everything the operator dashboard shows, read from one
// snapshot.
type Dashboard struct {
	Stats
	// Days holds one count per UTC day from the day of Since to the day of
	// Now, oldest first, days without answers included.
	Days []DayCount
	// Communities holds the busiest communities, most answers first, at
	// most MaxCommunities.
	Communities []CommunityStats
	// UnmatchedTexts holds the distinct unmatched texts, most frequent first,
	// at most MaxDashboardUnmatched.
	UnmatchedTexts []UnmatchedStats
	// Tools counts answers per tool, most answers first, at most MaxTools;
	// answers to an unknown tool count under "".
	Tools []ToolCount
}

// ToolCount is the number of answers that went to users of one tool.
type ToolCount struct {
	// Tool is a tool id, or "" for answers whose tool is unknown.
	Tool    string
	Answers int
}

// DashboardReader reads a Dashboard; *SQLite and *Postgres implement it.
type DashboardReader interface {
	// Dashboard summarises everything recorded from since up to now. A
	// zero since is refused: the per-day series needs a start.
	Dashboard(ctx context.Context, since, now time.Time) (Dashboard, error)
}

var (
	_ DashboardReader = (*SQLite)(nil)
	_ DashboardReader = (*Postgres)(nil)
)

// readDashboard reads a Dashboard through q; both backends run the same SQL.
func readDashboard(ctx context.Context, q queryFunc, since, now time.Time) (Dashboard, error) {
	if since.IsZero() || now.Before(since) {
		return Dashboard{}, fmt.Errorf("dashboard window %v to %v: %w", since, now, ErrInvalid)
	}
	st, err := readStats(ctx, q, since)
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Stats: st}
	if d.Days, err = answersPerDay(ctx, q, since, now); err != nil {
		return Dashboard{}, fmt.Errorf("answers per day: %w", err)
	}
	if d.Communities, err = communities(ctx, q, since.UnixNano()); err != nil {
		return Dashboard{}, fmt.Errorf("communities: %w", err)
	}
	if d.UnmatchedTexts, err = topUnmatched(ctx, q, since.UnixNano(), MaxDashboardUnmatched); err != nil {
		return Dashboard{}, fmt.Errorf("unmatched texts: %w", err)
	}
	if d.Tools, err = tools(ctx, q, since.UnixNano()); err != nil {
		return Dashboard{}, fmt.Errorf("tools: %w", err)
	}
	return d, nil
}

// tools counts answers per tool since from, most answers first. The
// answers_tool index hands the rows over in tool order, so the grouping
// sorts nothing but the result.
func tools(ctx context.Context, q queryFunc, from int64) ([]ToolCount, error) {
	r, err := q(ctx, `
		SELECT tool, count(*) FROM answers WHERE at >= ?
		GROUP BY tool ORDER BY count(*) DESC, tool LIMIT ?`, from, MaxTools)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := []ToolCount{}
	for r.Next() {
		var t ToolCount
		if err := r.Scan(&t.Tool, &t.Answers); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, r.Err()
}

// answersPerDay counts answers per UTC day from the day of since to the day
// of now, zero-filled. One range count per day reads the at index alone;
// a single GROUP BY over the window would sort every row.
func answersPerDay(ctx context.Context, q queryFunc, since, now time.Time) ([]DayCount, error) {
	first := since.UTC().Truncate(24 * time.Hour)
	last := now.UTC().Truncate(24 * time.Hour)
	out := []DayCount{}
	for t := first; !t.After(last); t = t.Add(24 * time.Hour) {
		from := max(t.UnixNano(), since.UnixNano())
		n, err := count(ctx, q, `SELECT count(*) FROM answers WHERE at >= ? AND at < ?`, from, t.UnixNano()+day)
		if err != nil {
			return nil, err
		}
		out = append(out, DayCount{Day: t, Answers: n})
	}
	return out, nil
}

// communities lists the busiest communities since from, most answers first.
func communities(ctx context.Context, q queryFunc, from int64) ([]CommunityStats, error) {
	r, err := q(ctx, `
		SELECT platform, community, CAST(sum(answers) AS BIGINT), CAST(sum(fixed) AS BIGINT), CAST(sum(not_yet) AS BIGINT) FROM (
			SELECT platform, community, count(*) AS answers, 0 AS fixed, 0 AS not_yet
			FROM answers WHERE at >= ? GROUP BY platform, community
			UNION ALL
			SELECT platform, community, 0,
				sum(CASE WHEN vote = 'fixed' THEN 1 ELSE 0 END),
				sum(CASE WHEN vote = 'not-yet' THEN 1 ELSE 0 END)
			FROM feedback WHERE at >= ? GROUP BY platform, community
		) AS per_table
		GROUP BY platform, community
		ORDER BY sum(answers) DESC, platform, community
		LIMIT ?`, from, from, MaxCommunities)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := []CommunityStats{}
	for r.Next() {
		var c CommunityStats
		if err := r.Scan(&c.Platform, &c.Community, &c.Answers, &c.Fixed, &c.NotYet); err != nil {
			return nil, err
		}
		if votes := c.Fixed + c.NotYet; votes > 0 {
			c.FixedRate = float64(c.Fixed) / float64(votes)
		}
		out = append(out, c)
	}
	return out, r.Err()
}

// Dashboard summarises everything recorded from since up to now, from one
// read snapshot.
func (s *SQLite) Dashboard(ctx context.Context, since, now time.Time) (d Dashboard, err error) {
	err = s.snapshot(ctx, "dashboard", func(q queryFunc) error {
		d, err = readDashboard(ctx, q, since, now)
		return err
	})
	return d, err
}

// Dashboard summarises everything recorded from since up to now, from one
// repeatable-read snapshot.
func (p *Postgres) Dashboard(ctx context.Context, since, now time.Time) (d Dashboard, err error) {
	err = p.snapshot(ctx, "dashboard", func(q queryFunc) error {
		d, err = readDashboard(ctx, q, since, now)
		return err
	})
	return d, err
}
