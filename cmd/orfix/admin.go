package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/orfix/orfix/adapters/discord"
	"github.com/orfix/orfix/adapters/slack"
	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

// cmdConfig: orfix config check FILE.
func cmdConfig(_ context.Context, e env, args []string) (int, error) {
	if len(args) != 2 || args[0] != "check" {
		return exitUsage, fmt.Errorf("%w: orfix config check FILE", errUsage)
	}
	// The file alone, but for ORFIX_SECRET_KEY, which no file may hold:
	// OAuth installs in the file need it.
	cfg, err := loadConfig(args[1], func(k string) string {
		if k == "ORFIX_SECRET_KEY" {
			return e.getenv(k)
		}
		return ""
	})
	if err != nil {
		fmt.Fprintln(e.stdout, err)
		return exitUsage, nil
	}
	if p := cfg.publicURLProblem(); p != "" {
		fmt.Fprintf(e.stdout, "%s: %s\n", args[1], p)
		return exitUsage, nil
	}
	fmt.Fprintf(e.stdout, "ok: %s (listen %s, public URL %s)\n", args[1], cfg.HTTP.Addr, cfg.HTTP.PublicURL)
	return exitOK, nil
}

// cmdStats: orfix stats [--config FILE] [--since 7d] [--json].
func cmdStats(ctx context.Context, e env, args []string) (int, error) {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	file := fs.String("config", "", "configuration file (for store.path, store.url and store.salt)")
	db := fs.String("db", "", "the store to read: an SQLite file or a postgres:// URL (overrides the configuration)")
	since := fs.String("since", "7d", "how far back: a duration such as 36h, or days such as 7d")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := fs.Parse(args); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	d, err := parseSince(*since)
	if err != nil {
		return exitUsage, fmt.Errorf("%w: --since: %v", errUsage, err)
	}
	st, err := openStatsStore(ctx, e, *file, *db)
	if err != nil {
		return exitUsage, err
	}
	defer st.Close()
	s, err := st.Stats(ctx, time.Now().Add(-d))
	if err != nil {
		return exitUsage, err
	}
	if *asJSON {
		return exitOK, json.NewEncoder(e.stdout).Encode(s)
	}
	fmt.Fprintf(e.stdout, "since %s: %d answers, %d explicit queries with no confident match\n\n", s.Since.Format(time.RFC3339), s.Answers, s.Unmatched)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ENTRY\tANSWERS\tFIXED\tNOT YET\tFIXED RATE")
	for _, x := range s.Entries {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.0f%%\n", x.EntryID, x.Answers, x.Fixed, x.NotYet, 100*x.FixedRate)
	}
	tw.Flush()
	if len(s.TopUnmatched) > 0 {
		fmt.Fprintln(e.stdout, "\nTop unmatched pastes (gaps in the knowledge base):")
		for _, u := range s.TopUnmatched {
			fmt.Fprintf(e.stdout, "%4d  %s\n", u.Count, strings.Join(strings.Fields(printable(u.Text)), " "))
		}
	}
	return exitOK, nil
}

func parseSince(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err != nil || n <= 0 {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration", s)
	}
	return d, nil
}

// cmdDiscord: orfix discord invite | register.
func cmdDiscord(ctx context.Context, e env, args []string) (int, error) {
	if len(args) == 0 {
		return exitUsage, fmt.Errorf("%w: orfix discord invite | register [--config FILE]", errUsage)
	}
	fs := flag.NewFlagSet("discord", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	file := fs.String("config", "", "configuration file")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	cfg, err := loadConfig(*file, e.getenv)
	if err != nil {
		return exitUsage, err
	}
	if cfg.Discord.AppID == "" {
		return exitUsage, fmt.Errorf("set DISCORD_APP_ID (or discord.app_id)")
	}
	switch args[0] {
	case "invite":
		fmt.Fprintln(e.stdout, discord.InviteURL(cfg.Discord.AppID))
		return exitOK, nil
	case "register":
		if cfg.Discord.Token == "" {
			return exitUsage, fmt.Errorf("set DISCORD_BOT_TOKEN (or discord.token)")
		}
		kb, err := knowledge.Load(cfg.KB.Dir)
		if err != nil {
			return exitUsage, err
		}
		d, err := discord.New(bot.New(kb, cfg.Bot), discord.Config{Token: cfg.Discord.Token, AppID: cfg.Discord.AppID, GuildIDs: cfg.Discord.GuildIDs}, nil)
		if err != nil {
			return exitUsage, err
		}
		if err := d.RegisterCommands(ctx); err != nil {
			return exitUsage, err
		}
		where := "globally (may take up to an hour to show)"
		if len(cfg.Discord.GuildIDs) > 0 {
			where = "in guilds " + strings.Join(cfg.Discord.GuildIDs, ", ")
		}
		fmt.Fprintf(e.stdout, "registered /orfix %s\n", where)
		return exitOK, nil
	}
	return exitUsage, fmt.Errorf("%w: unknown discord command %q", errUsage, args[0])
}

// cmdSlack: orfix slack manifest --url URL [--socket].
func cmdSlack(_ context.Context, e env, args []string) (int, error) {
	if len(args) == 0 || args[0] != "manifest" {
		return exitUsage, fmt.Errorf("%w: orfix slack manifest --url https://bot.example.com [--socket]", errUsage)
	}
	fs := flag.NewFlagSet("slack manifest", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	url := fs.String("url", "", "public base URL of orfix (HTTP mode)")
	socket := fs.Bool("socket", false, "Socket Mode: no public URL needed")
	admin := fs.Bool("admin-delete", false, "ask for the user scope that lets an admin token delete leaked keys")
	asJSON := fs.Bool("json", false, "JSON instead of YAML")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	if *url == "" && !*socket {
		return exitUsage, fmt.Errorf("%w: give --url https://bot.example.com, or --socket", errUsage)
	}
	m, err := slack.Manifest(slack.ManifestOptions{URL: strings.TrimRight(*url, "/"), Socket: *socket, AdminDelete: *admin, JSON: *asJSON})
	if err != nil {
		return exitUsage, err
	}
	_, err = e.stdout.Write(m)
	return exitOK, err
}
