package knowledge

import (
	"encoding/json"
	"reflect"
	"testing"
	"unsafe"
)

// TestResultOutlivesScratch matches every labelled paste with one scratch,
// as a pooled scratch serves paste after paste, and checks that no string
// of a result points into the scratch's lower-cased buffer (every field,
// found by reflection, so a new one cannot be forgotten), and that a
// result reads the same after the scratch has read the next paste.
func TestResultOutlivesScratch(t *testing.T) {
	kb := mustDefault(t)
	sc := &scratch{}
	texts := hotPathTexts(t)
	var prev Result
	var prevJSON []byte
	checked := 0
	for i, text := range texts {
		if len(text) > MaxMatchInput {
			text = text[:MaxMatchInput]
		}
		res, _ := kb.evidence(sc, text, 3)
		if i > 0 {
			if got, _ := json.Marshal(prev); string(got) != string(prevJSON) {
				t.Fatalf("result of paste %d changed when the scratch read the next:\n got %s\nwant %s", i-1, got, prevJSON)
			}
		}
		if firstUpper(text) < len(text) {
			checked++
			forEachString(reflect.ValueOf(&res).Elem(), "Result", func(path, s string) {
				if inBuffer(sc.lowerBuf, s) {
					t.Fatalf("%s = %q points into the scratch's buffer (paste %q)", path, s, clip(text, 80))
				}
			})
		}
		prev = res
		prevJSON, _ = json.Marshal(res)
	}
	if checked < 500 {
		t.Fatalf("only %d pastes had capitals; the check needs many", checked)
	}
}

// TestDetachCopiesBufferStrings checks the check: a string cut from the
// buffer is detached into a copy, one from elsewhere is kept.
func TestDetachCopiesBufferStrings(t *testing.T) {
	sc := &scratch{}
	text := "Error: Model Not Found"
	lower := sc.lowerOf(text)
	if lower != "error: model not found" {
		t.Fatalf("lowerOf = %q", lower)
	}
	inside := lower[7:12]
	if !inBuffer(sc.lowerBuf, inside) {
		t.Fatal("a slice of lowerOf's result is not seen in the buffer")
	}
	got := sc.detach(inside)
	if got != "model" || inBuffer(sc.lowerBuf, got) {
		t.Fatalf("detach = %q (in buffer: %v), want a copy of %q", got, inBuffer(sc.lowerBuf, got), "model")
	}
	if outside := text[7:12]; unsafe.StringData(sc.detach(outside)) != unsafe.StringData(outside) {
		t.Fatal("detach copied a string that is not in the buffer")
	}
	if s := "no capitals here"; unsafe.StringData(sc.lowerOf(s)) != unsafe.StringData(s) {
		t.Fatal("lowerOf copied a paste with no capital")
	}
}

func inBuffer(buf []byte, s string) bool {
	if s == "" || cap(buf) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	b := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	return p >= b && p < b+uintptr(cap(buf))
}

// forEachString calls fn with every string reachable in v (structs,
// slices, pointers), skipping the entries the matches point to: they
// belong to the knowledge base.
func forEachString(v reflect.Value, path string, fn func(path, s string)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).Type == reflect.TypeFor[*Entry]() {
				continue
			}
			forEachString(v.Field(i), path+"."+v.Type().Field(i).Name, fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			forEachString(v.Index(i), path+"[]", fn)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			forEachString(v.Elem(), path, fn)
		}
	}
}
