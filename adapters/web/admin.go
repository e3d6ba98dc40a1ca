package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/orfix/orfix/bot/store"
)

// AdminConfig turns on the operator dashboard at /admin.
type AdminConfig struct {
	// Token is the operator's secret (ORFIX_ADMIN_TOKEN). Empty: no
	// dashboard, every /admin address answers 404.
	Token string
	// Store is read for the figures; nil shows a dashboard that says no
	// statistics are kept.
	Store store.DashboardReader
	// Incidents lists what is happening now (many people hitting one entry
	// at once); nil hides the section.
	Incidents func(ctx context.Context) []AdminIncident
	// TrustForwardedProto takes X-Forwarded-Proto: https as proof that the
	// browser talks HTTPS (to a proxy in front of orfix): the session
	// cookie is then marked Secure. Set it only behind such a proxy.
	TrustForwardedProto bool
	// SessionTTL is how long a login lasts; 0 means DefaultSessionTTL.
	SessionTTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// AdminIncident is one incident the dashboard lists.
type AdminIncident struct {
	EntryID string
	// Communities and Users count who hit the entry within the window.
	Communities, Users int
	Since              time.Time
}

// DefaultSessionTTL is how long an operator's login lasts.
const DefaultSessionTTL = 12 * time.Hour

// Dashboard window: ?days=N, 1 to maxAdminDays, default defaultAdminDays.
const (
	defaultAdminDays = 30
	maxAdminDays     = 365
	// maxGapsShown is the most coverage-gap clusters the page lists.
	maxGapsShown = 50
	// maxLoginForm bounds the login and logout bodies.
	maxLoginForm = 4 << 10
)

// admin is the dashboard's state on a Server.
type admin struct {
	cfg   AdminConfig
	auth  *adminAuth
	pages struct{ dashboard, login *template.Template }
}

// WithAdmin turns on the operator dashboard (see AdminConfig); with an
// empty token it stays off.
func WithAdmin(c AdminConfig) Option {
	return func(s *Server) {
		if c.Token == "" {
			return
		}
		if c.SessionTTL <= 0 {
			c.SessionTTL = DefaultSessionTTL
		}
		if c.Now == nil {
			c.Now = time.Now
		}
		a := &admin{cfg: c, auth: newAdminAuth(c.Token, c.SessionTTL, c.TrustForwardedProto)}
		a.pages.dashboard = parseAdminPage("templates/admin.html")
		a.pages.login = parseAdminPage("templates/admin_login.html")
		s.admin = a
	}
}

func parseAdminPage(file string) *template.Template {
	return template.Must(template.New("layout.html").ParseFS(templateFS, "templates/layout.html", file))
}

// registerAdmin adds GET /admin, the login and logout, and the draft
// downloads, when the dashboard is on; otherwise /admin falls through to
// the 404 page like any unknown address.
func (s *Server) registerAdmin(mux *http.ServeMux) {
	if s.admin == nil {
		return
	}
	mux.HandleFunc("GET /admin", s.adminDashboard)
	mux.HandleFunc("GET /admin/login", s.adminLoginPage)
	mux.HandleFunc("POST /admin/login", s.adminLogin)
	mux.HandleFunc("POST /admin/logout", s.adminLogout)
	mux.HandleFunc("GET /admin/gaps/{id}", s.adminDraft)
	mux.HandleFunc("/admin/", s.notFound)
}

// adminAccess is how a request to the dashboard is authorised.
type adminAccess int

const (
	accessNone    adminAccess = iota // not logged in: go to the login page
	accessSession                    // a valid session cookie
	accessBearer                     // Authorization: Bearer with the token
	accessDenied                     // a wrong bearer token: 401
	accessLimited                    // too many tries: 429
)

// authorize decides how r is let in. A bearer header is checked (and a
// wrong one counted as a login try) before any cookie.
func (s *Server) authorize(r *http.Request) (adminAccess, session) {
	a := s.admin
	if h := r.Header.Get("Authorization"); h != "" {
		client, now := s.clientKey(r), a.cfg.Now()
		if !a.auth.limiter.allow(client, now) {
			return accessLimited, session{} // even the right token: no oracle
		}
		token, ok := cutBearer(h)
		if a.auth.tokenOK(token) && ok {
			return accessBearer, session{}
		}
		a.auth.limiter.record(client, now)
		return accessDenied, session{}
	}
	if c, err := r.Cookie(adminCookie); err == nil {
		if sess, ok := a.auth.verify(c.Value, a.cfg.Now()); ok {
			return accessSession, sess
		}
	}
	return accessNone, session{}
}

// cutBearer returns the token of an "Authorization: Bearer" header.
func cutBearer(h string) (string, bool) {
	const prefix = "bearer "
	if len(h) < len(prefix) || !equalFoldASCII(h[:len(prefix)], prefix) {
		return "", false
	}
	return h[len(prefix):], true
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

// guard answers a request that is not let in and reports whether it did.
func (s *Server) guard(w http.ResponseWriter, r *http.Request) (session, bool) {
	adminHeaders(w)
	access, sess := s.authorize(r)
	switch access {
	case accessSession, accessBearer:
		return sess, false
	case accessLimited:
		s.tooManyTries(w, r)
	case accessDenied:
		w.Header().Set("WWW-Authenticate", `Bearer realm="orfix admin"`)
		plain(w, http.StatusUnauthorized, "unauthorized\n")
	default:
		http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	}
	return session{}, true
}

// adminHeaders keeps dashboard pages out of caches and search engines.
func adminHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
}

func (s *Server) tooManyTries(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", strconv.Itoa(int(loginWindow.Seconds())))
	s.errorPage(w, r, http.StatusTooManyRequests, "Too many tries",
		"Too many login attempts from this address. Wait a minute and try again.")
}

// loginView is the data of the login page.
type loginView struct {
	page
	Error string
}

// adminLoginPage is GET /admin/login; a logged-in operator goes on to the
// dashboard.
func (s *Server) adminLoginPage(w http.ResponseWriter, r *http.Request) {
	adminHeaders(w)
	if access, _ := s.authorize(r); access == accessSession {
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, s.admin.pages.login, loginView{page: s.page("Operator login", "admin")})
}

// adminLogin is POST /admin/login: the token from the form, checked in
// constant time, a few tries per minute per client address.
func (s *Server) adminLogin(w http.ResponseWriter, r *http.Request) {
	adminHeaders(w)
	a := s.admin
	if !sameOrigin(r) {
		s.errorPage(w, r, http.StatusForbidden, "Forbidden", "This form must be sent from orfix's own page.")
		return
	}
	client, now := s.clientKey(r), a.cfg.Now()
	if !a.auth.limiter.allow(client, now) {
		s.tooManyTries(w, r)
		return
	}
	a.auth.limiter.record(client, now) // every try counts, right or wrong
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginForm)
	if err := r.ParseForm(); err != nil || !a.auth.tokenOK(r.PostForm.Get("token")) {
		s.log.WarnContext(r.Context(), "admin login refused")
		s.render(w, r, http.StatusUnauthorized, a.pages.login,
			loginView{page: s.page("Operator login", "admin"), Error: "That token is not right."})
		return
	}
	value, _ := a.auth.newSession(a.cfg.Now())
	http.SetCookie(w, a.auth.cookie(r, value, int(a.cfg.SessionTTL.Seconds())))
	s.log.InfoContext(r.Context(), "admin login")
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}

