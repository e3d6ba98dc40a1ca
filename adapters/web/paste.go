package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

// homeView is the data of the paste page.
type homeView struct {
	page
	// Text is what the textarea shows: after a submit, the paste with
	// every secret masked (Reply.Redacted), never the raw paste.
	Text   string
	Tools  []toolOption
	Error  string
	Answer *answerView
	// ShareURL is the answer's own address (the masked paste in the
	// query); NotShareable is set instead when the paste is too long for
	// one.
	ShareURL     string
	NotShareable bool
	// Masked is set when the paste arrived with secrets already masked
	// (an answer address): the page says so.
	Masked bool
}

type toolOption struct {
	ID, Name string
	Selected bool
}

func toolOptions(selected string) []toolOption {
	out := make([]toolOption, 0, len(knowledge.Tools()))
	for _, t := range knowledge.Tools() {
		out = append(out, toolOption{ID: t.ID, Name: t.Heading, Selected: t.ID == selected})
	}
	return out
}

const homeTitle = "What does this OpenRouter error mean?"

// maxShareURL is the longest answer address POST / redirects to; a longer
// paste is answered on the POST itself.
const maxShareURL = 6 << 10

// maskMark is what bot.Redact leaves in place of a secret's middle.
const maskMark = "…[redacted]…"

// answerURL is the shareable address of the answer to a redacted paste.
func answerURL(redacted, tool string) string {
	v := url.Values{"q": {redacted}}
	if tool != "" {
		v.Set("tool", tool)
	}
	return "/?" + v.Encode()
}

// home is GET /: the paste box, or with ?q= (and ?tool=) the answer to
// that paste, which is the address POST / redirects to.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !q.Has("q") {
		s.render(w, r, http.StatusOK, s.pages.home, homeView{page: s.page(homeTitle, "paste"), Tools: toolOptions("")})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	text, tool := q.Get("q"), q.Get("tool")
	if redacted, leaked := redactString(text); leaked {
		// A hand-made address with a key in it: move the browser to the
		// masked one so the key leaves the address bar and the history.
		http.Redirect(w, r, answerURL(redacted, tool), http.StatusSeeOther)
		return
	}
	s.answer(w, r, text, tool, true)
}

// paste is POST /: it redirects to the answer's own address, built from
// the paste with its secrets masked; a paste too long for an address is
// answered here, with a note that it cannot be shared.
func (s *Server) paste(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	text, tool, err := readForm(w, r)
	switch {
	case errors.Is(err, errTooLarge):
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, "Paste too large",
			"The paste is larger than 1 MiB. Paste only the error message and the lines around it.")
		return
	case err != nil:
		s.errorPage(w, r, http.StatusBadRequest, "Bad request", "The form could not be read. Reload the page and try again.")
		return
	}
	// Errors (a binary paste, an unknown tool, nothing but spaces) are
	// answered here, by answer.
	if clean, err := cleanText(text); err == nil && checkTool(tool) == nil {
		redacted, _ := redactString(clean)
		if target := answerURL(redacted, tool); strings.TrimSpace(redacted) != "" && len(target) <= maxShareURL {
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
	}
	s.answer(w, r, text, tool, false)
}

// answer renders the answer to a paste under the paste box. shareable says
// whether the answer has an address of its own (a GET).
func (s *Server) answer(w http.ResponseWriter, r *http.Request, text, tool string, shareable bool) {
	text, err := cleanText(text)
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "Not a text paste",
			"The paste holds NUL bytes, so it looks like a binary file. Paste the error message as text.")
		return
	}
	v := homeView{page: s.page(homeTitle, "paste"), Tools: toolOptions(tool)}
	if checkTool(tool) != nil {
		// The select offers only known tools; anything else is not from it.
		v.Tools = toolOptions("")
		v.Text, _ = redactString(text)
		v.Error = "Choose a tool from the list, or leave it on “Detect automatically”."
		s.render(w, r, http.StatusBadRequest, s.pages.home, v)
		return
	}
	reply, err := s.core.Handle(r.Context(), s.request(r, "web", text, tool, 0))
	v.Text = reply.Redacted
	switch {
	case err != nil:
		s.logErr(r, "handle paste", err)
		s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong",
			"orfix could not answer this paste. Try again in a moment.")
		return
	case reply.Silent && reply.Reason == bot.ReasonRateLimited:
		s.retryAfter(w)
		v.Error = "You sent many pastes in a short time. Wait a minute, then try again."
		s.render(w, r, http.StatusTooManyRequests, s.pages.home, v)
		return
	case reply.Reason == bot.ReasonEmpty:
		v.Error = "Paste an error message first."
		s.render(w, r, http.StatusBadRequest, s.pages.home, v)
		return
	}
	a := s.md.answerView(reply)
	v.Answer = &a
	v.Title = answerTitle(a)
	if shareable {
		v.ShareURL = answerURL(text, tool)
	} else {
		v.NotShareable = true
	}
	v.Masked = !reply.HasSecrets() && strings.Contains(text, maskMark)
	s.render(w, r, http.StatusOK, s.pages.home, v)
}

// answerTitle is the page title of an answer.
func answerTitle(a answerView) string {
	if a.Matched {
		return a.Title
	}
	return "Not sure which error this is"
}

// request builds the bot request of a web paste (channel "web") or an API
// call (channel "api").
func (s *Server) request(r *http.Request, channel, text, tool string, top int) bot.Request {
	return bot.Request{
		Platform: bot.Web, Mode: bot.Explicit,
		Channel: channel, User: s.clientKey(r),
		Text: text, Tool: tool, Top: top,
	}
}

// retryAfter sets Retry-After to the bot's rate window.
func (s *Server) retryAfter(w http.ResponseWriter) {
	secs := int(s.core.Config().UserRateWindow / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
}
