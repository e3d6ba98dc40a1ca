package bot

// Secret scanning and redaction. This runs before anything else sees a
// paste: matching, logging, storing and echoing only ever get the output of
// Redact.
//
// The scanner works on bytes, never decodes UTF-8 and never panics. It makes
// one pass over the text; only "anchor" bytes (the rarest byte of each key
// prefix or keyword: '-' of sk-, '_' of hf_, 'J' of eyJ, 'k' of token, ...)
// start a detector, which checks the bytes around it and validates the value
// by hand. A clean 4 KB paste costs a few microseconds and no allocation.
// Candidates are then resolved: a private-key block beats a vendor key, a
// vendor key beats a Bearer/Basic value or a password in a URL, and those
// beat a generic "name = value" secret; overlapping lower-priority candidates
// are dropped. Finally every other verbatim occurrence of a found value is
// redacted too.

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
	// The value's first prefix bytes, its last tail bytes and then its last
	// suffix bytes (a private key's END line) may be shown. Offsets rather
	// than strings keep candidates pointer-free, so the scan does not allocate.
	prefix, tail, suffix int
}

type scanner struct {
	text    string
	cands   []candidate
	nameEnd int  // end of the last name checked for a secret keyword
	endSeen bool // nextEnd is known
	nextEnd int  // position of the next "-----END " after the last BEGIN, or -1
}

// add records a candidate. A clean paste never gets here, so scanning it
// allocates nothing.
func (s *scanner) add(c candidate) {
	if s.cands == nil {
		s.cands = make([]candidate, 0, 4)
	}
	s.cands = append(s.cands, c)
}

// anchorBytes are the bytes where a detector may start: the rarest byte of
// each prefix or keyword. Every other byte costs one table lookup.
var anchorBytes = [256]bool{
	'-': true, '_': true, 'A': true, 'J': true, '.': true, '/': true, ':': true, 'B': true, 'b': true,
	'k': true, 'K': true, 'c': true, 'C': true, 'w': true, 'W': true, 'u': true, 'U': true,
}

// run makes the single pass over the text and collects candidates.
func (s *scanner) run() {
	t := s.text
	for i := 0; i < len(t); i++ {
		if !anchorBytes[t[i]] {
			continue
		}
		switch c := t[i]; c {
		case '-':
			s.atDash(i)
		case '_':
			s.atUnderscore(i)
		case 'A':
			s.atA(i)
		case 'J':
			if i >= 2 && t[i-2] == 'e' && t[i-1] == 'y' && leftBoundary(t, i-2) {
				s.jwtAt(i - 2)
			}
		case '.':
			s.discordAt(i)
		case '/':
			if strings.HasPrefix(t[i:], "/webhooks/") {
				s.webhookAt(i)
			}
		case ':':
			if strings.HasPrefix(t[i+1:], "//") {
				s.urlPasswordAt(i + 3)
			}
		case 'B', 'b':
			if i > 0 && isAlnum(t[i-1]) {
				break
			}
			if hasPrefixFold(t[i:], "bearer") {
				s.bearer(i + len("bearer"))
			} else if strings.HasPrefix(t[i:], "Basic ") {
				s.basicAt(i + len("Basic "))
			}
		default:
			if i >= s.nameEnd && keywordAt(t, i) {
				s.nameAt(i)
			}
		}
	}
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
		kept, _ = insertFree(kept, c)
	}
	kept = s.addRepeats(kept)
	out := make([]Finding, len(kept))
	for i, c := range kept {
		k := secretKinds[c.kind]
		v := s.text[c.start:c.end]
		out[i] = Finding{
			Kind: k.id, Label: k.label, RotateURL: k.rotate,
			Start: c.start, End: c.end,
			Masked: v[:c.prefix] + redactMark + v[len(v)-c.suffix-c.tail:],
		}
	}
	return out
}

// insertFree inserts c into kept (sorted by start, never overlapping) unless
// it overlaps a kept candidate; candidates arrive by priority, so the kept
// one wins. What is left of a dropped value beside the kept one ends at the
// mask after redaction, and every context detector ignores a value that runs
// into a mask, so a second pass finds nothing new.
func insertFree(kept []candidate, c candidate) ([]candidate, bool) {
	i, _ := slices.BinarySearchFunc(kept, c.start, func(k candidate, start int) int { return cmp.Compare(k.start, start) })
	if (i > 0 && kept[i-1].end > c.start) || (i < len(kept) && kept[i].start < c.end) {
		return kept, false
	}
	return slices.Insert(kept, i, c), true
}

