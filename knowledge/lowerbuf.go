package knowledge

import (
	"strings"
	"unsafe"
)

// lowerOf returns text with its ASCII capitals lower-cased, written into
// the scratch's buffer, or text itself when it has no capital. Matching a
// paste thus allocates no copy of it. The string is valid until the next
// paste: what outlives the match is detached first (see Result.detach).
func (sc *scratch) lowerOf(text string) string {
	i := firstUpper(text)
	if i == len(text) {
		return text
	}
	if cap(sc.lowerBuf) < len(text) {
		sc.lowerBuf = make([]byte, len(text))
	}
	b := sc.lowerBuf[:len(text)]
	lowerInto(b, text, i)
	return unsafe.String(&b[0], len(b))
}

// detach returns s, copied when it points into the scratch's buffer.
func (sc *scratch) detach(s string) string {
	if s == "" || cap(sc.lowerBuf) == 0 {
		return s
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	b := uintptr(unsafe.Pointer(unsafe.SliceData(sc.lowerBuf)))
	if p >= b && p < b+uintptr(cap(sc.lowerBuf)) {
		return strings.Clone(s)
	}
	return s
}

// detach copies every string of r that points into the scratch's
// buffer, so that r stays as it is when the scratch reads the next paste.
// TestResultOutlivesScratch checks that it misses no field.
func (r *Result) detach(sc *scratch) {
	d := sc.detach
	r.Tool, r.Model = d(r.Tool), d(r.Model)
	f := &r.Facts
	for _, s := range []*string{
		&f.Code, &f.Message, &f.Provider, &f.ProviderMessage, &f.ProviderType, &f.Model, &f.Limit,
		&f.FinishReason, &f.BaseURL, &f.PathProblem, &f.Endpoint, &f.Tool, &f.ToolVersion, &f.Exception, &f.Origin,
	} {
		*s = d(*s)
	}
}
