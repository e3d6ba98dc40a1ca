package knowledge

// shareNames points the texts of the entries this knowledge base packed
// at the autocomplete tables' copies: each title, each signature that is
// a bare phrase (no status codes or weak mark, so its text is its
// phrase), and the index's signature phrases. The tables hold every
// distinct name once in one buffer; without this, the entries would keep
// a second copy. Only equal strings are swapped, and a list another entry
// may hold is never written: it is replaced by a new one, which every
// entry that held it gets.
func (kb *KB) shareNames() {
	if kb.texts == nil {
		return
	}
	phrases := make(map[string]string, len(kb.phrases.chars))
	for d := range kb.phrases.chars {
		s := kb.phrases.distinct(int32(d))
		phrases[s] = s
	}
	for i := range kb.idx.sigs {
		if c, ok := phrases[kb.idx.sigs[i].text]; ok {
			kb.idx.sigs[i].text = c
		}
	}
	type list struct {
		first *string
		n     int
	}
	replaced := map[list][]string{} // a list -> its new one
	for i, e := range kb.entries {
		if e.packed.cache != kb.texts {
			continue // an entry another knowledge base packed, or plain
		}
		if c := kb.titles.String(i); c == e.Title {
			e.Title = c
		}
		if len(e.Signatures) == 0 {
			continue
		}
		key := list{&e.Signatures[0], len(e.Signatures)}
		if l, ok := replaced[key]; ok {
			e.Signatures = l
			continue
		}
		l := make([]string, len(e.Signatures))
		for j, s := range e.Signatures {
			l[j] = s
			if c, ok := phrases[s]; ok {
				l[j] = c
			}
		}
		replaced[key] = l
		e.Signatures = l
	}
}
