package knowledge

import "strings"

// factKeys are the key names readFacts looks up in a whole paste.
var factKeys = [...]string{"error", "message", "code", "provider_name", "raw", "finish_reason", "model", "max_tokens"}

// keySpotCap is how many places per key name keySpots records; past it,
// lookups fall back to scanning (a paste with that many is rare).
const keySpotCap = 8

// keySpots records where each of factKeys appears as a key (the name,
// then quotes, then spaces, then ':' or '=', as keyIndex reads keys) in
// one lower-cased text. It is found in one pass over the text's ':' and
// '=' signs, so a dozen lookups cost one scan, not a dozen.
type keySpots struct {
	lower string
	n     [len(factKeys)]uint8
	full  [len(factKeys)]bool
	at    [len(factKeys)][keySpotCap]int32
}

// scan records the key spots of lower.
func (ks *keySpots) scan(lower string) {
	*ks = keySpots{lower: lower}
	colon, eq := strings.IndexByte(lower, ':'), strings.IndexByte(lower, '=')
	for colon >= 0 || eq >= 0 {
		var i int
		if eq < 0 || colon >= 0 && colon < eq {
			i = colon
			if j := strings.IndexByte(lower[i+1:], ':'); j >= 0 {
				colon = i + 1 + j
			} else {
				colon = -1
			}
		} else {
			i = eq
			if j := strings.IndexByte(lower[i+1:], '='); j >= 0 {
				eq = i + 1 + j
			} else {
				eq = -1
			}
		}
		ks.add(i)
	}
}

// add records the key that the sign at i closes, if it is one of factKeys.
func (ks *keySpots) add(i int) {
	lower := ks.lower
	k := i
	for k > 0 && lower[k-1] == ' ' {
		k--
	}
	for k > 0 && (lower[k-1] == '"' || lower[k-1] == '\'' || lower[k-1] == '\\') {
		k--
	}
	end := k
	for k > 0 && isWordByte(lower[k-1]) {
		k--
	}
	if end-k < 3 || end-k > len("finish_reason") {
		return
	}
	name := lower[k:end]
	for id, key := range factKeys {
		if key != name {
			continue
		}
		if ks.n[id] == keySpotCap {
			ks.full[id] = true
			return
		}
		ks.at[id][ks.n[id]] = int32(k)
		ks.n[id]++
		return
	}
}

// index returns the offset of the first key name at or after from, as
// keyIndex(ks.lower, name, from) does.
func (ks *keySpots) index(name string, from int) int {
	id := -1
	for i, key := range factKeys {
		if key == name {
			id = i
			break
		}
	}
	if id < 0 {
		return keyIndex(ks.lower, name, from)
	}
	for _, at := range ks.at[id][:ks.n[id]] {
		if int(at) >= from {
			return int(at)
		}
	}
	if ks.full[id] {
		return keyIndex(ks.lower, name, max(from, int(ks.at[id][keySpotCap-1])+1))
	}
	return -1
}
