package bot

// Byte-level helpers: character classes, word boundaries, token ends and
// case-insensitive matching. They never decode UTF-8.

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

func oneOfFold(s string, words []string) bool {
	for _, w := range words {
		if len(w) == len(s) && hasPrefixFold(s, w) {
			return true
		}
	}
	return false
}

func skipBlanks(t string, j int) int {
	for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
		j++
	}
	return j
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
