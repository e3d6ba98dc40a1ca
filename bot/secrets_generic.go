package bot

// Generic secrets: a random-looking value assigned to a secret name
// ("name = value", "name: value", "--name value").

import "strings"

// keywordAt reports whether the anchor byte at i is part of a secret keyword:
// toKen, api_Key, api-Key, apiKey, seCret, passWord, passWd, aUth.
func keywordAt(t string, i int) bool {
	switch t[i] | 0x20 {
	case 'k':
		if i >= 2 && hasPrefixFold(t[i-2:], "token") {
			return true
		}
		if !hasPrefixFold(t[i:], "key") {
			return false
		}
		if i >= 3 && hasPrefixFold(t[i-3:], "api") {
			return true
		}
		return i >= 4 && (t[i-1] == '_' || t[i-1] == '-') && hasPrefixFold(t[i-4:], "api")
	case 'c':
		return i >= 2 && hasPrefixFold(t[i-2:], "secret")
	case 'w':
		return i >= 4 && hasPrefixFold(t[i-4:], "passw")
	case 'u':
		return i >= 1 && hasPrefixFold(t[i-1:], "auth")
	}
	return false
}

// nameAt expands the name around a keyword at i and, when it names a secret,
// checks the value assigned to it.
func (s *scanner) nameAt(i int) {
	t := s.text
	ns, ne := i, i
	for ns > 0 && isNameChar(t[ns-1]) {
		ns--
	}
	for ne < len(t) && isNameChar(t[ne]) {
		ne++
	}
	s.nameEnd = ne
	if secretName(t[ns:ne]) {
		s.assigned(ns, ne)
	}
}

// secretKeywords are the name parts that mark a secret.
// secretName relies on their order (by first letter).
var secretKeywords = [...]string{"api_key", "apikey", "api-key", "auth", "token", "secret", "password", "passwd"}

// secretName reports whether a name (OPENROUTER_API_KEY, x-api-key, authToken,
// client_secret) holds a secret: one of secretKeywords not followed by more
// of the same word (tokenizer, author, max_tokens), and not ending in a part
// that makes it metadata (token_type, api_key_id, secret_name).
func secretName(name string) bool {
	ok := false
	for off := 0; off < len(name) && !ok; off++ {
		var kws []string
		switch name[off] | 0x20 {
		case 'a':
			kws = secretKeywords[:4]
		case 't':
			kws = secretKeywords[4:5]
		case 's':
			kws = secretKeywords[5:6]
		case 'p':
			kws = secretKeywords[6:]
		}
		for _, kw := range kws {
			if hasPrefixFold(name[off:], kw) {
				a := off + len(kw)
				ok = a == len(name) || !isLetter(name[a]) || (isLower(name[a-1]) && isUpper(name[a]))
				break
			}
		}
	}
	return ok && !oneOfFold(lastNamePart(name), metadataParts[:])
}

// metadataParts end names that describe a secret rather than hold one.
var metadataParts = [...]string{"id", "ids", "count", "type", "types", "usage", "limit", "limits",
	"url", "uri", "endpoint", "name", "names", "file", "path", "len", "length", "expiry", "expires",
	"ttl", "header", "env", "var", "field", "param", "source", "hint", "prefix", "suffix", "hash",
	"format", "method"}

// lastNamePart returns the last word of a snake, kebab, dotted or camel name.
func lastNamePart(name string) string {
	e := len(name)
	for e > 0 && !isLetter(name[e-1]) {
		e--
	}
	b := e
	for b > 0 && isLetter(name[b-1]) {
		b--
		if isUpper(name[b]) && b+1 < e && isLower(name[b+1]) {
			break
		}
	}
	return name[b:e]
}

// assigned parses "name=value", "name: value", "\"name\": \"value\"",
// "--name value" and the like after a secret name at t[ns:ne].
func (s *scanner) assigned(ns, ne int) {
	t := s.text
	j := skipQuote(t, ne)
	quotedName := j > ne
	j = skipBlanks(t, j)
	if k := typeWord(t, j); k > j {
		j = skipBlanks(t, k) // var xToken string = "v"
	}
	switch {
	case strings.HasPrefix(t[j:], ":=") || strings.HasPrefix(t[j:], "=>"):
		j += 2
	case j < len(t) && (t[j] == '=' || t[j] == ':'):
		j = operatorEnd(t, j)
	case j < len(t) && opPrefix(t[j]) && operatorEnd(t, j) > j+1:
		j = operatorEnd(t, j) // X ?= v, X .= v, X ::= v
	case quotedName && j < len(t) && t[j] == ',':
		j++ // setProperty("X_TOKEN", "v")
	case ns > 0 && t[ns-1] == '<' && j < len(t) && t[j] == '>':
		j++ // <xToken>v</xToken>
		for j < len(t) && (t[j] == ' ' || t[j] == '\n' || t[j] == '\t' || t[j] == '\r') {
			j++
		}
	case t[ns] == '-' && j > ne && j < len(t) && t[j-1] == ' ':
		// --api-key VALUE
	default:
		return
	}
	j = skipBlanks(t, j)
	q := byte(0)
	if k := skipQuote(t, j); k > j {
		q, j = t[k-1], k
	}
	end := j
	for end < len(t) && !valueStop(t[end], q) {
		end++
	}
	s.nameEnd = max(s.nameEnd, end)
	for q == 0 && end > j && t[end-1] == '.' {
		end--
	}
	val := t[j:end]
	strong := q != 0 || envName(t, ns, ne)
	if (secretLike(val) || strong && credentialLike(val)) && !maskedAfter(t, end) && !notSecretName(t[ns:ne]) &&
		!vendorPrefixed(val) && (end == len(t) || t[end] != '<') {
		s.add(candidate{start: j, end: end, kind: kindGeneric, prio: prioAssigned, tail: tailFor(val)})
	}
}

