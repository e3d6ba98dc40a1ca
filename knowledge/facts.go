package knowledge

import (
	"strconv"
	"strings"
)

// Facts are what a paste states, read through the wrappers the normaliser
// handles (log prefixes, Python reprs, escaped JSON). Every field is empty
// when the paste does not state it. Fixes choose and fill themselves from
// facts by name (see [Facts.Get] for the names).
type Facts struct {
	// Status is the HTTP status the paste reports.
	Status int `json:"status,omitempty"`
	// Code is OpenRouter's error.code (a number such as "429", or a string
	// type such as "context_length_exceeded").
	Code string `json:"code,omitempty"`
	// Message is OpenRouter's error.message.
	Message string `json:"message,omitempty"`
	// Provider is metadata.provider_name.
	Provider string `json:"provider,omitempty"`
	// ProviderMessage and ProviderType are the provider's own message and
	// error type, read from metadata.raw.
	ProviderMessage string `json:"provider_message,omitempty"`
	ProviderType    string `json:"provider_type,omitempty"`
	// Model is the first model slug ("author/slug[:variant]").
	Model string `json:"model,omitempty"`
	// Limit names the OpenRouter limit hit, e.g. "free-models-per-day".
	Limit string `json:"limit,omitempty"`
	// ContextLimit, RequestedTokens and MaxTokens are the token figures.
	ContextLimit    int `json:"context_limit,omitempty"`
	RequestedTokens int `json:"requested_tokens,omitempty"`
	MaxTokens       int `json:"max_tokens,omitempty"`
	// FinishReason is a choice's finish_reason, e.g. "error" or "length".
	FinishReason string `json:"finish_reason,omitempty"`
	// BaseURL is the API base URL the request went to, and PathProblem
	// what is wrong with it: "doubled-v1", "missing-api-v1" or
	// "other-vendor-host".
	BaseURL     string `json:"base_url,omitempty"`
	PathProblem string `json:"path_problem,omitempty"`
	// Endpoint is the API endpoint an OpenRouter URL in the paste names:
	// "chat/completions", "completions", "embeddings", "images",
	// "responses", "messages" or "models".
	Endpoint string `json:"endpoint,omitempty"`
	// Tool and ToolVersion name the program that printed the paste.
	Tool        string `json:"tool,omitempty"`
	ToolVersion string `json:"tool_version,omitempty"`
	// Exception is the SDK or language exception class, e.g.
	// "openai.RateLimitError" or "KeyError".
	Exception string `json:"exception,omitempty"`
	// Origin says whose error it is: "openrouter" (OpenRouter's answer),
	// "other-vendor" (another vendor's API), "client" (an exception in the
	// tool with no OpenRouter answer in it), or "" when unknown.
	Origin string `json:"origin,omitempty"`
}

// FactNames lists the names [Facts.Get] knows, for lint and docs. Besides
// the fields, "overshoot" is RequestedTokens - ContextLimit and "free" is
// "yes" when the model is a ":free" variant; "variant" is the model's
// variant suffix ("free", "online", "nitro", ...).
var FactNames = []string{
	"status", "code", "message", "provider", "provider_message", "provider_type", "model", "limit",
	"context_limit", "requested_tokens", "max_tokens", "overshoot", "finish_reason", "base_url",
	"path_problem", "endpoint", "tool", "tool_version", "exception", "origin", "free", "variant",
}

// Get returns the named fact as text, and whether the paste states it.
func (f Facts) Get(name string) (string, bool) {
	num := func(n int) (string, bool) {
		if n <= 0 {
			return "", false
		}
		return strconv.Itoa(n), true
	}
	str := func(s string) (string, bool) { return s, s != "" }
	switch name {
	case "status":
		return num(f.Status)
	case "code":
		return str(f.Code)
	case "message":
		return str(f.Message)
	case "provider":
		return str(f.Provider)
	case "provider_message":
		return str(f.ProviderMessage)
	case "provider_type":
		return str(f.ProviderType)
	case "model":
		return str(f.Model)
	case "limit":
		return str(f.Limit)
	case "context_limit":
		return num(f.ContextLimit)
	case "requested_tokens":
		return num(f.RequestedTokens)
	case "max_tokens":
		return num(f.MaxTokens)
	case "overshoot":
		if f.ContextLimit > 0 && f.RequestedTokens > f.ContextLimit {
			return strconv.Itoa(f.RequestedTokens - f.ContextLimit), true
		}
		return "", false
	case "finish_reason":
		return str(f.FinishReason)
	case "base_url":
		return str(f.BaseURL)
	case "path_problem":
		return str(f.PathProblem)
	case "endpoint":
		return str(f.Endpoint)
	case "tool":
		return str(f.Tool)
	case "tool_version":
		return str(f.ToolVersion)
	case "exception":
		return str(f.Exception)
	case "origin":
		return str(f.Origin)
	case "variant":
		if i := strings.LastIndexByte(f.Model, ':'); i > 0 && i < len(f.Model)-1 {
			return f.Model[i+1:], true
		}
		return "", false
	case "free":
		if strings.HasSuffix(f.Model, ":free") && len(f.Model) > len(":free") {
			return "yes", true
		}
		return "", false
	}
	return "", false
}
