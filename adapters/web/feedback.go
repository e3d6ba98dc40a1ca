package web

import (
	"net/http"

	"github.com/orfix/orfix/bot"
)

// feedbackView is the data of the page after a "Fixed it" / "Not yet" vote.
type feedbackView struct {
	page
	Message string
	// Next are entries to try after "Not yet".
	Next []linkView
	// Entry links back to the article voted on.
	Entry *linkView
}

// feedback is POST /feedback: a vote on an answer, recorded through the
// bot core's feedback path (one vote per person and entry), then a thank
// you and, after "Not yet", the entries to try next.
func (s *Server) feedback(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "Bad request", "The form could not be read. Go back and try again.")
		return
	}
	vote := bot.Vote(r.PostForm.Get("vote"))
	if vote != bot.VoteFixed && vote != bot.VoteNotYet {
		s.errorPage(w, r, http.StatusBadRequest, "Bad request", "Choose “Fixed it” or “Not yet”.")
		return
	}
	reply, err := s.core.Handle(r.Context(), bot.Request{
		Platform: bot.Web, Mode: bot.Feedback, Channel: "web", User: s.clientKey(r),
		EntryID: r.PostForm.Get("entry"), Vote: vote,
	})
	if err != nil {
		s.logErr(r, "feedback", err)
		s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong", "Your answer was not recorded. Try again in a moment.")
		return
	}
	v := feedbackView{page: s.page("Thanks", ""), Message: reply.Acknowledged, Next: links(reply.Alternatives)}
	if reply.Entry != nil {
		v.Entry = &linkView{Title: reply.Entry.Title, URL: entryPath(reply.Entry.ID)}
	}
	s.render(w, r, http.StatusOK, s.pages.feedback, v)
}
