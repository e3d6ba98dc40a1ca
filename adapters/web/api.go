package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

// matchRequest is the body of POST /api/v1/match.
type matchRequest struct {
	Text *string `json:"text"`
	// Tool, when set, is a tool id (see knowledge.Tools).
	Tool string `json:"tool"`
	// Top is how many ranked results to return (default 3, at most 25).
	Top int `json:"top"`
}

// apiError is the body of every API error.
type apiError struct {
	Error string `json:"error"`
}

// apiMatch is POST /api/v1/match: the `orfix match --json` object.
func (s *Server) apiMatch(w http.ResponseWriter, r *http.Request) {
	req, status, err := s.decodeMatch(w, r)
	if err != nil {
		writeJSON(w, status, apiError{Error: err.Error()})
		return
	}
	reply, err := s.core.Handle(r.Context(), s.request(r, "api", *req.Text, req.Tool, req.Top))
	switch {
	case err != nil:
		s.logErr(r, "handle api match", err)
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "internal error"})
	case reply.Silent && reply.Reason == bot.ReasonRateLimited:
		s.retryAfter(w)
		writeJSON(w, http.StatusTooManyRequests, apiError{Error: "rate limited: too many requests from this client, try again later"})
	default:
		s.writeMatch(w, bot.NewMatchJSON(reply))
	}
}

// writeMatch answers m with 200 OK, the bytes writeJSON would write, built
// without reflection in a buffer reused from one answer to the next.
func (s *Server) writeMatch(w http.ResponseWriter, m bot.MatchJSON) {
	bp, _ := s.replies.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	b, err := m.AppendJSON((*bp)[:0])
	if err != nil {
		s.replies.Put(bp)
		writeJSON(w, http.StatusOK, m)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	b = append(b, '\n')
	_, _ = w.Write(b)
	if cap(b) <= maxPooledReply {
		*bp = b
		s.replies.Put(bp)
	}
}

// maxPooledReply is the largest reply buffer kept for reuse.
const maxPooledReply = 64 << 10

// decodeMatch reads and checks a match request; on error it returns the
// HTTP status to answer with. The body is read whole into a pooled buffer
// and unmarshalled; a body that does not unmarshal as one JSON value (or
// whose read failed) is decoded again as a stream of the same bytes and
// the same read error, so its errors and statuses are those of a streaming
// decode.
func (s *Server) decodeMatch(w http.ResponseWriter, r *http.Request) (matchRequest, int, error) {
	var req matchRequest
	if r.ContentLength > MaxBody {
		return req, http.StatusRequestEntityTooLarge, errTooLarge
	}
	bp, _ := s.bodies.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	body, readErr := readAllInto((*bp)[:0], http.MaxBytesReader(w, r.Body, MaxBody))
	defer func() {
		if cap(body) <= maxPooledReply {
			*bp = body
			s.bodies.Put(bp)
		}
	}()
	if readErr != nil || json.Unmarshal(body, &req) != nil {
		req = matchRequest{}
		if status, err := decodeStream(io.MultiReader(bytes.NewReader(body), errReader{readErr}), &req); err != nil {
			return req, status, err
		}
	}
	if req.Text == nil {
		return req, http.StatusBadRequest, errors.New(`"text" is required`)
	}
	text, err := cleanText(*req.Text)
	if err != nil {
		return req, http.StatusBadRequest, err
	}
	if text == "" {
		return req, http.StatusBadRequest, errEmpty
	}
	req.Text = &text
	if checkTool(req.Tool) != nil {
		// The value is not echoed: it is user text and could hold a key.
		return req, http.StatusBadRequest, fmt.Errorf(`unknown "tool": use one of %s, or leave it out`, toolIDs())
	}
	if req.Top < 0 || req.Top > knowledge.MaxSuggestions {
		return req, http.StatusBadRequest, fmt.Errorf(`"top" must be between 1 and %d`, knowledge.MaxSuggestions)
	}
	return req, 0, nil
}

// apiMethodNotAllowed answers any method but POST on the API route.
func (s *Server) apiMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "POST")
	writeJSON(w, http.StatusMethodNotAllowed, apiError{Error: "method not allowed: use POST with a JSON body"})
}

// writeJSON answers v as JSON; json.Encoder escapes <, > and & so a paste
// echoed in "redacted" cannot become markup.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// toolIDs lists the known tool ids.
func toolIDs() string {
	ids := make([]string, len(knowledge.Tools()))
	for i, t := range knowledge.Tools() {
		ids[i] = t.ID
	}
	return strings.Join(ids, ", ")
}

// decodeStream decodes exactly one JSON value from body into req, as
// decodeMatch's slow path; on error it returns the HTTP status to answer.
func decodeStream(body io.Reader, req *matchRequest) (int, error) {
	dec := json.NewDecoder(body)
	if err := dec.Decode(req); err != nil {
		if tooLarge(err) {
			return http.StatusRequestEntityTooLarge, errTooLarge
		}
		return http.StatusBadRequest, fmt.Errorf("malformed JSON: %w", err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if tooLarge(err) {
			return http.StatusRequestEntityTooLarge, errTooLarge
		}
		return http.StatusBadRequest, errors.New("malformed JSON: more than one value in the body")
	}
	return 0, nil
}

// readAllInto reads r to its end or first error into b, as io.ReadAll
// does into a new slice.
func readAllInto(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// errReader reads nothing and returns err, or io.EOF when err is nil.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err == nil {
		return 0, io.EOF
	}
	return 0, e.err
}
