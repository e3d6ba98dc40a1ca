package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// maxInput bounds a paste read from the command line or standard input.
const maxInput = 1 << 20

// readText returns the text of the positional arguments, or standard input
// when the only argument is "-" or there is none. Binary input and input
// over maxInput are usage errors; invalid UTF-8 is repaired with U+FFFD and
// reported on stderr.
func readText(e env, args []string) (string, error) {
	var data []byte
	if len(args) == 0 || len(args) == 1 && args[0] == "-" {
		b, err := io.ReadAll(io.LimitReader(e.stdin, maxInput+1))
		if err != nil {
			return "", fmt.Errorf("reading standard input: %w", err)
		}
		data = b
	} else {
		data = []byte(strings.Join(args, " "))
	}
	if len(data) > maxInput {
		return "", fmt.Errorf("%w: input is over %d bytes; paste the error and a few lines around it", errUsage, maxInput)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", fmt.Errorf("%w: input looks binary (it holds NUL bytes); paste the error text", errUsage)
	}
	if !utf8.Valid(data) {
		fmt.Fprintln(e.stderr, "orfix: input is not valid UTF-8; invalid bytes were replaced with U+FFFD")
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	if strings.TrimSpace(string(data)) == "" {
		return "", fmt.Errorf("%w: nothing to match: give the error text as arguments or on standard input", errUsage)
	}
	return string(data), nil
}
