package bot

// Secret scanning and redaction. This runs before anything else sees a
// paste: matching, logging, storing and echoing only ever get the output of
// Redact.
//
// The scanner works on bytes, never decodes UTF-8 and never panics. Each
// detector finds its candidates with a cheap literal search (strings.Index)
// or a single byte loop and validates them by hand, so a clean 4 KB paste
// costs a few microseconds and no allocation. Candidates are then resolved:
// a private-key block beats a vendor key, a vendor key beats a bearer value
// or a password in a URL, and those beat a generic "name = value" secret;
// overlapping lower-priority candidates are dropped. Finally every other
// verbatim occurrence of a found value is redacted too.

import (
	"cmp"
	"encoding/base64"
	"math"
	"regexp"
	"slices"
	"strings"
)

// Finding is one secret found in a text.
type Finding struct {
	// Kind is a stable machine id: "openrouter", "openai", "anthropic",
	// "google", "groq", "xai", "huggingface", "github", "slack",
	// "discord-token", "discord-webhook", "aws-access-key", "jwt", "bearer",
	// "basic-auth", "url-password", "private-key" or "generic".
	Kind string
	// Label is the human name, e.g. "OpenRouter API key".
	Label string
	// Start and End are the byte offsets of the secret value in the scanned
	// text: the value only, not "Bearer " or "api_key=".
	Start, End int
	// Masked is what may be shown instead of the value: the kind prefix,
	// "…[redacted]…" and at most the last 4 characters, e.g.
	// "sk-or-v1-…[redacted]…a1b2". Private keys, JWTs and passwords show no
	// tail at all.
	Masked string
	// RotateURL is where the owner can revoke and rotate the secret, or ""
	// when unknown.
	RotateURL string
}

// ScanSecrets returns the secrets in text, ordered by Start, never
// overlapping. It returns nil when there are none.
func ScanSecrets(text string) []Finding {
	s := scanner{text: text}
	s.run()
	if len(s.cands) == 0 {
		return nil
	}
	return s.findings()
}

// Redact returns text with every finding's value replaced by its Masked
// form, everything else byte-identical, and the findings.
func Redact(text string) (string, []Finding) {
	fs := ScanSecrets(text)
	if len(fs) == 0 {
		return text, nil
	}
	var b strings.Builder
	b.Grow(len(text))
	prev := 0
	for _, f := range fs {
		b.WriteString(text[prev:f.Start])
		b.WriteString(f.Masked)
		prev = f.End
	}
	b.WriteString(text[prev:])
	return b.String(), fs
}

// redactMark replaces the secret part of every value.
const redactMark = "…[redacted]…"

type secretKind uint8

const (
	kindOpenRouter secretKind = iota
	kindOpenAI
	kindAnthropic
	kindGoogle
	kindGroq
	kindXAI
	kindHuggingFace
	kindGitHub
	kindSlack
	kindDiscordToken
	kindDiscordWebhook
	kindAWS
	kindJWT
	kindBearer
	kindBasicAuth
	kindURLPassword
	kindPrivateKey
	kindGeneric
)

// secretKinds is read-only: id, label and rotation page of each kind.
var secretKinds = [...]struct{ id, label, rotate string }{
	kindOpenRouter:     {"openrouter", "OpenRouter API key", "https://openrouter.ai/settings/keys"},
	kindOpenAI:         {"openai", "OpenAI API key", "https://platform.openai.com/api-keys"},
	kindAnthropic:      {"anthropic", "Anthropic API key", "https://console.anthropic.com/settings/keys"},
	kindGoogle:         {"google", "Google API key", "https://aistudio.google.com/app/apikey"},
	kindGroq:           {"groq", "Groq API key", "https://console.groq.com/keys"},
	kindXAI:            {"xai", "xAI API key", "https://console.x.ai"},
	kindHuggingFace:    {"huggingface", "Hugging Face token", "https://huggingface.co/settings/tokens"},
	kindGitHub:         {"github", "GitHub token", "https://github.com/settings/tokens"},
	kindSlack:          {"slack", "Slack token", "https://api.slack.com/apps"},
	kindDiscordToken:   {"discord-token", "Discord bot token", "https://discord.com/developers/applications"},
	kindDiscordWebhook: {"discord-webhook", "Discord webhook URL", ""},
	kindAWS:            {"aws-access-key", "AWS access key ID", "https://console.aws.amazon.com/iam/home#/security_credentials"},
	kindJWT:            {"jwt", "JSON Web Token", ""},
	kindBearer:         {"bearer", "Bearer token", ""},
	kindBasicAuth:      {"basic-auth", "HTTP Basic credentials", ""},
	kindURLPassword:    {"url-password", "Password in a URL", ""},
	kindPrivateKey:     {"private-key", "Private key", ""},
	kindGeneric:        {"generic", "Secret value", ""},
}

