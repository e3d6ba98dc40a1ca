package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/orfix/orfix/adapters/discord"
	"github.com/orfix/orfix/adapters/slack"
	"github.com/orfix/orfix/adapters/web"
	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/knowledge"
)

func cmdServe(ctx context.Context, e env, args []string) (int, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	file := fs.String("config", "", "configuration file (see config.example.yaml)")
	kbDir := fs.String("kb", "", "knowledge-base directory laid over the embedded one (overrides kb.dir)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (for measurement)")
	memProfile := fs.String("memprofile", "", "write a heap profile to this file at shutdown (for measurement)")
	if err := fs.Parse(args); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	stopProfiles, err := startProfiles(*cpuProfile, *memProfile)
	if err != nil {
		return exitUsage, err
	}
	defer func() { _ = stopProfiles() }()
	cfg, err := loadConfig(*file, e.getenv)
	if err != nil {
		return exitUsage, err
	}
	if *kbDir != "" {
		cfg.KB.Dir = *kbDir
	}
	log := newLogger(e, cfg.Log)
	if !isTerminal(e.stderr) {
		// Under load, one write per batch of lines, not per line.
		logs := newBatchWriter(e.stderr, logInterval)
		defer logs.Close()
		e.stderr = logs
		log = slog.New(flushingHandler{newLogger(e, cfg.Log).Handler(), logs})
	}
	log.Info("starting orfix", "version", version, "config", cfg) // Config.LogValue names no credential
	applyMemoryLimit(cfg.Runtime, e.getenv, log)
	if p := cfg.publicURLProblem(); p != "" {
		log.Warn("DEAD LINKS: "+p, "env", "ORFIX_PUBLIC_URL")
	}
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("serve", "err", err)
		return exitUsage, err
	}
	return exitOK, nil
}

// newLogger logs JSON unless stderr is a terminal (or log.format says otherwise).
func newLogger(e env, c LogConfig) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	format := c.Format
	if format == "auto" || format == "" {
		format = "json"
		if isTerminal(e.stderr) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(e.stderr, opts))
	}
	return slog.New(newJSONHandler(e.stderr, opts)) // slog.JSONHandler's lines, faster
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// storeQueue is how many statistics records may wait to be written; a
// killed process loses at most these and one batch in flight.
const storeQueue = 8192

// retentionEvery is how often the store's retention of unmatched pastes
// is applied (and once at start).
const retentionEvery = time.Hour

// storeReserve is the share of the shutdown budget kept for flushing the
// store: the adapters' work in flight may use the rest.
const storeReserve = 4

// slackOptions de-duplicates Slack events in shared when there is one.
func slackOptions(shared store.Shared) []slack.Option {
	if shared == nil {
		return nil
	}
	return []slack.Option{slack.WithShared(shared)}
}

