package seal

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// testKeyHex is a fixed raw key for the tests.
const testKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func mustKey(t *testing.T, s string) *Key {
	t.Helper()
	k, err := ParseKey(s)
	if err != nil {
		t.Fatalf("ParseKey: %v", err)
	}
	return k
}

func TestParseKey(t *testing.T) {
	raw, _ := hex.DecodeString(testKeyHex)
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"hex", testKeyHex, true},
		{"hex upper", strings.ToUpper(testKeyHex), true},
		{"base64", base64.StdEncoding.EncodeToString(raw), true},
		{"base64 raw url", base64.RawURLEncoding.EncodeToString(raw), true},
		{"surrounding space", " " + testKeyHex + "\n", true},
		{"long passphrase", "correct horse battery staple, and then some more", true},
		{"empty", "", false},
		{"short", "hunter2", false},
		{"31 characters", strings.Repeat("x", 31), false},
		{"base64 of 16 bytes", base64.StdEncoding.EncodeToString(raw[:16]), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseKey(tc.in)
			if tc.ok != (err == nil) {
				t.Fatalf("ParseKey(%q) error %v, want ok=%v", tc.in, err, tc.ok)
			}
			if err != nil {
				if !errors.Is(err, ErrKey) {
					t.Errorf("error %v is not ErrKey", err)
				}
				if tc.in != "" && strings.Contains(err.Error(), tc.in) {
					t.Errorf("error quotes the key: %v", err)
				}
				return
			}
			if k.aead == nil {
				t.Fatal("no cipher")
			}
		})
	}
}

// TestEncodingsAgree: one key written in hex or base64 opens the same values.
func TestEncodingsAgree(t *testing.T) {
	raw, _ := hex.DecodeString(testKeyHex)
	sealed, err := mustKey(t, testKeyHex).Seal([]byte("xoxb-1"), []byte("T1"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := mustKey(t, base64.StdEncoding.EncodeToString(raw)).Open(sealed, []byte("T1"))
	if err != nil || string(got) != "xoxb-1" {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestSealRoundTrip(t *testing.T) {
	k := mustKey(t, testKeyHex)
	secret := []byte("xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy")
	a, err := k.Seal(secret, []byte("T0001"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := k.Seal(secret, []byte("T0001"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Error("two seals of one secret are equal: the nonce is not random")
	}
	if bytes.Contains(a, secret) || bytes.Contains(a, []byte("pdFZKVeTuE8sk7oOcBrzbqgy")) {
		t.Error("the sealed value holds the secret in the clear")
	}
	got, err := k.Open(a, []byte("T0001"))
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestOpenRefuses(t *testing.T) {
	k := mustKey(t, testKeyHex)
	sealed, err := k.Seal([]byte("xoxb-secret"), []byte("T0001"))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(sealed)
	flipped[len(flipped)-1] ^= 1
	badVersion := bytes.Clone(sealed)
	badVersion[0] = 9
	other := mustKey(t, "another secret of more than thirty-two characters")
	tests := []struct {
		name   string
		key    *Key
		sealed []byte
		ad     string
	}{
		{"wrong key", other, sealed, "T0001"},
		{"other team", k, sealed, "T0002"},
		{"altered", k, flipped, "T0001"},
		{"unknown version", k, badVersion, "T0001"},
		{"truncated", k, sealed[:10], "T0001"},
		{"empty", k, nil, "T0001"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.key.Open(tc.sealed, []byte(tc.ad))
			if !errors.Is(err, ErrOpen) {
				t.Fatalf("Open = %q, %v; want ErrOpen", got, err)
			}
			if !strings.Contains(err.Error(), "ORFIX_SECRET_KEY") {
				t.Errorf("error %q does not point at the key", err)
			}
		})
	}
}

func TestDeriveIndependent(t *testing.T) {
	k := mustKey(t, testKeyHex)
	a, err := k.Derive("purpose a", 32)
	if err != nil {
		t.Fatal(err)
	}
	b, err := k.Derive("purpose b", 32)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := hex.DecodeString(testKeyHex)
	if bytes.Equal(a, b) || bytes.Equal(a, raw) {
		t.Error("derived keys are not independent")
	}
	again, _ := mustKey(t, testKeyHex).Derive("purpose a", 32)
	if !bytes.Equal(a, again) {
		t.Error("derivation is not deterministic")
	}
}

func TestKeyNeverPrinted(t *testing.T) {
	k := mustKey(t, testKeyHex)
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s", k, k, k, k)} {
		if strings.Contains(s, "0102030405") || strings.Contains(strings.ToLower(s), hex.EncodeToString(k.master)[:10]) {
			t.Errorf("key printed: %s", s)
		}
	}
}
