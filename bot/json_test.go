package bot

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/orfix/orfix/knowledge"
)

// marshalBoth returns m encoded by AppendJSON and by encoding/json.
func marshalBoth(t testing.TB, m MatchJSON) (got, want []byte) {
	t.Helper()
	got, err := m.AppendJSON(nil)
	if err != nil {
		t.Fatalf("AppendJSON: %v", err)
	}
	want, err = json.Marshal(m)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return got, want
}

// trickyStrings hold every class of character encoding/json escapes.
var trickyStrings = []string{
	"",
	"plain text",
	`quote " and backslash \ and slash /`,
	"<script>alert('x')</script> & more",
	"tabs\tnew\nlines\rcarriage\bback\fform",
	"\x00\x01\x07\x1f\x7f",
	"line\u2028sep\u2029para",
	"bad utf-8 \xff\xfe end \xc3",
	"emoji 🙂 and accents é ü",
	"sk-or-v1-…[redacted]…cdef",
}

func TestMatchJSONAppendEqualsMarshal(t *testing.T) {
	inc := &Incident{EntryID: "openrouter-429-upstream", Started: time.Date(2026, 5, 1, 12, 0, 0, 123, time.UTC), Answers: 4, Channels: 2, Peak: 5, Baseline: 0.25, Source: SourceTraffic}
	tests := []struct {
		name string
		m    MatchJSON
	}{
		{"zero", MatchJSON{}},
		{"no results", MatchJSON{Results: []MatchResult{}}},
		{"matched", MatchJSON{Matched: true, Ambiguous: true, Secrets: 2, Redacted: "key <sk-or-…>", Results: []MatchResult{
			{ID: "openrouter-401-invalid-key", Title: "Invalid key & more", Score: 0.913, URL: "https://example.test/kb/openrouter-401-invalid-key?a=1&b=2"},
			{ID: "b", Title: "B", Score: 0, URL: ""},
			{ID: "c", Title: "C", Score: 1, URL: "/kb/c"},
			{ID: "d", Title: "D", Score: 1e-7},
			{ID: "e", Title: "E", Score: 2.5e21},
			{ID: "f", Title: "F", Score: -0.333},
			{ID: "g", Title: "G", Score: 1.0 / 3},
		}, Facts: knowledge.Facts{Status: 429, Message: "Rate limited <upstream>", Model: "openai/gpt-4o:free"}}},
		{"incident", MatchJSON{Matched: true, Results: []MatchResult{}, Incident: inc}},
	}
	for _, s := range trickyStrings {
		tests = append(tests, struct {
			name string
			m    MatchJSON
		}{"string " + s, MatchJSON{Redacted: s, Results: []MatchResult{{ID: s, Title: s, URL: s}}, Facts: knowledge.Facts{Message: s}}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := marshalBoth(t, tt.m)
			if !bytes.Equal(got, want) {
				t.Errorf("AppendJSON\n got %s\nwant %s", got, want)
			}
		})
	}
}

// TestFactsAppendCoversEveryField sets each field of knowledge.Facts in
// turn, and all at once: a field added to Facts and not to appendFactsJSON
// fails here.
func TestFactsAppendCoversEveryField(t *testing.T) {
	typ := reflect.TypeFor[knowledge.Facts]()
	set := func(v reflect.Value, i int) {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("v<" + typ.Field(i).Name + ">")
		case reflect.Int:
			f.SetInt(int64(100 + i))
		default:
			t.Fatalf("Facts.%s has kind %s: teach appendFactsJSON and this test about it", typ.Field(i).Name, f.Kind())
		}
	}
	var all knowledge.Facts
	for i := range typ.NumField() {
		var one knowledge.Facts
		set(reflect.ValueOf(&one).Elem(), i)
		set(reflect.ValueOf(&all).Elem(), i)
		got, want := marshalBoth(t, MatchJSON{Facts: one})
		if !bytes.Equal(got, want) {
			t.Errorf("Facts.%s:\n got %s\nwant %s", typ.Field(i).Name, got, want)
		}
	}
	got, want := marshalBoth(t, MatchJSON{Facts: all})
	if !bytes.Equal(got, want) {
		t.Errorf("every fact:\n got %s\nwant %s", got, want)
	}
}

func TestMatchJSONAppendRefusesNaN(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := (MatchJSON{Results: []MatchResult{{Score: f}}}).AppendJSON(nil); err == nil {
			t.Errorf("score %v: no error", f)
		}
	}
}

func FuzzMatchJSONAppend(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s, 0.5, 429)
	}
	f.Fuzz(func(t *testing.T, s string, score float64, status int) {
		if math.IsInf(score, 0) || math.IsNaN(score) {
			return
		}
		m := MatchJSON{Matched: true, Redacted: s, Results: []MatchResult{{ID: s, Title: s, Score: score, URL: s}}, Facts: knowledge.Facts{Status: status, Code: s, Origin: s}}
		got, want := marshalBoth(t, m)
		if !bytes.Equal(got, want) {
			t.Errorf("AppendJSON\n got %s\nwant %s", got, want)
		}
	})
}