// serve runs the web adapter and every chat adapter whose credentials are
// set until ctx is done, then shuts down cleanly.
func serve(ctx context.Context, cfg Config, log *slog.Logger) error {
	// Listen first: /healthz (liveness) answers while the knowledge base
	// loads and the store opens; /readyz and every other route answer 503
	// until everything is set up (see startGate).
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	gate := &startGate{}
	srv := web.NewHTTPServer(gate, log)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	opened := false
	defer func() {
		if !opened {
			_ = srv.Close() // a failed start answers nothing more
		}
	}()
	// The knowledge base loads while the store opens.
	type loaded struct {
		kb  *knowledge.KB
		fp  uint64
		err error
	}
	kbDone := make(chan loaded, 1)
	go func() {
		kb, fp, err := loadKB(cfg.KB.Dir)
		kbDone <- loaded{kb, fp, err}
	}()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := bot.NewMetrics(reg)
	opts := []bot.Option{bot.WithLogger(log), bot.WithMetrics(metrics), bot.WithIncidents(cfg.Incidents)}
	var checks []web.Check  // the web adapter checks the knowledge base itself
	var shared store.Shared // with PostgreSQL: state every replica sees
	var st *store.Buffered  // nil without a store
	var dash store.DashboardReader
	var storeDB store.Store // the store itself, under the write queue
	if cfg.Store.target() != "" {
		db, err := openStore(ctx, cfg.Store, true)
		if err != nil {
			return err
		}
		// Writes leave the request path: a busy channel never waits on disk.
		storeDB = db
		st = store.NewBuffered(db, storeQueue, log)
		// Flushed last, inside the shutdown budget (see shutdown); this
		// covers the early returns.
		defer func() { _ = st.Close() }()
		opts = append(opts, bot.WithStore(st))
		bot.RegisterStore(reg, st)
		checks = append(checks, web.Check{Name: "store", Fn: st.Health, Degrades: true})
		dash, _ = db.(store.DashboardReader) // reads skip the write queue
		if sh, ok := db.(store.Shared); ok {
			// A claim this replica won is answered here until it expires.
			shared = store.NewWonClaims(sh)
			opts = append(opts, bot.WithShared(shared))
		}
		if ss, ok := db.(store.SettingsStore); ok {
			opts = append(opts, bot.WithSettings(ss)) // reads and writes skip the queue
		}
	}
	if cfg.Store.Salt != "" {
		cfg.Bot.LogKey = []byte(cfg.Store.Salt) // log ids correlate across replicas
	}
	kl := <-kbDone
	if kl.err != nil {
		return fmt.Errorf("knowledge base: %w", kl.err)
	}
	kb, kbPrint := kl.kb, kl.fp
	core := bot.New(kb, cfg.Bot, opts...)
	log.Info("knowledge base loaded", "entries", kb.Len(), "dir", cfg.KB.Dir)

	mux := http.NewServeMux()
	runners := []func(context.Context) error{core.RunIncidents, core.RunSettings}
	if pr, ok := storeDB.(store.UnmatchedPruner); ok {
		ret := cfg.Store.retention()
		runners = append(runners, func(ctx context.Context) error { return ret.Keep(ctx, pr, retentionEvery, time.Now, log) })
	}
	var alerts []func(context.Context, string) // moderator channels

	if cfg.Discord.Token != "" || cfg.Discord.PublicKey != "" {
		d, err := discord.New(core, discord.Config{
			Token: cfg.Discord.Token, AppID: cfg.Discord.AppID, PublicKey: cfg.Discord.PublicKey,
			GuildIDs: cfg.Discord.GuildIDs, ModChannel: cfg.Discord.ModChannel, ReplyInThread: cfg.Discord.ReplyInThread,
			ShardID: cfg.Discord.ShardID, ShardCount: cfg.Discord.ShardCount, MessageContent: cfg.Discord.MessageContent,
		}, log)
		if err != nil {
			return err
		}
		d.Register(mux)
		alerts = append(alerts, d.AlertModerators)
		checks = append(checks, web.Check{Name: "discord", Fn: func(context.Context) error { return d.Ready() }})
		runners = append(runners, d.Run)
		log.Info("discord adapter on", "gateway", cfg.Discord.Token != "", "http_interactions", cfg.Discord.PublicKey != "")
	} else {
		log.Info("discord adapter off: set DISCORD_BOT_TOKEN (gateway) or DISCORD_PUBLIC_KEY (HTTP interactions) to turn it on")
	}
	if cfg.Slack.SigningSecret != "" || cfg.Slack.AppToken != "" {
		sopts := slackOptions(shared)
		if in, ok := storeDB.(store.Installations); ok && cfg.Slack.ClientID != "" {
			sopts = append(sopts, slack.WithInstallations(in))
		}
		s, err := slack.New(core, slack.Config{
			BotToken: cfg.Slack.BotToken, SigningSecret: cfg.Slack.SigningSecret, AppToken: cfg.Slack.AppToken,
			AdminToken: cfg.Slack.AdminToken, ModChannel: cfg.Slack.ModChannel, APIURL: cfg.Slack.APIURL,
			ClientID: cfg.Slack.ClientID, ClientSecret: cfg.Slack.ClientSecret, SecretKey: cfg.SecretKey,
			Admins: cfg.Slack.Admins,
		}, log, sopts...)
		if err != nil {
			return err
		}
		s.Register(mux)
		alerts = append(alerts, s.AlertModerators)
		checks = append(checks, web.Check{Name: "slack", Fn: func(context.Context) error { return s.Ready() }})
		runners = append(runners, s.Run)
		log.Info("slack adapter on", "http", cfg.Slack.SigningSecret != "", "socket_mode", cfg.Slack.AppToken != "", "oauth_installs", cfg.Slack.ClientID != "")
	} else {
		log.Info("slack adapter off: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN with SLACK_BOT_TOKEN (Socket Mode) to turn it on")
	}
	alertIncidents(core, log, alerts...)
	w := web.New(core, reg, checks, log, web.WithClientRate(cfg.HTTP.ClientRate, cfg.HTTP.ClientWindow),
		web.WithAdminToken(cfg.HTTP.AdminToken),
		web.WithAdmin(web.AdminConfig{Token: cfg.HTTP.AdminToken, Store: dash, Incidents: adminIncidents(core),
			TrustForwardedProto: strings.HasPrefix(cfg.HTTP.PublicURL, "https://")}))
	w.Register(mux)

	gate.open(w.Wrap(mux))
	opened = true
	runCtx, stopRunners := context.WithCancel(ctx)
	defer stopRunners()
	var wg sync.WaitGroup
	for _, run := range runners {
		wg.Go(func() {
			if err := run(runCtx); err != nil {
				log.Error("adapter stopped", "err", err)
			}
		})
	}
	if cfg.KB.Dir != "" {
		wg.Go(func() { watchKB(runCtx, cfg.KB, kbPrint, core, metrics, log) })
	}
	log.Info("orfix serving", "addr", ln.Addr().String(), "public_url", cfg.HTTP.PublicURL)

	select {
	case err := <-serveErr:
		stopRunners()
		wg.Wait()
		return fmt.Errorf("http: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "budget", cfg.HTTP.ShutdownTimeout)
	if err := shutdown(cfg.HTTP.ShutdownTimeout, srv, stopRunners, &wg, st, log); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// shutdown stops everything within one budget, in order: the HTTP server
// (no new requests; those in flight finish), then the Gateway and Socket
// Mode (their handlers and follow-ups in flight finish), then the store
// writes everything acknowledged. The adapters may use the budget but for
// a reserve kept for the store.
func shutdown(budget time.Duration, srv *http.Server, stopRunners func(), wg *sync.WaitGroup, st *store.Buffered, log *slog.Logger) error {
	deadline := time.Now().Add(budget)
	ctx, cancel := context.WithDeadline(context.Background(), deadline.Add(-budget/storeReserve))
	defer cancel()
	var errs []error
	if err := srv.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("http: %w", err))
	}
	stopRunners()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		log.Warn("shutdown: adapters still busy at the deadline; flushing the store anyway")
	}
	if st != nil {
		flushCtx, cancelFlush := context.WithDeadline(context.Background(), deadline)
		defer cancelFlush()
		if err := st.Shutdown(flushCtx); err != nil {
			errs = append(errs, fmt.Errorf("store: %w", err))
		}
		log.Info("store flushed", "written", st.Written(), "dropped", st.Dropped())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