// maxRepeatSearches bounds the work addRepeats does on a paste full of keys.
const maxRepeatSearches = 32

// addRepeats redacts every other verbatim occurrence of a found value (a key
// pasted once as KEY=... and once bare), as the same kind. An occurrence glued
// to other token characters is redacted with them, so that what is left
// cannot turn into a new finding once the mask gives it a word boundary.
func (s *scanner) addRepeats(kept []candidate) []candidate {
	t := s.text
	var buf [maxRepeatSearches]candidate
	srcs := buf[:0] // one kept candidate per distinct value
	for _, c := range kept {
		v := t[c.start:c.end]
		if len(srcs) < maxRepeatSearches && len(v) >= 8 &&
			!slices.ContainsFunc(srcs, func(d candidate) bool { return t[d.start:d.end] == v }) {
			srcs = append(srcs, c)
		}
	}
	for _, c := range srcs {
		v := t[c.start:c.end]
		for off := 0; ; {
			j := strings.Index(t[off:], v)
			if j < 0 {
				break
			}
			j += off
			off = j + len(v)
			r := c
			r.start, r.end = j, off
			for r.start > 0 && isTok(t[r.start-1]) {
				r.start--
			}
			for r.end < len(t) && isTok(t[r.end]) {
				r.end++
			}
			if r.start != j || r.end != off {
				r.prefix, r.suffix, r.tail = 0, 0, min(c.tail, tailFor(t[r.start:r.end]))
			}
			var ok bool
			if kept, ok = insertFree(kept, r); !ok && (r.start != j || r.end != off) {
				r = c
				r.start, r.end = j, off
				kept, _ = insertFree(kept, r)
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

func (s *scanner) atDash(i int) {
	t := s.text
	switch {
	case i >= 2 && t[i-2] == 's' && t[i-1] == 'k' && leftBoundary(t, i-2):
		s.skAt(i - 2)
	case i >= 3 && t[i-3:i] == "xai" && leftBoundary(t, i-3):
		s.fixedAt(i-3, 4, kindXAI, 60, 'a')
	case i >= 4 && (t[i-4:i-1] == "xox" && strings.IndexByte("bparse", t[i-1]) >= 0 || t[i-4:i] == "xapp") &&
		leftBoundary(t, i-4):
		// Slack: xoxb-, xoxp-, xoxa-, xoxr-, xoxe-, xoxs-, xapp-.
		if end := tokEnd(t, i+1); hasDigit(t[i+1 : end]) {
			s.addKey(kindSlack, i-4, 5, end, 20, 40)
		}
	case strings.HasPrefix(t[i:], "-----BEGIN "):
		s.privateKeyAt(i)
	}
}

func (s *scanner) atUnderscore(i int) {
	t := s.text
	switch {
	case i >= 3 && t[i-3:i] == "gsk" && leftBoundary(t, i-3):
		s.fixedAt(i-3, 4, kindGroq, 40, 'a')
	case i >= 2 && t[i-2:i] == "hf" && leftBoundary(t, i-2):
		s.fixedAt(i-2, 3, kindHuggingFace, 34, 'a')
	case i >= 3 && t[i-3] == 'g' && t[i-2] == 'h' && strings.IndexByte("pousr", t[i-1]) >= 0 && leftBoundary(t, i-3):
		s.fixedAt(i-3, 4, kindGitHub, 36, 'a') // ghp_, gho_, ghu_, ghs_, ghr_
	case i >= 6 && t[i-6:i] == "github" && strings.HasPrefix(t[i:], "_pat_") && leftBoundary(t, i-6):
		s.fixedAt(i-6, len("github_pat_"), kindGitHub, 70, 'w')
	}
}

func (s *scanner) atA(i int) {
	t := s.text
	if i+4 > len(t) || !leftBoundary(t, i) {
		return
	}
	switch t[i : i+4] {
	case "AIza":
		s.fixedAt(i, 4, kindGoogle, 35, 't')
	case "AKIA", "ASIA", "ABIA", "ACCA":
		s.awsAt(i)
	}
}

// skAt checks sk-or- (OpenRouter), sk-ant- (Anthropic) and other sk- keys
// (OpenAI, including sk-proj-, sk-svcacct-, sk-admin-) at i.
func (s *scanner) skAt(i int) {
	t := s.text
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
		end = wrappedHex(t, i+pfx, end, full)
	}
	s.addKey(kind, i, pfx, end, 20, full)
}

// wrappedHex handles a hex key body t[from:end] shorter than full that a
// terminal or a log wrapped onto the next line: when the next line (after
// optional indentation) starts with exactly the missing number of lowercase
// hex digits, the key ends there. Line breaks may be real or escaped (\n).
func wrappedHex(t string, from, end, full int) int {
	n := end - from
	if n < 20 || n >= full || !lowerHex(t[from:end]) {
		return end
	}
	j := end
	for _, nl := range [...]string{"\r\n", "\n", `\r\n`, `\n`} {
		if strings.HasPrefix(t[j:], nl) {
			j += len(nl)
			break
		}
	}
	if j == end {
		return end
	}
	j = skipBlanks(t, j)
	e := tokEnd(t, j)
	if e-j != full-n || !lowerHex(t[j:e]) {
		return end
	}
	return e
}

func lowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && (s[i] < 'a' || s[i] > 'f') {
			return false
		}
	}
	return true
}

// fixedAt checks a key with a literal prefix of pfx bytes at start and a body
// of min+ characters of a class: 't' [A-Za-z0-9_-], 'a' [A-Za-z0-9], 'w' [A-Za-z0-9_].
func (s *scanner) fixedAt(start, pfx int, kind secretKind, min int, class byte) {
	t := s.text
	var end int
	switch class {
	case 'a':
		end = alnumEnd(t, start+pfx)
	case 'w':
		end = wordEnd(t, start+pfx)
	default:
		end = tokEnd(t, start+pfx)
	}
	s.addKey(kind, start, pfx, end, min, min)
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
	s.add(candidate{start: start, end: end, kind: kind, prio: prioVendor, prefix: pfx, tail: 4})
}

// awsAt checks an AWS access key id: \b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b,
// except AWS's documentation examples ending in EXAMPLE.
func (s *scanner) awsAt(i int) {
	t := s.text
	end := i + 4
	for end < len(t) && (isUpper(t[end]) || isDigit(t[end])) {
		end++
	}
	if end-i != 20 || (end < len(t) && isWord(t[end])) || strings.HasSuffix(t[i:end], "EXAMPLE") {
		return
	}
	if plausible(t[i+4:end], 2.5) {
		s.add(candidate{start: i, end: end, kind: kindAWS, prio: prioVendor, prefix: 4, tail: 4})
	}
}

// jwtAt checks for eyJ... of three base64url parts of 10+ characters.
func (s *scanner) jwtAt(i int) {
	t := s.text
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
	s.add(candidate{start: i, end: end, kind: kindJWT, prio: prioVendor, prefix: 3})
}

// ---- Discord ----

// discordAt checks the dot at d as the end of part 1 of a Discord bot token,
// the way python-discord does: part 1 decodes to a user id, part 2 to a
// plausible timestamp, and part 3 has more than 3 distinct characters
// (case-insensitively), which rules out message.channel.send and dummies.
func (s *scanner) discordAt(d int) {
	if e, ok := discordTokenAt(s.text, d); ok {
		start := d
		for start > 0 && isTok(s.text[start-1]) {
			start--
		}
		s.add(candidate{start: start, end: e, kind: kindDiscordToken, prio: prioVendor, tail: 4})
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

// webhookAt checks a Discord webhook URL around the "/webhooks/" at i and
// adds its token part.
func (s *scanner) webhookAt(i int) {
	t := s.text
	if !webhookBase.MatchString(t[max(0, i-48):i]) {
		return
	}
	id := i + len("/webhooks/")
	e := id
	for e < len(t) && isDigit(t[e]) {
		e++
	}
	if e-id < 5 || e >= len(t) || t[e] != '/' {
		return
	}
	end := tokEnd(t, e+1)
	if end-(e+1) >= 20 && plausible(t[e+1:end], 2.5) {
		s.add(candidate{start: e + 1, end: end, kind: kindDiscordWebhook, prio: prioVendor, tail: 4})
	}
}

// ---- private keys ----

// privateKeyAt checks a -----BEGIN ... PRIVATE KEY----- block at i, through
// its END line, or through the last base64 line when the paste was cut short.
func (s *scanner) privateKeyAt(i int) {
	t := s.text
	lblStart := i + len("-----BEGIN ")
	k := strings.Index(t[lblStart:min(len(t), lblStart+64)], "-----")
	if k < 0 {
		return
	}
	label := t[lblStart : lblStart+k]
	if !strings.Contains(label, "PRIVATE KEY") || strings.ContainsFunc(label, func(r rune) bool {
		return r != ' ' && (r < 'A' || r > 'Z') && (r < '0' || r > '9')
	}) {
		return
	}
	bodyStart := lblStart + k + 5
	bodyEnd, end := pemEnd(t, bodyStart, label, s.nextPEMEnd(bodyStart))
	if longestB64Run(t[bodyStart:bodyEnd]) >= 32 {
		s.add(candidate{start: i, end: end, kind: kindPrivateKey, prio: prioBlock,
			prefix: bodyStart - i, suffix: end - bodyEnd})
	}
}

// nextPEMEnd returns the position of the first "-----END " at or after
// from, or -1. It remembers the answer, so a paste of many BEGIN lines is
// searched once, not once per line.
func (s *scanner) nextPEMEnd(from int) int {
	if s.endSeen && (s.nextEnd < 0 || s.nextEnd >= from) {
		return s.nextEnd
	}
	s.endSeen, s.nextEnd = true, strings.Index(s.text[from:], "-----END ")
	if s.nextEnd >= 0 {
		s.nextEnd += from
	}
	return s.nextEnd
}

// pemEnd returns where the body of a PEM block starting at from ends, and
// where the block ends: after its END line (endAt is where the next
// "-----END " starts, or -1), or at the body end when the paste was cut.
func pemEnd(t string, from int, label string, endAt int) (bodyEnd, end int) {
	if j := endAt; j >= 0 {
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
			if clean && p > lineStart {
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

// urlPasswordAt checks scheme://user:password@host after the "://" (u is the
// start of the authority) and adds the password.
func (s *scanner) urlPasswordAt(u int) {
	t := s.text
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
		return
	}
	user, pass := t[u:colon], t[colon+1:at]
	if len(pass) >= 4 && pass != user && !repeated(pass) && !passwordPlaceholder(pass) {
		s.add(candidate{start: colon + 1, end: at, kind: kindURLPassword, prio: prioContext})
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

// basicAt checks "Basic <base64 of user:password>" with the value at v.
func (s *scanner) basicAt(v int) {
	t := s.text
	for v < len(t) && t[v] == ' ' {
		v++
	}
	end := v
	for end < len(t) && (isB64Std(t[end]) || t[end] == '=') {
		end++
	}
	if end-v < 12 || end-v > 512 || maskedAfter(t, end) {
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
}

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
	if len(val) < 16 || strings.Contains(val, "..") || maskedAfter(t, end) || !plausible(val, 3.0) {
		return
	}
	s.add(candidate{start: start, end: end, kind: kindBearer, prio: prioContext, tail: tailFor(val)})
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
	if strings.Contains(v, "://") || strings.Contains(v, "..") || strings.Contains(v, "**") || xRun(v) >= 4 || isUUID(v) {
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
	if repeated(body) || xRun(body) >= 6 {
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

// repeated reports whether s is one character repeated (ignoring - and _).
func repeated(s string) bool {
	var first byte
	seen := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == '_' {
			continue
		}
		if !seen {
			first, seen = c, true
		} else if c != first {
			return false
		}
	}
	return true
}

// xRun returns the length of the longest run of x or X in s (XXXX masks).
func xRun(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 == 'x' {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
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
// or Redact wrote ("..", "…", "*", "•" or "●", possibly after a dot), meaning
// the visible part is only the start of a key.
func maskedAfter(t string, end int) bool {
	r := strings.TrimLeft(t[end:], ".")
	if len(t)-end-len(r) >= 2 {
		return true
	}
	for _, m := range [...]string{"…", "*", "•", "●"} {
		if strings.HasPrefix(r, m) {
			return true
		}
	}
	return false
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

// leftBoundary reports whether a prefix may start at i: not right after a
// letter, digit or underscore, except after an escape such as \n or a
// percent-encoded byte such as %20.
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

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case;
// prefix must be lower case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c, p := s[i], prefix[i]
		if c != p && (!isLower(p) || c|0x20 != p) {
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
