package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/seal"
	"github.com/orfix/orfix/bot/store"
)

// Distribution: with a client id and secret, GET /slack/install sends the
// browser to Slack's authorize page with a signed state; Slack sends it
// back to GET /slack/oauth/callback with a code, which orfix exchanges at
// oauth.v2.access for the workspace's bot token. The token is stored
// sealed (see package seal), and every payload from that workspace is
// answered with it.

// Paths of the install flow.
const (
	installPath  = "/slack/install"
	callbackPath = "/slack/oauth/callback"
)

// stateCookie carries the state's nonce in the browser that started the
// install.
const stateCookie = "orfix_slack_oauth"

// validateOAuth checks the OAuth settings without printing a secret.
func (c Config) validateOAuth() error {
	switch {
	case (c.ClientID == "") != (c.ClientSecret == ""):
		return errors.New("slack: OAuth installs need both the client id and the client secret (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET)")
	case c.ClientID != "" && c.SecretKey == "":
		return errors.New("slack: OAuth installs need ORFIX_SECRET_KEY, which encrypts each workspace's bot token; refusing to start the install flow without it")
	case c.ClientID != "" && c.SigningSecret == "" && c.AppToken == "":
		return errors.New("slack: OAuth installs need the signing secret (HTTP mode) or an app token (Socket Mode) to receive the workspaces' events")
	}
	return nil
}

// setupOAuth prepares the install flow when a client id is configured.
func (a *Adapter) setupOAuth() error {
	if a.cfg.ClientID == "" {
		return nil
	}
	if a.installs == nil {
		return errors.New("slack: OAuth installs need a store for the workspaces' tokens (store.path or store.url)")
	}
	key, err := seal.ParseKey(a.cfg.SecretKey)
	if err != nil {
		return fmt.Errorf("slack: ORFIX_SECRET_KEY: %w", err)
	}
	if a.stateKey, err = key.Derive(statePurpose, 32); err != nil {
		return fmt.Errorf("slack: %w", err)
	}
	a.key, a.teams = key, newTeamCache()
	a.nonces = a.shared
	if a.nonces == nil {
		a.nonces = store.NewMemShared(nil)
	}
	return nil
}

// WithInstallations keeps the workspaces installed through OAuth in st
// (required with Config.ClientID).
func WithInstallations(st store.Installations) Option { return func(a *Adapter) { a.installs = st } }

// registerOAuth mounts the install flow when OAuth is on.
func (a *Adapter) registerOAuth(mux *http.ServeMux) {
	if a.key == nil {
		return
	}
	mux.HandleFunc("GET "+installPath, a.serveInstall)
	mux.HandleFunc("GET "+callbackPath, a.serveCallback)
}

// redirectURL is where Slack sends the browser back.
func (a *Adapter) redirectURL() string {
	return strings.TrimRight(a.core.Config().PublicURL, "/") + callbackPath
}

// authorizeURL is Slack's authorize page (on the configured API host in
// tests).
func (a *Adapter) authorizeURL() string {
	if a.apiBase != nil {
		return (&url.URL{Scheme: a.apiBase.Scheme, Host: a.apiBase.Host, Path: "/oauth/v2/authorize"}).String()
	}
	return "https://slack.com/oauth/v2/authorize"
}

// serveInstall starts an install: a fresh state, its nonce in a cookie,
// and a redirect to Slack's authorize page.
func (a *Adapter) serveInstall(w http.ResponseWriter, r *http.Request) {
	state, nonce, err := newState(a.stateKey, time.Now())
	if err != nil {
		a.log.ErrorContext(r.Context(), "slack: cannot make an OAuth state", "err", bot.SafeError(err))
		writePage(w, http.StatusInternalServerError, page{Title: "Something went wrong", Message: "orfix could not start the installation. Try again in a moment.", Retry: true})
		return
	}
	http.SetCookie(w, a.stateCookie(nonce, int(stateTTL/time.Second)))
	q := url.Values{
		"client_id":    {a.cfg.ClientID},
		"scope":        {strings.Join(botScopes, ",")},
		"redirect_uri": {a.redirectURL()},
		"state":        {state},
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, a.authorizeURL()+"?"+q.Encode(), http.StatusFound)
}

