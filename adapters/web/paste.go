package web

import (
	"errors"
	"net/http"
	"strconv"
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
}

type toolOption struct {
	ID, Name string
	Selected bool
}

func toolOptions(selected string) []toolOption {
	out := make([]toolOption, 0, len(knowledge.Tools))
	for _, t := range knowledge.Tools {
		out = append(out, toolOption{ID: t.ID, Name: t.Heading, Selected: t.ID == selected})
	}
	return out
}

const homeTitle = "What does this OpenRouter error mean?"

// home is GET /: the paste box.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, s.pages.home, homeView{page: s.page(homeTitle, "paste"), Tools: toolOptions("")})
}

// paste is POST /: the same answer the chat gets, under the paste box.
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
	text, err = cleanText(text)
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
	case reply.Silent && reply.Reason == "rate-limited":
		s.retryAfter(w)
		v.Error = "You sent many pastes in a short time. Wait a minute, then try again."
		s.render(w, r, http.StatusTooManyRequests, s.pages.home, v)
		return
	case reply.Reason == "empty":
		v.Error = "Paste an error message first."
		s.render(w, r, http.StatusBadRequest, s.pages.home, v)
		return
	}
	a := s.md.answerView(reply)
	v.Answer = &a
	v.Title = answerTitle(a)
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
