package knowledge

// fieldLines records the file line of each front-matter key an entry
// gives, for lint messages: a line per known key (0 for a key not given),
// far smaller than a map from key to line.
type fieldLines [fieldCount]int32

// fieldCount is the number of front-matter keys, required and optional.
const fieldCount = 14

// fieldIndex returns key's position among the known keys, or -1.
func fieldIndex(key string) int {
	for i, k := range requiredFields {
		if k == key {
			return i
		}
	}
	for i, k := range optionalFields {
		if k == key {
			return len(requiredFields) + i
		}
	}
	return -1
}

// set records key's line (a line from 1 on); unknown keys are ignored.
func (f *fieldLines) set(key string, line int) {
	if i := fieldIndex(key); i >= 0 {
		f[i] = int32(line)
	}
}

// has reports whether key was given.
func (f *fieldLines) has(key string) bool { return f.at(key) > 0 }

// at returns key's line, or 0 when it was not given.
func (f *fieldLines) at(key string) int {
	if i := fieldIndex(key); i >= 0 {
		return int(f[i])
	}
	return 0
}