// Candidate priorities: lower wins an overlap.
const (
	prioBlock    = iota // private-key blocks contain anything
	prioVendor          // vendor keys, JWTs, Discord, AWS
	prioContext         // Bearer / Basic values, URL passwords
	prioAssigned        // generic name = value
)

type candidate struct {
	start, end int
	kind       secretKind
	prio       int8
	prefix     string // shown before redactMark; for most kinds a prefix of the value
	suffix     string // shown after the tail (the END line of a private key)
	tail       int    // how many trailing bytes of the value may be shown
}

type scanner struct {
	text  string
	cands []candidate
	buf   [8]candidate
}

func (s *scanner) add(c candidate) {
	if s.cands == nil {
		s.cands = s.buf[:0]
	}
	s.cands = append(s.cands, c)
}

func (s *scanner) run() {
	s.scanPrivateKeys()
	s.scanSK()
	s.scanFixedPrefixes()
	s.scanSlack()
	s.scanAWS()
	s.scanJWT()
	s.scanDiscordTokens()
	s.scanWebhooks()
	s.scanURLPasswords()
	s.scanBasic()
	s.scanWords()
}

// findings resolves overlaps, adds repeated occurrences and builds the result.
func (s *scanner) findings() []Finding {
	s.dropDataURIs()
	slices.SortFunc(s.cands, func(a, b candidate) int {
		if c := cmp.Compare(a.prio, b.prio); c != 0 {
			return c
		}
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(b.end, a.end)
	})
	kept := make([]candidate, 0, len(s.cands))
	for _, c := range s.cands {
		if !overlapsAny(kept, c.start, c.end) {
			kept = append(kept, c)
		}
	}
	kept = s.addRepeats(kept)
	slices.SortFunc(kept, func(a, b candidate) int { return cmp.Compare(a.start, b.start) })
	out := make([]Finding, len(kept))
	for i, c := range kept {
		k := secretKinds[c.kind]
		v := s.text[c.start:c.end]
		out[i] = Finding{
			Kind: k.id, Label: k.label, RotateURL: k.rotate,
			Start: c.start, End: c.end,
			Masked: c.prefix + redactMark + v[len(v)-c.tail:] + c.suffix,
		}
	}
	return out
}

func overlapsAny(cs []candidate, start, end int) bool {
	for _, c := range cs {
		if start < c.end && c.start < end {
			return true
		}
	}
	return false
}

// addRepeats redacts every other verbatim occurrence of a found value (a key
// pasted once as KEY=... and once bare), as the same kind.
func (s *scanner) addRepeats(kept []candidate) []candidate {
	n := len(kept)
	for i := 0; i < n; i++ {
		c := kept[i]
		v := s.text[c.start:c.end]
		if len(v) < 12 {
			continue
		}
		for off := 0; ; {
			j := strings.Index(s.text[off:], v)
			if j < 0 {
				break
			}
			j += off
			off = j + len(v)
			if !overlapsAny(kept, j, off) {
				r := c
				r.start, r.end = j, off
				kept = append(kept, r)
			}
		}
	}
	return kept
}

