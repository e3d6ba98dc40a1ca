package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestIssueRef checks issueRef against the regular expression it replaces.
func TestIssueRef(t *testing.T) {
	re := regexp.MustCompile(`^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})#([0-9]{1,9})$`)
	tests := []string{
		"OpenRouterTeam/openrouter-runner#12",
		"cline/cline#4001",
		"a/b#1",
		"-a/b#1",
		"a-/b.c_d-e#123456789",
		"a/b#1234567890",
		"a/b#",
		"/b#1",
		"a/#1",
		"a/b/c#1",
		"a/b#1#2",
		"a#1/b",
		"a/b#x1",
		"a b/c#1",
		"ä/b#1",
		strings.Repeat("o", 39) + "/r#1",
		strings.Repeat("o", 40) + "/r#1",
		"o/" + strings.Repeat("r", 100) + "#1",
		"o/" + strings.Repeat("r", 101) + "#1",
		"https://github.com/a/b/issues/1",
		"",
	}
	for _, src := range tests {
		owner, repo, num, ok := issueRef(src)
		m := re.FindStringSubmatch(src)
		if ok != (m != nil) {
			t.Errorf("issueRef(%q) ok = %v, the expression says %v", src, ok, m != nil)
			continue
		}
		if ok && (owner != m[1] || repo != m[2] || num != m[3]) {
			t.Errorf("issueRef(%q) = %q, %q, %q; want %q, %q, %q", src, owner, repo, num, m[1], m[2], m[3])
		}
	}
}
