package bot

// Discord bot tokens and webhook URLs.

import (
	"encoding/base64"
	"strings"

	"github.com/orfix/orfix/internal/lazyre"
)

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

// webhookBase matches what must precede "/webhooks/" in a Discord webhook URL.
var webhookBase = lazyre.New(`(?:https?://)?(?:ptb\.|canary\.)?discord(?:app)?\.com/api(?:/v\d+)?$`)

// webhookAt checks a Discord webhook URL around the "/webhooks/" at i and
// adds its token part.
func (s *scanner) webhookAt(i int) {
	t := s.text
	if !webhookBase().MatchString(t[max(0, i-48):i]) {
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
