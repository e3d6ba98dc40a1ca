package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
)

// workspace is who answers one payload: the Web API client holding its
// team's bot token, and what goes with that token. The single-workspace
// bot token (Config.BotToken) is one workspace; every team installed
// through OAuth is another.
type workspace struct {
	api   *slackapi.Client
	token string // for file downloads; never logged
	// botUser is the bot's user id in the team; "" for the configured bot
	// token, whose id comes from auth.test.
	botUser string
	// admin and modChannel belong to the configured workspace only: an
	// admin token and a channel id make no sense in another team.
	admin      *slackapi.Client
	modChannel string
	// loaded is when an installed team's token was read from the store.
	loaded time.Time
}

// workspaceKey keys the workspace in a context.
type workspaceKey struct{}

// withWorkspace returns ctx carrying ws.
func withWorkspace(ctx context.Context, ws *workspace) context.Context {
	return context.WithValue(ctx, workspaceKey{}, ws)
}

// workspace is the workspace ctx carries, else the configured one (nil
// without a bot token).
func (a *Adapter) workspace(ctx context.Context) *workspace {
	if ws, ok := ctx.Value(workspaceKey{}).(*workspace); ok {
		return ws
	}
	return a.single
}

// client is the Web API client of ctx's workspace, or nil when there is
// no token to answer with.
func (a *Adapter) client(ctx context.Context) *slackapi.Client {
	if ws := a.workspace(ctx); ws != nil {
		return ws.api
	}
	return nil
}

// forTeam returns ctx carrying the workspace of team: its OAuth
// installation when there is one, else the configured bot token. Without
// either (or when the store fails) the context carries no client, and the
// payload is handled as without a bot token.
func (a *Adapter) forTeam(ctx context.Context, team string) context.Context {
	if a.installs == nil || team == "" {
		return withWorkspace(ctx, a.single)
	}
	ws, err := a.teams.get(ctx, a, team)
	switch {
	case err == nil:
		return withWorkspace(ctx, ws)
	case errors.Is(err, store.ErrNotFound):
		return withWorkspace(ctx, a.single)
	default:
		// Never fall back to another workspace's token on an error.
		a.log.ErrorContext(ctx, "slack: cannot load the workspace's token", "team", a.ids.Hash(team), "err", bot.SafeError(err))
		return withWorkspace(ctx, (*workspace)(nil))
	}
}

// teamCacheTTL bounds how long a replica keeps a team's client after
// reading it: a token another replica removed or replaced is used at most
// this long.
const teamCacheTTL = time.Minute

// teamCache holds the clients of installed teams.
type teamCache struct {
	mu   sync.Mutex
	byID map[string]*workspace
	now  func() time.Time
}

func newTeamCache() *teamCache {
	return &teamCache{byID: map[string]*workspace{}, now: time.Now}
}

// get returns team's workspace, from the cache or else from the store.
func (c *teamCache) get(ctx context.Context, a *Adapter, team string) (*workspace, error) {
	c.mu.Lock()
	ws, ok := c.byID[team]
	c.mu.Unlock()
	if ok && c.now().Sub(ws.loaded) < teamCacheTTL {
		return ws, nil
	}
	ws, err := a.loadTeam(ctx, team)
	if err != nil {
		c.drop(team)
		return nil, err
	}
	ws.loaded = c.now()
	c.mu.Lock()
	c.byID[team] = ws
	c.mu.Unlock()
	return ws, nil
}

// drop forgets team's client.
func (c *teamCache) drop(team string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.byID, team)
}

// sealedInstall is what the store keeps sealed for an installed team.
// TeamID lets a stored installation be opened without knowing its team
// beforehand (the incident alerts go through every installed workspace
// with a moderator channel); rows sealed before it was kept are bound to
// their team by the additional data instead, and are sealed again in the
// current form the first time they are used.
type sealedInstall struct {
	BotToken  string `json:"bot_token"`
	BotUserID string `json:"bot_user_id"`
	TeamID    string `json:"team_id,omitempty"`
}

// installAD is the additional data of a token sealed in the first form:
// it binds the token to its team, so a row copied to another team does
// not open.
func installAD(team string) []byte { return []byte("slack installation\x00" + team) }

// installADTeamInside is the additional data of the current form, where
// the team id is sealed inside and checked against the team asked for.
var installADTeamInside = []byte("slack installation\x00team inside")

// sealInstall seals an installed team's bot token and bot user id.
func (a *Adapter) sealInstall(team, token, botUser string) ([]byte, error) {
	plain, err := json.Marshal(sealedInstall{BotToken: token, BotUserID: botUser, TeamID: team})
	if err != nil {
		return nil, err
	}
	return a.key.Seal(plain, installADTeamInside)
}

// openInstall opens a stored installation of the current form.
func (a *Adapter) openInstall(sealed []byte) (sealedInstall, error) {
	plain, err := a.key.Open(sealed, installADTeamInside)
	if err != nil {
		return sealedInstall{}, fmt.Errorf("open the stored token: %w", err)
	}
	var s sealedInstall
	if err := json.Unmarshal(plain, &s); err != nil || s.BotToken == "" || s.TeamID == "" {
		return sealedInstall{}, errors.New("open the stored token: not an installation")
	}
	return s, nil
}

// installedWorkspace is the workspace of an opened installation.
func (a *Adapter) installedWorkspace(s sealedInstall) *workspace {
	return &workspace{api: slackapi.New(s.BotToken, a.apiOptions()...), token: s.BotToken, botUser: s.BotUserID}
}

// loadTeam reads and opens team's installation and makes its client. An
// installation sealed in the first form is sealed again in the current
// one (a failure to store it is logged; the token still answers).
func (a *Adapter) loadTeam(ctx context.Context, team string) (*workspace, error) {
	in, err := a.installs.Installation(ctx, team)
	if err != nil {
		return nil, err
	}
	s, err := a.openInstall(in.Sealed)
	if err == nil {
		if s.TeamID != team {
			return nil, errors.New("open the stored token: it belongs to another team")
		}
		return a.installedWorkspace(s), nil
	}
	plain, err := a.key.Open(in.Sealed, installAD(team))
	if err != nil {
		return nil, fmt.Errorf("open the stored token: %w", err)
	}
	if err := json.Unmarshal(plain, &s); err != nil || s.BotToken == "" {
		return nil, errors.New("open the stored token: not an installation")
	}
	s.TeamID = team
	if sealed, err := a.sealInstall(team, s.BotToken, s.BotUserID); err != nil {
		a.log.WarnContext(ctx, "slack: could not seal an installation again", "team", a.ids.Hash(team), "err", bot.SafeError(err))
	} else if err := a.installs.SaveInstallation(ctx, store.Installation{TeamID: team, Sealed: sealed, At: in.At}); err != nil {
		a.log.WarnContext(ctx, "slack: could not store an installation sealed again", "team", a.ids.Hash(team), "err", bot.SafeError(err))
	}
	return a.installedWorkspace(s), nil
}

// forget removes team's installation, for app_uninstalled and a revoked
// bot token: its token is deleted from the store and from the cache.
func (a *Adapter) forget(ctx context.Context, team, why string) {
	if a.installs == nil || team == "" {
		return
	}
	a.teams.drop(team)
	gone, err := a.installs.DeleteInstallation(ctx, team)
	if err != nil {
		a.log.ErrorContext(ctx, "slack: could not delete an installation", "team", a.ids.Hash(team), "why", why, "err", bot.SafeError(err))
		return
	}
	a.log.InfoContext(ctx, "slack: workspace removed", "team", a.ids.Hash(team), "why", why, "had_installation", gone)
}