// dropDataURIs ignores candidates inside base64 payloads such as
// data:image/png;base64,... (image data is random and long).
func (s *scanner) dropDataURIs() {
	t := s.text
	for off := 0; ; {
		i := strings.Index(t[off:], "base64,")
		if i < 0 {
			return
		}
		from := off + i + len("base64,")
		to := from
		for to < len(t) && isB64Std(t[to]) {
			to++
		}
		off = to
		if to-from < 64 {
			continue
		}
		s.cands = slices.DeleteFunc(s.cands, func(c candidate) bool {
			return c.prio != prioBlock && c.start >= from && c.start < to
		})
	}
}

// ---- vendor keys ----

// scanSK finds sk-or- (OpenRouter), sk-ant- (Anthropic) and other sk- keys
// (OpenAI, including sk-proj-, sk-svcacct-, sk-admin-).
func (s *scanner) scanSK() {
	t := s.text
	s.eachLit("sk-", func(i int) {
		base, kind := 3, kindOpenAI
		switch rest := t[i+3:]; {
		case strings.HasPrefix(rest, "or-"):
			base, kind = 6, kindOpenRouter
		case strings.HasPrefix(rest, "ant-"):
			base, kind = 7, kindAnthropic
		}
		end := tokEnd(t, i+base)
		pfx := base
		if kind == kindOpenAI {
			for _, p := range [...]string{"proj-", "svcacct-", "admin-"} {
				if strings.HasPrefix(t[i+base:end], p) {
					pfx += len(p)
					break
				}
			}
		} else {
			pfx += versionLen(t[i+base : end])
		}
		full := 40
		if kind == kindOpenRouter && t[i+base:i+pfx] == "v1-" {
			full = 64
		}
		s.addKey(kind, i, pfx, end, 20, full)
	})
}

// fixedRules are keys recognised by a literal prefix and a body of a given
// character class and minimum length.
var fixedRules = [...]struct {
	lit     string
	kind    secretKind
	min     int
	class   byte // 't' token chars [A-Za-z0-9_-], 'a' alphanumerics, 'w' [A-Za-z0-9_]
	exactly bool
}{
	{"AIza", kindGoogle, 35, 't', false},
	{"gsk_", kindGroq, 40, 'a', false},
	{"xai-", kindXAI, 60, 'a', false},
	{"hf_", kindHuggingFace, 34, 'a', false},
	{"ghp_", kindGitHub, 36, 'a', false},
	{"gho_", kindGitHub, 36, 'a', false},
	{"ghu_", kindGitHub, 36, 'a', false},
	{"ghs_", kindGitHub, 36, 'a', false},
	{"ghr_", kindGitHub, 36, 'a', false},
	{"github_pat_", kindGitHub, 70, 'w', false},
}

func (s *scanner) scanFixedPrefixes() {
	t := s.text
	for _, r := range fixedRules {
		s.eachLit(r.lit, func(i int) {
			from := i + len(r.lit)
			var end int
			switch r.class {
			case 'a':
				end = alnumEnd(t, from)
			case 'w':
				end = wordEnd(t, from)
			default:
				end = tokEnd(t, from)
			}
			s.addKey(r.kind, i, len(r.lit), end, r.min, r.min)
		})
	}
}

// scanSlack finds xoxb-, xoxp-, xoxa-, xoxr-, xoxe-, xoxs- and xapp- tokens.
func (s *scanner) scanSlack() {
	t := s.text
	check := func(i int) {
		if end := tokEnd(t, i+5); hasDigit(t[i+5 : end]) {
			s.addKey(kindSlack, i, 5, end, 20, 40)
		}
	}
	s.eachLit("xox", func(i int) {
		if i+4 < len(t) && t[i+4] == '-' && strings.IndexByte("bparse", t[i+3]) >= 0 {
			check(i)
		}
	})
	s.eachLit("xapp-", check)
}

// addKey validates a prefixed key t[start:end] whose first pfx bytes are the
// kind prefix, and adds it.
func (s *scanner) addKey(kind secretKind, start, pfx, end, min, full int) {
	t := s.text
	body := t[start+pfx : end]
	if len(body) < min {
		return
	}
	if len(body) < full && maskedAfter(t, end) {
		return // the author cut it short and masked the rest: "sk-or-v1-0f3a9c...".
	}
	if !plausible(body, 2.5) {
		return
	}
	s.add(candidate{start: start, end: end, kind: kind, prio: prioVendor, prefix: t[start : start+pfx], tail: 4})
}

