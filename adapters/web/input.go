package web

import (
	"errors"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

// Errors of reading a paste.
var (
	errTooLarge = errors.New("the request body is larger than 1 MiB")
	errBinary   = errors.New("the paste holds NUL bytes: it looks like a binary file, not an error message")
	errEmpty    = errors.New("the paste is empty")
	errTool     = errors.New("unknown tool")
)

// readForm reads the paste form (urlencoded or multipart), capped at
// MaxBody, and returns its text and tool fields.
func readForm(w http.ResponseWriter, r *http.Request) (text, tool string, err error) {
	if r.ContentLength > MaxBody {
		return "", "", errTooLarge
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		err = r.ParseMultipartForm(MaxBody)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		if tooLarge(err) {
			return "", "", errTooLarge
		}
		return "", "", err
	}
	return r.PostForm.Get("text"), r.PostForm.Get("tool"), nil
}

func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// cleanText refuses binary input (NUL bytes) and repairs invalid UTF-8.
func cleanText(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", errBinary
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s, nil
}

// checkTool accepts "" (detect the tool) or a known tool id.
func checkTool(id string) error {
	if id == "" || knownTool(id) {
		return nil
	}
	return errTool
}

func knownTool(id string) bool {
	for _, t := range knowledge.Tools() {
		if t.ID == id {
			return true
		}
	}
	return false
}

// redactString masks every secret in s; it is the only form in which text
// from a request reaches a log line.
func redactString(s string) (string, bool) {
	out, fs := bot.Redact(s)
	return out, len(fs) > 0
}