// adminLogout is POST /admin/logout: with the session's CSRF token, the
// cookie is cleared. (The signed value itself stays valid until it
// expires; the browser no longer holds it.)
func (s *Server) adminLogout(w http.ResponseWriter, r *http.Request) {
	adminHeaders(w)
	a := s.admin
	access, sess := s.authorize(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginForm)
	if access != accessSession || !sameOrigin(r) || r.ParseForm() != nil || !a.auth.csrfOK(sess, r.PostForm.Get("csrf")) {
		s.errorPage(w, r, http.StatusForbidden, "Forbidden", "This form is out of date. Reload the dashboard and try again.")
		return
	}
	http.SetCookie(w, a.auth.cookie(r, "", -1))
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}

// sameOrigin refuses a form posted from another site. Browsers say where
// a request comes from in Sec-Fetch-Site; those that do not, in Origin,
// which must then name this host. (With Referrer-Policy: no-referrer a
// browser sends "Origin: null" even for the site's own forms, so Origin is
// the fallback, and "null" alone is refused.) A request naming neither,
// as a script's, passes: the session cookie is SameSite=Strict and the
// logout form carries the CSRF token.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin"
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && o != "null" && u.Host == r.Host
}

// adminDays reads ?days=N.
func adminDays(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("days"))
	if err != nil || n < 1 {
		return defaultAdminDays
	}
	return min(n, maxAdminDays)
}

// dashboard reads the figures for the last days days.
func (s *Server) dashboard(ctx context.Context, days int) (store.Dashboard, error) {
	now := s.admin.cfg.Now()
	since := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -(days - 1))
	return s.admin.cfg.Store.Dashboard(ctx, since, now)
}