// scanAWS finds AWS access key ids: \b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b,
// except AWS's documentation examples ending in EXAMPLE.
func (s *scanner) scanAWS() {
	t := s.text
	for _, lit := range [...]string{"AKIA", "ASIA", "ABIA", "ACCA"} {
		s.eachLit(lit, func(i int) {
			end := i + 4
			for end < len(t) && (isUpper(t[end]) || isDigit(t[end])) {
				end++
			}
			if end-i != 20 || (end < len(t) && isWord(t[end])) || strings.HasSuffix(t[i:end], "EXAMPLE") {
				return
			}
			if plausible(t[i+4:end], 2.5) {
				s.add(candidate{start: i, end: end, kind: kindAWS, prio: prioVendor, prefix: lit, tail: 4})
			}
		})
	}
}

// scanJWT finds eyJ... tokens of three base64url parts of 10+ characters.
func (s *scanner) scanJWT() {
	t := s.text
	s.eachLit("eyJ", func(i int) {
		end := i
		for part := 0; part < 3; part++ {
			if part > 0 {
				if end >= len(t) || t[end] != '.' {
					return
				}
				end++
			}
			e := tokEnd(t, end)
			if e-end < 10 {
				return
			}
			end = e
		}
		s.add(candidate{start: i, end: end, kind: kindJWT, prio: prioVendor, prefix: "eyJ"})
	})
}

// ---- Discord ----

// scanDiscordTokens checks every a.b.c candidate the way python-discord does:
// part 1 decodes to a user id, part 2 to a plausible timestamp, and part 3
// has more than 3 distinct characters (case-insensitively).
func (s *scanner) scanDiscordTokens() {
	t := s.text
	for d := strings.IndexByte(t, '.'); d >= 0; {
		next := d + 1
		if e, ok := discordTokenAt(t, d); ok {
			start := d
			for start > 0 && isTok(t[start-1]) {
				start--
			}
			s.add(candidate{start: start, end: e, kind: kindDiscordToken, prio: prioVendor, tail: 4})
			next = e
		}
		if next >= len(t) {
			return
		}
		j := strings.IndexByte(t[next:], '.')
		if j < 0 {
			return
		}
		d = next + j
	}
}

// discordTokenAt reports whether the dot at d ends part 1 of a Discord token,
// and where the token ends.
func discordTokenAt(t string, d int) (int, bool) {
	start := d
	for start > 0 && isTok(t[start-1]) {
		start--
	}
	if d-start < 10 {
		return 0, false
	}
	p2 := tokEnd(t, d+1)
	if p2-(d+1) < 5 || p2 >= len(t) || t[p2] != '.' {
		return 0, false
	}
	end := tokEnd(t, p2+1)
	if end-(p2+1) < 10 {
		return 0, false
	}
	if !discordUserID(t[start:d]) || !discordTimestamp(t[d+1:p2]) || distinctFold(t[p2+1:end]) <= 3 {
		return 0, false
	}
	return end, true
}

