package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// HTTP interactions: Discord POSTs every interaction to the endpoint,
// signed with the application's key. The handler keeps no state between
// requests, so any number of replicas can serve it.

// InteractionsHandler returns the handler for POST /discord/interactions.
// It answers 401 to any request whose signature does not verify over
// timestamp + body or whose timestamp is more than MaxSignatureAge away,
// 413 to a body over MaxInteractionBody, PING with PONG, and everything else
// with the interaction's response; slow work continues after the response
// is flushed, in the same handler.
func (a *Adapter) InteractionsHandler() http.Handler {
	return http.HandlerFunc(a.serveInteraction)
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	i, status := a.readInteraction(w, r)
	if status != http.StatusOK {
		http.Error(w, http.StatusText(status), status)
		return
	}
	out, ok := a.safeInteract(ctx, i)
	if !ok {
		out = respond(renderNotice(noticeFailed, true, false))
	}
	b, err := json.Marshal(out.resp)
	if err != nil {
		a.log.ErrorContext(ctx, "marshal response", "interaction", a.ids.Hash(i.ID), "err", bot.SafeError(err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
	if out.later == nil {
		return
	}
	// Send the acknowledgement, then do the slow work inside the handler:
	// Discord already has its answer, and a graceful shutdown waits for
	// the handler, so no follow-up is lost.
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	a.runLater(context.WithoutCancel(ctx), i, out.later)
}

// readInteraction reads, verifies and parses a request; the status is 200
// or the error status to answer.
func (a *Adapter) readInteraction(w http.ResponseWriter, r *http.Request) (*discordgo.Interaction, int) {
	ctx := r.Context()
	switch {
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		return nil, http.StatusMethodNotAllowed
	case a.pub == nil:
		return nil, http.StatusNotFound
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxInteractionBody))
	if err != nil {
		if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
			return nil, http.StatusRequestEntityTooLarge
		}
		return nil, http.StatusBadRequest
	}
	if err := a.verify(r.Header, body); err != nil {
		a.log.WarnContext(ctx, "interaction refused", "reason", bot.SafeError(err), "remote", a.ids.Hash(r.RemoteAddr))
		return nil, http.StatusUnauthorized
	}
	if a.core.Replayed(ctx, bot.Discord, r.Header.Get("X-Signature-Ed25519")) {
		a.log.WarnContext(ctx, "interaction refused: a replayed signature", "remote", a.ids.Hash(r.RemoteAddr))
		return nil, http.StatusConflict
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		a.log.WarnContext(ctx, "interaction not parsed", "err", bot.SafeError(err))
		return nil, http.StatusBadRequest
	}
	if i.AppID == "" {
		i.AppID = a.cfg.AppID // follow-ups go to /webhooks/{app id}/{token}
	}
	return &i, http.StatusOK
}

// safeInteract is interact with a panic turned into ok == false.
func (a *Adapter) safeInteract(ctx context.Context, i *discordgo.Interaction) (out outcome, ok bool) {
	defer a.recoverEvent(ctx, "interaction", i.ID)
	return a.interact(ctx, i), true
}

// runLater runs an interaction's slow work with its own deadline.
func (a *Adapter) runLater(ctx context.Context, i *discordgo.Interaction, later func(context.Context)) {
	ctx, cancel := context.WithTimeout(ctx, eventTimeout)
	defer cancel()
	defer a.recoverEvent(ctx, "follow-up", i.ID)
	later(ctx)
}

// verify checks the Ed25519 signature over timestamp + body and the
// timestamp's age, so a captured request cannot be replayed later.
func (a *Adapter) verify(h http.Header, body []byte) error {
	sigHex, ts := h.Get("X-Signature-Ed25519"), h.Get("X-Signature-Timestamp")
	if sigHex == "" || ts == "" {
		return errors.New("missing signature headers")
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errors.New("malformed signature")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("malformed timestamp")
	}
	if age := a.now().Sub(time.Unix(sec, 0)); age > MaxSignatureAge || age < -MaxSignatureAge {
		return errors.New("stale timestamp")
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(a.pub, msg, sig) {
		return errors.New("bad signature")
	}
	return nil
}
