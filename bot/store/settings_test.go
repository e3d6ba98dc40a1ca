package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

// setSettings replaces a community's settings with st, recording c.
func setSettings(ctx context.Context, s SettingsStore, platform, community string, st Settings, c SettingsChange) error {
	return s.UpdateSettings(ctx, platform, community, func(Settings) (Settings, SettingsChange, bool, error) {
		return st, c, true, nil
	})
}

// TestSettingsRoundTrip stores, reads back and replaces a community's
// settings on every backend, and keeps communities and platforms apart.
func TestSettingsRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		target := b.newDB(t)
		s := openTarget(t, target).(SettingsStore)
		got, err := s.Settings(ctx, "discord", "1200000000000000002")
		if err != nil || !got.IsZero() {
			t.Fatalf("fresh community: %+v, %v; want unset", got, err)
		}
		steps := []struct {
			name string
			set  Settings
		}{
			{"listen and support", Settings{Listen: []string{"1300000000000000003"}, Support: ptr("<@&1500000000000000005>")}},
			{"everything", Settings{Listen: []string{"1300000000000000003", "1300000000000000004"}, Support: ptr(""),
				ModChannel: ptr("1300000000000000055"), Threads: ptr(true), Eagerness: ptr("quiet")}},
			{"listen nowhere, threads off", Settings{Listen: []string{}, Threads: ptr(false)}},
		}
		for _, st := range steps {
			at := base.Add(time.Minute)
			if err := setSettings(ctx, s, "discord", "1200000000000000002", st.set, SettingsChange{At: at, User: "1400000000000000004", Field: st.name, Old: "a", New: "b"}); err != nil {
				t.Fatalf("%s: setSettings: %v", st.name, err)
			}
			got, err := s.Settings(ctx, "discord", "1200000000000000002")
			if err != nil {
				t.Fatal(err)
			}
			want := st.set
			want.UpdatedAt = at
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: read back %+v, want %+v", st.name, got, want)
			}
		}
		for _, other := range [][2]string{{"discord", "1200000000000000009"}, {"slack", "1200000000000000002"}} {
			if got, err := s.Settings(ctx, other[0], other[1]); err != nil || !got.IsZero() {
				t.Errorf("%v sees another community's settings: %+v, %v", other, got, err)
			}
		}
		// A second connection (another replica) reads the same.
		s2 := openTarget(t, target).(SettingsStore)
		if got, err := s2.Settings(ctx, "discord", "1200000000000000002"); err != nil || got.Listen == nil || len(got.Listen) != 0 {
			t.Errorf("another store on the database: %+v, %v", got, err)
		}
	})
}

// TestSettingsRefused refuses what cannot be stored, with ErrInvalid.
func TestSettingsRefused(t *testing.T) {
	s := openTest(t, testPath(t))
	ctx := context.Background()
	tests := []struct {
		name                string
		platform, community string
		set                 Settings
	}{
		{"no community", "discord", "", Settings{}},
		{"no platform", "", "1", Settings{}},
		{"blank channel", "discord", "1", Settings{Listen: []string{""}}},
		{"space in a channel", "discord", "1", Settings{Listen: []string{"a b"}}},
		{"huge value", "discord", "1", Settings{Support: ptr(strings.Repeat("x", maxSettingText+1))}},
	}
	for _, tc := range tests {
		if err := setSettings(ctx, s, tc.platform, tc.community, tc.set, SettingsChange{User: "u"}); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err %v, want ErrInvalid", tc.name, err)
		}
	}
	_ = s.Close()
	if _, err := s.Settings(ctx, "discord", "1"); !errors.Is(err, ErrClosed) {
		t.Errorf("closed store: %v", err)
	}
}

// TestSettingsHistoryHashed keeps a change history with the community and
// the user hashed; the values stay raw.
// TestUpdateSettingsConcurrent runs many read-modify-write updates of one
// community at once, each adding its own channel, through two handles on
// one database (two replicas): every channel must survive.
func TestUpdateSettingsConcurrent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		target := b.newDB(t)
		replicas := []SettingsStore{openTarget(t, target).(SettingsStore), openTarget(t, target).(SettingsStore)}
		const n = 16
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				ch := fmt.Sprintf("13000000000000000%02d", i)
				errs <- replicas[i%2].UpdateSettings(context.Background(), "discord", "1200000000000000002",
					func(cur Settings) (Settings, SettingsChange, bool, error) {
						cur.Listen = append(cur.Listen, ch)
						return cur, SettingsChange{User: "u", Field: "listen", Old: "-", New: ch}, true, nil
					})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("UpdateSettings: %v", err)
			}
		}
		got, err := replicas[0].Settings(context.Background(), "discord", "1200000000000000002")
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Listen) != n {
			t.Errorf("%d channels survived %d concurrent updates: %v", len(got.Listen), n, got.Listen)
		}

		// An update that declines or fails stores nothing.
		boom := errors.New("boom")
		for _, tc := range []struct {
			ok      bool
			err     error
			wantErr error
		}{{ok: false}, {ok: true, err: boom, wantErr: boom}} {
			err := replicas[1].UpdateSettings(context.Background(), "discord", "1200000000000000002",
				func(cur Settings) (Settings, SettingsChange, bool, error) {
					return Settings{Listen: []string{}}, SettingsChange{User: "u"}, tc.ok, tc.err
				})
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Errorf("update ok=%v err=%v: got %v", tc.ok, tc.err, err)
			}
		}
		if got, _ := replicas[0].Settings(context.Background(), "discord", "1200000000000000002"); len(got.Listen) != n {
			t.Errorf("a declined or failed update changed the settings: %v", got.Listen)
		}
	})
}

func TestSettingsHistoryHashed(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	ctx := context.Background()
	const guild, user = "1187263540192837465", "998877665544332211"
	for i, ch := range []string{"1300000000000000003", "1300000000000000004"} {
		err := setSettings(ctx, s, "discord", guild, Settings{Listen: []string{ch}}, SettingsChange{User: user, Field: "listen", Old: "-", New: "<#" + ch + ">", At: base.Add(time.Duration(i) * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	var comm, by, listen string
	if err := db.QueryRow(`SELECT count(*), min(community), min(changed_by) FROM settings_changes`).Scan(&n, &comm, &by); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT listen FROM community_settings`).Scan(&listen); err != nil {
		t.Fatal(err)
	}
	if n != 2 || comm == guild || by == user || len(comm) != 32 || len(by) != 32 {
		t.Errorf("history: %d rows, community %q, by %q; want 2 rows with hashed ids", n, comm, by)
	}
	if listen != "1300000000000000004" {
		t.Errorf("listen stored as %q, want the raw channel id", listen)
	}
}

// TestPostgresWatchSettings: a change through one store reaches a watcher
// on another connection at once.
func TestPostgresWatchSettings(t *testing.T) {
	target := newPostgresDB(t)
	a := openTarget(t, target).(*Postgres)
	b := openTarget(t, target).(*Postgres)
	ctx, cancel := context.WithCancel(context.Background())
	changed := make(chan struct{}, 16)
	done := make(chan error, 1)
	go func() { done <- b.WatchSettings(ctx, func() { changed <- struct{}{} }) }()
	select {
	case <-changed: // the first call: listening
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher never started listening")
	}
	start := time.Now()
	if err := setSettings(context.Background(), a, "slack", "T0001", Settings{Threads: ptr(false)}, SettingsChange{User: "U1", Field: "threads"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
		t.Logf("notified %v after the change", time.Since(start))
	case <-time.After(10 * time.Second):
		t.Fatal("no notification of the change")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("WatchSettings after cancel: %v", err)
	}
}