func discordUserID(b64 string) bool {
	if len(b64) > 28 { // 20 digits at most
		return false
	}
	var buf [24]byte
	n, err := base64.RawURLEncoding.Decode(buf[:], []byte(strings.TrimRight(b64, "=")))
	if err != nil || n < 15 {
		return false
	}
	for _, c := range buf[:n] {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

func discordTimestamp(b64 string) bool {
	const tokenEpoch, discordEpoch = 1_293_840_000, 1_420_070_400
	if len(b64) > 64 {
		return true // decodes to a number far above the epoch, as in Python
	}
	var buf [48]byte
	n, err := base64.RawURLEncoding.Decode(buf[:], []byte(b64))
	if err != nil {
		return false
	}
	if n > 8 {
		for _, c := range buf[:n-8] {
			if c != 0 {
				return true
			}
		}
		copy(buf[:8], buf[n-8:n])
		n = 8
	}
	var ts uint64
	for _, c := range buf[:n] {
		ts = ts<<8 | uint64(c)
	}
	return ts+tokenEpoch >= discordEpoch
}

// webhookBase matches what must precede "/webhooks/" in a Discord webhook URL.
var webhookBase = regexp.MustCompile(`(?:https?://)?(?:ptb\.|canary\.)?discord(?:app)?\.com/api(?:/v\d+)?$`)

// scanWebhooks finds Discord webhook URLs and redacts their token part.
func (s *scanner) scanWebhooks() {
	t := s.text
	for off := 0; ; {
		i := strings.Index(t[off:], "/webhooks/")
		if i < 0 {
			return
		}
		i += off
		off = i + 1
		if !webhookBase.MatchString(t[max(0, i-48):i]) {
			continue
		}
		id := i + len("/webhooks/")
		e := id
		for e < len(t) && isDigit(t[e]) {
			e++
		}
		if e-id < 5 || e >= len(t) || t[e] != '/' {
			continue
		}
		end := tokEnd(t, e+1)
		if end-(e+1) >= 20 && plausible(t[e+1:end], 2.5) {
			s.add(candidate{start: e + 1, end: end, kind: kindDiscordWebhook, prio: prioVendor, tail: 4})
		}
	}
}

// ---- private keys ----

// scanPrivateKeys finds -----BEGIN ... PRIVATE KEY----- blocks through their
// END line, or through the last base64 line when the paste was cut short.
func (s *scanner) scanPrivateKeys() {
	t := s.text
	for off := 0; ; {
		i := strings.Index(t[off:], "-----BEGIN ")
		if i < 0 {
			return
		}
		i += off
		off = i + 1
		lblStart := i + len("-----BEGIN ")
		k := strings.Index(t[lblStart:min(len(t), lblStart+64)], "-----")
		if k < 0 {
			continue
		}
		label := t[lblStart : lblStart+k]
		if !strings.Contains(label, "PRIVATE KEY") || strings.ContainsFunc(label, func(r rune) bool {
			return r != ' ' && (r < 'A' || r > 'Z') && (r < '0' || r > '9')
		}) {
			continue
		}
		bodyStart := lblStart + k + 5
		bodyEnd, end := pemEnd(t, bodyStart, label)
		if longestB64Run(t[bodyStart:bodyEnd]) < 32 {
			continue
		}
		s.add(candidate{start: i, end: end, kind: kindPrivateKey, prio: prioBlock,
			prefix: t[i:bodyStart], suffix: t[bodyEnd:end]})
		off = end
	}
}

// pemEnd returns where the body of a PEM block starting at from ends, and
// where the block ends (after its END line, or = body end when truncated).
func pemEnd(t string, from int, label string) (bodyEnd, end int) {
	if j := strings.Index(t[from:], "-----END "); j >= 0 {
		j += from
		rest := t[j+len("-----END "):]
		if strings.HasPrefix(rest, label) && strings.HasPrefix(rest[len(label):], "-----") {
			return j, j + len("-----END ") + len(label) + 5
		}
	}
	// Truncated: keep whole lines of base64; a line may end with a real
	// newline or an escaped "\n" (JSON); stop at the first other line.
	good, lineStart, clean := from, from, true
	for p := from; p <= len(t); p++ {
		if p == len(t) {
			if clean {
				good = p
			}
			break
		}
		c := t[p]
		switch {
		case c == '\n' || (c == '\\' && p+1 < len(t) && (t[p+1] == 'n' || t[p+1] == 'r')):
			if clean && p > lineStart {
				good = p
			}
			if c == '\\' {
				p++
			}
			lineStart, clean = p+1, true
		case c == '\r' || c == ' ' || c == '\t':
			if p > lineStart && c != '\r' {
				clean = false
			}
			if p == lineStart {
				lineStart++
			}
		case isB64Std(c) || c == '=':
		default:
			if clean && p > lineStart {
				good = p
			}
			return good, good
		}
	}
	return good, good
}

// ---- credentials in context ----

// scanURLPasswords finds scheme://user:password@host and redacts the password.
func (s *scanner) scanURLPasswords() {
	t := s.text
	for off := 0; ; {
		i := strings.Index(t[off:], "://")
		if i < 0 {
			return
		}
		i += off
		off = i + 3
		u := i + 3
		at, colon := -1, -1
		for p := u; p < len(t) && p < u+256; p++ {
			c := t[p]
			if c == '@' {
				at = p
				break
			}
			if c == ':' && colon < 0 {
				colon = p
			}
			if c <= ' ' || strings.IndexByte("/?#\"'`<>\\[](){}", c) >= 0 {
				break
			}
		}
		if at < 0 || colon < 0 {
			continue
		}
		user, pass := t[u:colon], t[colon+1:at]
		if len(pass) >= 4 && pass != user && !passwordPlaceholder(pass) {
			s.add(candidate{start: colon + 1, end: at, kind: kindURLPassword, prio: prioContext})
		}
		off = at + 1
	}
}

func passwordPlaceholder(p string) bool {
	switch p[0] {
	case '$', '%', '<', '{', '*':
		return true
	}
	l := strings.ToLower(p)
	for _, w := range [...]string{"password", "passwd", "pass", "your", "secret", "xxx", "***", "changeme", "example", "redacted", "…"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// scanBasic finds "Basic <base64 of user:password>" values.
func (s *scanner) scanBasic() {
	t := s.text
	s.eachLit("Basic ", func(i int) {
		v := i + len("Basic ")
		for v < len(t) && t[v] == ' ' {
			v++
		}
		end := v
		for end < len(t) && (isB64Std(t[end]) || t[end] == '=') {
			end++
		}
		if end-v < 12 || end-v > 512 {
			return
		}
		var buf [384]byte
		n, err := base64.StdEncoding.Decode(buf[:], []byte(padB64(t[v:end])))
		if err != nil {
			return
		}
		dec := string(buf[:n])
		c := strings.IndexByte(dec, ':')
		if c <= 0 || c == n-1 || !printableASCII(dec) || passwordPlaceholder(dec[c+1:]) {
			return
		}
		s.add(candidate{start: v, end: end, kind: kindBasicAuth, prio: prioContext})
	})
}

// scanWords is one case-insensitive pass for "Bearer <value>" and for names
// that hold secrets (api_key, token, secret, password, passwd, auth).
func (s *scanner) scanWords() {
	t := s.text
	for i := 0; i < len(t); i++ {
		switch t[i] | 0x20 {
		case 'b':
			if hasPrefixFold(t[i:], "bearer") && (i == 0 || !isAlnum(t[i-1])) {
				s.bearer(i + len("bearer"))
			}
			continue
		case 'a':
			if !hasPrefixFold(t[i:], "api") && !hasPrefixFold(t[i:], "auth") {
				continue
			}
		case 't':
			if !hasPrefixFold(t[i:], "token") {
				continue
			}
		case 's':
			if !hasPrefixFold(t[i:], "secret") {
				continue
			}
		case 'p':
			if !hasPrefixFold(t[i:], "passw") {
				continue
			}
		default:
			continue
		}
		ns, ne := i, i
		for ns > 0 && isNameChar(t[ns-1]) {
			ns--
		}
		for ne < len(t) && isNameChar(t[ne]) {
			ne++
		}
		if secretName(t[ns:ne]) {
			s.assigned(ns, ne)
		}
		i = ne - 1
	}
}

// bearer checks the value after the word "Bearer" (at v).
func (s *scanner) bearer(v int) {
	t := s.text
	start := v
	for start < len(t) && (t[start] == ' ' || t[start] == '\t') {
		start++
	}
	if start == v {
		return
	}
	end := start
	for end < len(t) && (isTok(t[end]) || strings.IndexByte(".~+/=", t[end]) >= 0) {
		end++
	}
	for end > start && t[end-1] == '.' {
		end--
	}
	val := t[start:end]
	if len(val) < 16 || strings.Contains(val, "..") || !plausible(val, 3.0) {
		return
	}
	s.add(candidate{start: start, end: end, kind: kindBearer, prio: prioContext, tail: tailFor(val)})
}

// secretKeywords are the name parts that mark a secret.
var secretKeywords = [...]string{"api_key", "apikey", "api-key", "token", "secret", "password", "passwd", "auth"}

// secretName reports whether a name (OPENROUTER_API_KEY, x-api-key, authToken,
// client_secret) holds a secret: one of secretKeywords not followed by more
// of the same word (tokenizer, author, max_tokens), and not ending in a part
// that makes it metadata (token_type, api_key_id, secret_name).
func secretName(name string) bool {
	ok := false
	for _, kw := range secretKeywords {
		for off := 0; off+len(kw) <= len(name) && !ok; off++ {
			if !hasPrefixFold(name[off:], kw) {
				continue
			}
			a := off + len(kw)
			ok = a == len(name) || !isLetter(name[a]) || (isLower(name[a-1]) && isUpper(name[a]))
		}
	}
	if !ok {
		return false
	}
	return !oneOfFold(lastNamePart(name), metadataParts[:])
}

// metadataParts end names that describe a secret rather than hold one.
var metadataParts = [...]string{"id", "ids", "count", "type", "types", "usage", "limit", "limits",
	"url", "uri", "endpoint", "name", "names", "file", "path", "len", "length", "expiry", "expires",
	"ttl", "header", "env", "var", "field", "param", "source", "hint", "prefix", "suffix", "hash",
	"format", "method"}

// placeholderList are the words placeholders are made of.
var placeholderList = [...]string{"your", "here", "redacted", "placeholder", "example", "dummy", "fake",
	"sample", "insert", "replace", "changeme", "key", "api", "token", "secret", "test"}

func oneOfFold(s string, words []string) bool {
	for _, w := range words {
		if len(w) == len(s) && hasPrefixFold(s, w) {
			return true
		}
	}
	return false
}

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
	j = skipBlanks(t, j)
	switch {
	case strings.HasPrefix(t[j:], ":=") || strings.HasPrefix(t[j:], "=>"):
		j += 2
	case j < len(t) && (t[j] == '=' || t[j] == ':'):
		j++
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
	if q == 0 && end > j && t[end-1] == '.' {
		end--
	}
	val := t[j:end]
	if secretLike(val) {
		s.add(candidate{start: j, end: end, kind: kindGeneric, prio: prioAssigned, tail: tailFor(val)})
	}
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

func skipBlanks(t string, j int) int {
	for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
		j++
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
	if strings.Contains(v, "://") || strings.Contains(v, "..") || isUUID(v) {
		return false
	}
	for _, p := range [...]string{"gen-", "chatcmpl-", "user_", "req_", "msg_", "call_", "resp_", "run_", "file-", "org-"} {
		if strings.HasPrefix(v, p) {
			return false
		}
	}
	return randomRun(v, 8, true) && plausible(v, 3.5)
}

// ---- shared checks ----

// plausible is the common test for a secret body: not one repeated
// character, a random-looking alphanumeric run, no placeholder words, and at
// least minEntropy bits per character.
func plausible(body string, minEntropy float64) bool {
	if repeated(body) || strings.Contains(strings.ToLower(body), "xxxxxx") {
		return false
	}
	if !randomRun(body, 8, false) || placeholderWords(body) {
		return false
	}
	return entropy(body) >= minEntropy
}

// placeholderWords reports whether body is made of placeholder words
// (your-api-key-here, YOUR_KEY, REDACTED): its parts (split at non-letters and
// camel-case humps) that are such words add up to 6+ letters. Short words
// alone do not count, so a random key that happens to contain "Key" stays a
// key.
func placeholderWords(body string) bool {
	score := 0
	for i := 0; i < len(body); {
		if !isLetter(body[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(body) && isLetter(body[j]) && !(isUpper(body[j]) && isLower(body[j-1])) {
			j++
		}
		if w := body[i:j]; oneOfFold(w, placeholderList[:]) || (len(w) >= 3 && strings.Trim(w, "xX") == "") {
			score += len(w)
		}
		i = j
	}
	return score >= 6
}

// randomRun reports whether v has an alphanumeric run of n+ characters that
// mixes letters and digits, or (unless needDigit) upper and lower case:
// random material rather than words, dates and versions.
func randomRun(v string, n int, needDigit bool) bool {
	for i := 0; i < len(v); {
		j := alnumEnd(v, i)
		if r := v[i:j]; len(r) >= n {
			if hasDigit(r) && hasLetter(r) || !needDigit && hasUpperASCII(r) && hasLowerASCII(r) {
				return true
			}
		}
		i = j + 1
	}
	return false
}

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

func repeated(s string) bool {
	var first byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == '_' {
			continue
		}
		if first == 0 {
			first = c
		} else if c != first {
			return false
		}
	}
	return true
}

func distinctFold(s string) int {
	var seen [256]bool
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		if !seen[c] {
			seen[c] = true
			n++
		}
	}
	return n
}

// versionLen returns the length of a leading version part such as "v1-" or
// "api03-" (lowercase letters, 1-3 digits, a dash), or 0.
func versionLen(s string) int {
	i := 0
	for i < len(s) && i < 8 && isLower(s[i]) {
		i++
	}
	d := i
	for i < len(s) && i-d < 3 && isDigit(s[i]) {
		i++
	}
	if i == 0 || d == 0 || i == d || i >= len(s) || s[i] != '-' {
		return 0
	}
	return i + 1
}

// maskedAfter reports whether a value is followed by a mask the author typed
// ("..", "…" or "*"), meaning the visible part is only the start of a key.
func maskedAfter(t string, end int) bool {
	r := t[end:]
	return strings.HasPrefix(r, "..") || strings.HasPrefix(r, "…") || strings.HasPrefix(r, "*")
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

func longestB64Run(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if isB64Std(s[i]) {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

func padB64(s string) string {
	if m := len(s) % 4; m != 0 && !strings.HasSuffix(s, "=") {
		return s + "==="[:4-m]
	}
	return s
}

// tailFor returns how many trailing characters of a context value may show.
func tailFor(v string) int {
	if len(v) >= 20 {
		return 4
	}
	return 0
}

// eachLit calls fn for every occurrence of lit in s.text that starts at a
// left boundary: not right after a letter, digit or underscore, except after
// an escape such as \n or a percent-encoded byte such as %20.
func (s *scanner) eachLit(lit string, fn func(i int)) {
	t := s.text
	for off := 0; ; {
		i := strings.Index(t[off:], lit)
		if i < 0 {
			return
		}
		i += off
		off = i + len(lit)
		if leftBoundary(t, i) {
			fn(i)
		}
	}
}

func leftBoundary(t string, i int) bool {
	if i == 0 || !isWord(t[i-1]) {
		return true
	}
	c := t[i-1]
	if i >= 2 && t[i-2] == '\\' && (c == 'n' || c == 't' || c == 'r') {
		return true
	}
	return i >= 3 && t[i-3] == '%' && isHex(t[i-2]) && isHex(c)
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func tokEnd(t string, i int) int {
	for i < len(t) && isTok(t[i]) {
		i++
	}
	return i
}

func alnumEnd(t string, i int) int {
	for i < len(t) && isAlnum(t[i]) {
		i++
	}
	return i
}

func wordEnd(t string, i int) int {
	for i < len(t) && isWord(t[i]) {
		i++
	}
	return i
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if isLetter(s[i]) {
			return true
		}
	}
	return false
}

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if isUpper(s[i]) {
			return true
		}
	}
	return false
}

func hasLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if isLower(s[i]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isUpper(c byte) bool    { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool    { return c >= 'a' && c <= 'z' }
func isLetter(c byte) bool   { return isUpper(c) || isLower(c) }
func isAlnum(c byte) bool    { return isLetter(c) || isDigit(c) }
func isWord(c byte) bool     { return isAlnum(c) || c == '_' }
func isTok(c byte) bool      { return isWord(c) || c == '-' }
func isNameChar(c byte) bool { return isTok(c) || c == '.' }
func isB64Std(c byte) bool   { return isAlnum(c) || c == '+' || c == '/' }
func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
