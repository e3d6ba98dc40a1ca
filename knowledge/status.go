package knowledge

import "slices"

// statusTable holds every entry's HTTP statuses in one flat array, so the
// matcher reads them for thousands of candidates without visiting each
// Entry.
type statusTable struct {
	off   []uint32 // entry i's codes are codes[off[i]:off[i+1]]
	codes []int32
}

func buildStatusTable(entries []*Entry) statusTable {
	t := statusTable{off: make([]uint32, 1, len(entries)+1)}
	for _, e := range entries {
		for _, s := range e.Status {
			t.codes = append(t.codes, int32(s))
		}
		t.off = append(t.off, uint32(len(t.codes)))
	}
	return t
}

// check reports whether entry lists any status, and whether status is
// one of them.
func (t *statusTable) check(entry int32, status int) (listed, hit bool) {
	codes := t.codes[t.off[entry]:t.off[entry+1]]
	return len(codes) > 0, slices.Contains(codes, int32(status))
}
