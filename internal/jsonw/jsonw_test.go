package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
)

// encodingJSON is what encoding/json writes for s.
func encodingJSON(t testing.TB, s string, html bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and \ backslash`, "<b>&amp;</b>", "tab\tnew\nline\r",
		"\b\f\x00\x01\x1f\x7f", "bad \xff utf-8 \xc3", "line\u2028para\u2029", "é ü 日本 🎉",
	} {
		for _, html := range []bool{false, true} {
			got := AppendString([]byte("x"), s, html)
			want := append([]byte("x"), encodingJSON(t, s, html)...)
			if !bytes.Equal(got, want) {
				t.Errorf("AppendString(%q, html=%v) = %s, want %s", s, html, got, want)
			}
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "<a>", "\xff", "\u2028", "\x00\"\\"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, html bool) {
		if got, want := AppendString(nil, s, html), encodingJSON(t, s, html); !bytes.Equal(got, want) {
			t.Fatalf("AppendString(%q, %v) = %s, want %s", s, html, got, want)
		}
	})
}

func TestObjectMatchesEncodingJSON(t *testing.T) {
	type shape struct {
		A string `json:"a,omitempty"`
		N int64  `json:"n,omitempty"`
		B string `json:"b,omitempty"`
	}
	for _, v := range []shape{{}, {A: "x"}, {N: -3}, {B: "<y>"}, {A: "a\"b", N: 42, B: "é"}} {
		o := Object{B: append([]byte("x"), '{')}
		o.String("a", v.A, true)
		o.Int("n", v.N)
		o.String("b", v.B, true)
		got := append(o.B, '}')
		enc, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if want := append([]byte("x"), enc...); !bytes.Equal(got, want) {
			t.Errorf("Object(%+v) = %s, want %s", v, got, want)
		}
	}
}