// opPrefix reports whether c may start an assignment operator that ends
// in '=' (?=, .=, +=, ::=, :::=).
func opPrefix(c byte) bool { return c == '?' || c == '.' || c == '+' || c == ':' }

// operatorEnd returns where the assignment operator starting at j ends: past
// up to three operator bytes and the '=' that closes them ("::=", "?="), or
// past the single ':' or '=' at j.
func operatorEnd(t string, j int) int {
	k := j
	for k < len(t) && k-j < 3 && opPrefix(t[k]) {
		k++
	}
	if k < len(t) && t[k] == '=' && (k+1 >= len(t) || t[k+1] != '=') {
		return k + 1
	}
	return j + 1
}

// typeWord returns the end of a short type name between a variable and its
// '=' ("var xToken string = v"), or j when there is none.
func typeWord(t string, j int) int {
	k := j
	for k < len(t) && k-j <= 10 && isLetter(t[k]) {
		k++
	}
	if k == j || k-j > 10 || k >= len(t) || t[k] != ' ' {
		return j
	}
	if e := skipBlanks(t, k); e < len(t) && t[e] == '=' && (e+1 >= len(t) || t[e+1] != '=') {
		return k
	}
	return j
}

// envName reports whether t[ns:ne] is an environment variable at the start
// of a line (OPENROUTER_API_KEY=..., export X_TOKEN=...): upper case,
// digits and underscores.
func envName(t string, ns, ne int) bool {
	for p := ns; p < ne; p++ {
		if c := t[p]; !isUpper(c) && !isDigit(c) && c != '_' {
			return false
		}
	}
	ls := ns
	if ls >= 7 && t[ls-7:ls] == "export " {
		ls -= 7
	}
	return ls == 0 || t[ls-1] == '\n' || (ls >= 2 && t[ls-2] == '\\' && t[ls-1] == 'n')
}

// notSecretName reports whether a secret-looking name says its value is
// meant to be public or bound to a page (a publishable key, a CSRF token),
// or is not real (fake_token, dummyKey, nonMatchingToken).
func notSecretName(name string) bool {
	l := strings.ToLower(name)
	for _, w := range [...]string{"public", "publishable", "csrf", "xsrf", "fake", "dummy", "example", "sample", "mock", "nonmatching", "invalid"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// vendorPrefixed reports whether v starts with the prefix of a vendor key
// format. Such a value is left to its vendor's detector, which knows its
// exact shape: when that detector rejected it, the generic test must not
// take it back (xoxp-1234567890, dapi…defg5).
func vendorPrefixed(v string) bool {
	for _, ri := range rulesByFirst[v[0]] {
		if p := prefixRules[ri].prefix; len(p) >= 3 && strings.HasPrefix(v, p) {
			return true
		}
	}
	for _, p := range [...]string{"sk-", "xox", "xapp-", "xai-", "gsk_", "hf_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "AIza"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// skipQuote skips an optional quote, possibly escaped (\" in a JSON string).
func skipQuote(t string, j int) int {
	k := j
	for k < len(t) && t[k] == '\\' && k-j < 3 {
		k++
	}
	if k < len(t) && (t[k] == '"' || t[k] == '\'' || t[k] == '`') {
		return k + 1
	}
	return j
}

// valueStop reports whether c ends an assigned value opened by quote q (0: unquoted).
func valueStop(c, q byte) bool {
	if c <= ' ' || c == '\\' || c == 0x7f {
		return true
	}
	if q != 0 {
		return c == q
	}
	return strings.IndexByte("\"'`,;&()[]{}<>|", c) >= 0
}

// secretLike is the test for a generic assigned value: 16+ printable ASCII
// characters, letters and digits, Shannon entropy >= 3.5 bits/char, and not a
// placeholder, a reference, a path, a URL, a UUID or a known id.
func secretLike(v string) bool {
	if len(v) < 16 || len(v) > 1024 || !printableASCII(v) {
		return false
	}
	switch v[0] {
	case '$', '%', '{', '<', '@', '~', '/', '.':
		return false
	}
	if strings.Contains(v, "://") || strings.Contains(v, "..") || strings.Contains(v, "**") || xRun(v) >= 4 {
		return false
	}
	if c := strings.IndexByte(v, ':'); c >= 0 && digitsBefore(v, c) == 0 {
		return false // a port, a time or a malformed Telegram token, not a secret
	}
	if len(v) < 20 && !(hasUpperASCII(v) && hasLowerASCII(v) && hasDigit(v)) {
		return false
	}
	for _, p := range [...]string{"gen-", "chatcmpl-", "user_", "req_", "msg_", "call_", "resp_", "run_", "file-", "org-"} {
		if strings.HasPrefix(v, p) {
			return false
		}
	}
	return (randomRun(v, 8, true) || isUUID(v)) && plausible(v, 3.5)
}

func isUUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if v[i] != '-' {
				return false
			}
		} else if !isHex(v[i]) {
			return false
		}
	}
	return true
}
