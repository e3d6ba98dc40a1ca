package web

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
	"github.com/prometheus/client_golang/prometheus"
)

// Core is what the web adapter needs from the bot core; *bot.Bot
// implements it.
type Core interface {
	// Handle answers one request (see bot.Bot.Handle).
	Handle(ctx context.Context, req bot.Request) (bot.Reply, error)
	// KB is the knowledge base the bot answers from now.
	KB() *knowledge.KB
	// Config is the bot's configuration with defaults filled in.
	Config() bot.Config
}

// Check is one named readiness check for GET /readyz. Fn returns nil when
// the part it checks is ready; it should return quickly and honour ctx.
type Check struct {
	Name string
	Fn   func(ctx context.Context) error
	// Degrades marks a part the replica answers without (the statistics
	// store): its failure is reported as "degraded" and /readyz stays 200,
	// so an outage of a shared database does not take every replica out
	// of the load balancer.
	Degrades bool
}

// MaxBody is the largest request body the paste form and the API accept;
// a larger one is answered 413.
const MaxBody = 1 << 20

// Option configures a Server.
type Option func(*Server)

// WithClientKey sets how a request's sender is named in the bot request
// (Request.User: the bot keeps it only hashed, for statistics and any
// per-user policy). The default is the remote address's host; behind a
// trusted reverse proxy, use the header it sets.
func WithClientKey(f func(*http.Request) string) Option {
	return func(s *Server) { s.clientKey = f }
}

// WithClientRate limits every client (by WithClientKey) to n requests per
// window to the pages and the API, with bursts of n; n <= 0 turns the limit
// off (for deployments behind a proxy that limits per client).
func WithClientRate(n int, window time.Duration) Option {
	return func(s *Server) { s.limiter = newClientLimiter(n, window, nil) }
}

// WithAdminToken lets a request with "Authorization: Bearer token" read the
// details of GET /readyz from anywhere; others than loopback clients get
// the bare status. An empty token allows only loopback clients.
func WithAdminToken(token string) Option {
	return func(s *Server) { s.adminToken = token }
}

// Defaults of the per-client rate limit (off unless WithClientRate).
const (
	DefaultClientRate   = 120
	DefaultClientWindow = time.Minute
)

// NewHTTPServer returns the http.Server for h with orfix's limits: header
// size, read, write and idle timeouts. errLog receives the server's own
// errors (nil: discard).
func NewHTTPServer(h http.Handler, errLog *slog.Logger) *http.Server {
	if errLog == nil {
		errLog = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Handler:           h,
		MaxHeaderBytes:    MaxHeaderBytes,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(errLog.Handler(), slog.LevelWarn),
	}
}

// Server is the web adapter. It is safe for concurrent use.
type Server struct {
	core      Core
	gatherer  prometheus.Gatherer
	checks    []Check
	log       *slog.Logger
	clientKey func(*http.Request) string
	limiter   *clientLimiter // nil: no per-client limit
	// adminToken unlocks the details of /readyz for non-loopback clients.
	adminToken string
	admin      *admin // nil: no operator dashboard (see WithAdmin)

	md           *markdown
	pages        pages
	static       fs.FS
	assetVersion string

	replies sync.Pool // of *[]byte: API answers' buffers (see writeMatch)
	bodies  sync.Pool // of *[]byte: API requests' bodies (see decodeMatch)
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// New returns the web adapter over core. gatherer backs GET /metrics (nil:
// no /metrics route); checks are the owner's readiness checks, run by
// GET /readyz after the built-in "knowledge-base" check; log receives one
// line per request (nil: discard).
func New(core Core, gatherer prometheus.Gatherer, checks []Check, log *slog.Logger, opts ...Option) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		core: core, gatherer: gatherer, checks: checks, log: log, clientKey: remoteHost, md: newMarkdown(),
	}
	for _, o := range opts {
		o(s)
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(fmt.Sprintf("web: embedded static files: %v", err)) // cannot happen: the directory is embedded
	}
	s.static = static
	s.assetVersion = assetVersion(static)
	s.pages = mustParsePages()
	return s
}

// Handler returns every web route on its own mux, wrapped in the security
// headers, request logging and panic recovery. Use it when the web adapter
// is the only thing on the listener.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Register(mux)
	return s.Wrap(mux)
}

// Register adds the web routes to mux: GET and POST /, GET /kb/,
// GET /kb/{id}, POST /api/v1/match, GET /healthz, GET /readyz,
// GET /metrics (when a gatherer was given), GET /static/, and a catch-all
// 404 page. Other adapters may add their own routes (for example
// POST /discord/interactions) to the same mux; serve it through Wrap.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("POST /{$}", s.paste)
	mux.HandleFunc("/{$}", s.methodNotAllowed("GET, HEAD, POST"))
	mux.HandleFunc("POST /feedback", s.feedback)
	mux.HandleFunc("/feedback", s.methodNotAllowed("POST"))

	mux.HandleFunc("GET /kb", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/kb/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /kb/{$}", s.kbIndex)
	mux.HandleFunc("/kb/{$}", s.methodNotAllowed("GET, HEAD"))
	mux.HandleFunc("GET /kb/{id}", s.article)
	mux.HandleFunc("/kb/{id}", s.methodNotAllowed("GET, HEAD"))
	s.registerTools(mux)

	mux.HandleFunc("POST /api/v1/match", s.apiMatch)
	mux.HandleFunc("/api/v1/match", s.apiMethodNotAllowed)

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if s.gatherer != nil {
		mux.Handle("GET /metrics", s.metricsHandler())
	}
	mux.Handle("GET /static/", s.staticHandler())
	s.registerAdmin(mux)
	mux.HandleFunc("/", s.notFound)
}

// remoteHost is the default client key: the host of the remote address.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// assetVersion is a short hash of the static files, added to their URLs so
// a browser never keeps a stale stylesheet.
func assetVersion(static fs.FS) string {
	h := sha256.New()
	_ = fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(static, p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:10]
}

// staticHandler serves the embedded stylesheet and icon.
func (s *Server) staticHandler() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(s.static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if st, err := fs.Stat(s.static, name); err != nil || st.IsDir() || !fs.ValidPath(name) {
			s.notFound(w, r) // no directory listings
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}

// page is what every page template gets.
type page struct {
	Title        string
	AssetVersion string
	// Nav marks the current section of the site: "paste" or "kb".
	Nav string
}

func (s *Server) page(title, nav string) page {
	return page{Title: title, AssetVersion: s.assetVersion, Nav: nav}
}
