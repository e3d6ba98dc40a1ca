package web

import "strings"

// issueRef splits "owner/repo#123", as the knowledge base writes issue
// sources: an owner of 1 to 39 letters, digits and dashes starting with a
// letter or digit, a repository of 1 to 100 letters, digits, dots,
// underscores and dashes, and an issue number of 1 to 9 digits. It is
// written out rather than a regular expression, whose bounded repeats
// would be compiled into a large program at every start.
func issueRef(src string) (owner, repo, num string, ok bool) {
	owner, rest, ok1 := strings.Cut(src, "/")
	repo, num, ok2 := strings.Cut(rest, "#")
	if !ok1 || !ok2 ||
		len(owner) < 1 || len(owner) > 39 || !isAlnum(owner[0]) || !allBytes(owner, isOwnerByte) ||
		len(repo) < 1 || len(repo) > 100 || !allBytes(repo, isRepoByte) ||
		len(num) < 1 || len(num) > 9 || !allBytes(num, isDigit) {
		return "", "", "", false
	}
	return owner, repo, num, true
}

func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool     { return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isOwnerByte(c byte) bool { return isAlnum(c) || c == '-' }
func isRepoByte(c byte) bool  { return isOwnerByte(c) || c == '.' || c == '_' }