// stateCookie is the cookie holding nonce; maxAge -1 deletes it.
func (a *Adapter) stateCookie(nonce string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: stateCookie, Value: nonce, Path: "/slack/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: strings.HasPrefix(a.core.Config().PublicURL, "https://"),
	}
}

// serveCallback finishes an install: it checks the state (signature,
// expiry, this browser's cookie, first use), exchanges the code for the
// workspace's bot token and stores it sealed.
func (a *Adapter) serveCallback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	http.SetCookie(w, a.stateCookie("", -1)) // one try per install link
	if e := q.Get("error"); e != "" {
		// The error is the sender's string: only whether it is Slack's
		// "access_denied" is logged.
		a.log.InfoContext(ctx, "slack: install cancelled", "access_denied", e == "access_denied")
		writePage(w, http.StatusOK, page{Title: "Not installed", Message: "The installation was cancelled in Slack; nothing was installed.", Retry: true})
		return
	}
	cookie := ""
	if c, err := r.Cookie(stateCookie); err == nil {
		cookie = c.Value
	}
	st, err := verifyState(a.stateKey, q.Get("state"), cookie, time.Now())
	if err == nil {
		err = a.claimState(ctx, st)
	}
	if err != nil {
		a.log.WarnContext(ctx, "slack: install refused: bad state", "err", err, "cookie", cookie != "")
		writePage(w, http.StatusForbidden, page{Title: "Install link not valid", Message: "This install link is invalid, expired, already used, or was opened in another browser. Start again from the same browser.", Retry: true})
		return
	}
	code := q.Get("code")
	if code == "" || len(code) > 512 {
		writePage(w, http.StatusBadRequest, page{Title: "Not installed", Message: "Slack sent no authorization code.", Retry: true})
		return
	}
	team, name, err := a.install(ctx, code)
	if err != nil {
		a.log.ErrorContext(ctx, "slack: install failed", "err", bot.SafeError(err))
		writePage(w, http.StatusBadGateway, page{Title: "Not installed", Message: "Slack did not complete the installation. Try again in a moment.", Retry: true})
		return
	}
	a.log.InfoContext(ctx, "slack: workspace installed", "team", a.ids.Hash(team))
	writePage(w, http.StatusOK, page{Title: "orfix is installed", Message: fmt.Sprintf("orfix is now in %s. Invite it to a channel (/invite @orfix), mention it, or run /orfix with an error.", name)})
}

// claimState makes a state single use, on every replica.
func (a *Adapter) claimState(ctx context.Context, st oauthState) error {
	first, err := a.nonces.Claim(ctx, "slack-oauth-state:"+encodeNonce(st.nonce), time.Until(st.expires)+time.Minute)
	switch {
	case err != nil:
		return fmt.Errorf("claim the state: %w", err)
	case !first:
		return fmt.Errorf("%w: used before", errState)
	}
	return nil
}

// install exchanges code at oauth.v2.access and stores the workspace's
// bot token sealed. It returns the team id and name.
func (a *Adapter) install(ctx context.Context, code string) (team, name string, err error) {
	var opts []slackapi.OAuthOption
	if a.cfg.APIURL != "" {
		opts = append(opts, slackapi.OAuthOptionAPIURL(a.cfg.APIURL))
	}
	resp, err := slackapi.GetOAuthV2ResponseContext(ctx, a.http, a.cfg.ClientID, a.cfg.ClientSecret, code, a.redirectURL(), opts...)
	if err != nil {
		return "", "", fmt.Errorf("oauth.v2.access: %w", err)
	}
	switch {
	case resp.IsEnterpriseInstall || resp.Team.ID == "":
		return "", "", errors.New("oauth.v2.access: an organisation-wide install; orfix installs per workspace")
	case resp.TokenType != "bot" || !strings.HasPrefix(resp.AccessToken, "xoxb-"):
		return "", "", errors.New("oauth.v2.access: no bot token in the answer")
	}
	sealed, err := a.sealInstall(resp.Team.ID, resp.AccessToken, resp.BotUserID)
	if err != nil {
		return "", "", err
	}
	if err := a.installs.SaveInstallation(ctx, store.Installation{TeamID: resp.Team.ID, Sealed: sealed}); err != nil {
		return "", "", err
	}
	a.teams.drop(resp.Team.ID)
	name = resp.Team.Name
	if name == "" {
		name = "your workspace"
	}
	return resp.Team.ID, name, nil
}
