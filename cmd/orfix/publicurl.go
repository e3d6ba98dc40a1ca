package main

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// chatOn reports whether a chat platform is configured: then every link
// orfix posts must open for people elsewhere.
func (c Config) chatOn() bool {
	return c.Discord.Token != "" || c.Discord.PublicKey != "" || c.Slack.SigningSecret != "" || c.Slack.AppToken != ""
}

// publicURLProblem says what is wrong with the public URL when a chat
// platform is on and the URL is a listen address (no host, a loopback or
// unspecified address, localhost): links built from it are dead for
// everyone else. It is "" when the URL is fine or no chat is on.
func (c Config) publicURLProblem() string {
	if !c.chatOn() {
		return ""
	}
	why := listenAddress(c.HTTP.PublicURL)
	if why == "" {
		return ""
	}
	return fmt.Sprintf("public URL %q %s, so the links orfix posts in Discord and Slack would not open for anyone: set ORFIX_PUBLIC_URL (or http.public_url) to the address people reach orfix at, e.g. https://orfix.example.com",
		c.HTTP.PublicURL, why)
}

// listenAddress says why u is a listen address rather than a public one,
// or "" when it is not.
func listenAddress(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return "has no host"
	}
	host := p.Hostname()
	switch {
	case host == "":
		return "has no host"
	case strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost"):
		return "is this machine (localhost)"
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return ""
	case ip.IsLoopback():
		return "is a loopback address"
	case ip.IsUnspecified():
		return "is the unspecified address " + host
	}
	return ""
}

// publicURLShape says what makes u unusable as the base of links: no
// http(s) scheme, or no host (addr ":8080" gives "http://:8080"); "" when
// it is well formed.
func publicURLShape(u string) string {
	p, err := url.Parse(u)
	switch {
	case err != nil:
		return fmt.Sprintf("public URL %q does not parse", u)
	case p.Scheme != "http" && p.Scheme != "https":
		return fmt.Sprintf("public URL %q needs an http:// or https:// scheme", u)
	case p.Hostname() == "":
		return fmt.Sprintf("public URL %q has no host (a listen address such as \":8080\" is not a URL people can open): set http.public_url or ORFIX_PUBLIC_URL", u)
	}
	return ""
}
