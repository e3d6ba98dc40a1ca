package store

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Raw ids as the platforms produce them: Discord snowflakes, Slack ids.
var rawIDs = []struct{ platform, channel, user string }{
	{"discord", "1187263540192837465", "998877665544332211"},
	{"slack", "C07RAWCHANNEL", "U05RAWUSERID"},
}

func recordRaw(t *testing.T, s *SQLite) {
	t.Helper()
	ctx := context.Background()
	for _, id := range rawIDs {
		for range 50 {
			if err := s.RecordAnswer(ctx, Answer{Platform: id.platform, Channel: id.channel, User: id.user, EntryID: "e1", Confidence: 1}); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordFeedback(ctx, Feedback{Platform: id.platform, Channel: id.channel, User: id.user, EntryID: "e1", Vote: VoteFixed}); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordUnmatched(ctx, Unmatched{Platform: id.platform, Channel: id.channel, User: id.user, Text: "redacted error"}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// dbFiles reads the database file and any -wal, -shm or -journal beside it.
func dbFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		b, err := os.ReadFile(path + suffix)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(path+suffix)] = b
	}
	return out
}

func assertNoRawIDs(t *testing.T, files map[string][]byte) {
	t.Helper()
	for name, b := range files {
		for _, id := range rawIDs {
			for _, raw := range []string{id.channel, id.user} {
				if bytes.Contains(b, []byte(raw)) {
					t.Errorf("%s contains raw id %q", name, raw)
				}
			}
		}
	}
}

func TestRawIDsNeverOnDisk(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	recordRaw(t, s)

	// While open, the data sits partly in the WAL.
	open := dbFiles(t, path)
	if len(open[filepath.Base(path)+"-wal"]) == 0 {
		t.Errorf("expected a non-empty WAL while open (WAL mode)")
	}
	assertNoRawIDs(t, open)

	mustClose(t, s)
	closed := dbFiles(t, path)
	if wal := closed[filepath.Base(path)+"-wal"]; len(wal) != 0 {
		t.Errorf("WAL still holds %d bytes after Close; want it checkpointed", len(wal))
	}
	assertNoRawIDs(t, closed)

	// The grep is only meaningful if the data reached the main file: the
	// hashed ids must be there.
	main := closed[filepath.Base(path)]
	h := newHasher(testSalt)
	for _, id := range rawIDs {
		for _, want := range []string{h.id("channel", id.platform, id.channel), h.id("user", id.platform, id.user)} {
			if !bytes.Contains(main, []byte(want)) {
				t.Errorf("database file lacks hashed id %s", want)
			}
		}
	}
	if !bytes.Contains(main, []byte("redacted error")) {
		t.Error("database file lacks the unmatched text; was it written?")
	}
}

func TestFileMode(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	recordRaw(t, s)
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s mode %v, want no group/other access", filepath.Base(p), perm)
		}
	}
}

func TestHasher(t *testing.T) {
	h := newHasher(testSalt)
	got := h.id("user", "discord", "998877665544332211")
	if len(got) != 32 {
		t.Fatalf("hash %q: len %d, want 32 hex chars (16 bytes)", got, len(got))
	}
	if _, err := hex.DecodeString(got); err != nil {
		t.Fatalf("hash %q not hex: %v", got, err)
	}
	tests := []struct {
		name                string
		salt                []byte
		kind, platform, raw string
		same                bool
	}{
		{"same input", testSalt, "user", "discord", "998877665544332211", true},
		{"other salt", []byte("another-salt-of-16+bytes"), "user", "discord", "998877665544332211", false},
		{"other kind", testSalt, "channel", "discord", "998877665544332211", false},
		{"other platform", testSalt, "user", "slack", "998877665544332211", false},
		{"other id", testSalt, "user", "discord", "998877665544332212", false},
		{"no separator confusion", testSalt, "user", "discord9", "98877665544332211", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			other := newHasher(tc.salt).id(tc.kind, tc.platform, tc.raw)
			if (other == got) != tc.same {
				t.Errorf("hash %s vs %s: same=%v, want %v", other, got, other == got, tc.same)
			}
		})
	}
	if h.id("user", "discord", "") != "" {
		t.Error("empty id should stay empty")
	}
	if strings.Contains(got, "998877") {
		t.Error("hash leaks the id")
	}
}

func TestSaltCopied(t *testing.T) {
	salt := bytes.Clone(testSalt)
	s, err := OpenSQLite(context.Background(), ":memory:", salt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := s.hash.id("user", "discord", "1")
	salt[0] ^= 0xff // the caller reusing its buffer must not change hashes
	if after := s.hash.id("user", "discord", "1"); after != before {
		t.Error("store did not copy the salt")
	}
}
