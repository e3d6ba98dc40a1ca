package web

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"
)

// TestAdminBrowser logs in to the dashboard in headless Chromium at phone
// and desktop size: a wrong token is refused, the right one shows the
// chart and the coverage gaps, nothing is wider than the screen, the
// session cookie is out of JavaScript's reach, and logging out returns to
// the login form. Set ORFIX_SCREENSHOT_DIR to keep the screenshots.
func TestAdminBrowser(t *testing.T) {
	chrome := findChromium(t)
	e := newAdminEnv(t, adminOpts{seed: 3000})
	ts := httptestServer(t, e)

	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	var out bytes.Buffer
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.CombinedOutput(&lockedWriter{w: &out}),
	)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	var mu sync.Mutex
	var csp []string
	if err := chromedp.Listen(bctx, func(v any) {
		if ev, ok := v.(*cdplog.EventEntryAdded); ok && strings.Contains(ev.Entry.Text, "Content Security Policy") {
			mu.Lock()
			csp = append(csp, ev.Entry.Text)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatalf("start Chromium: %v\n%s", err, out.String())
	}

	shots, viewing := screenshotDir(t)
	scale := 1.0
	if viewing {
		scale = 2
	}
	shoot := func(name string) {
		t.Helper()
		quality, ext := 80, ".jpg"
		if viewing {
			quality, ext = 100, ".png" // 100 makes a PNG
		}
		img, err := chromedp.Run(bctx, chromedp.FullScreenshot(quality))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+ext), img, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(scale), chromedp.EmulateMobile, chromedp.EmulatePortrait)

	// 1. The dashboard sends a stranger to the login form.
	if err := chromedp.Do(bctx, phone, chromedp.Navigate(ts+"/admin"), chromedp.WaitVisible(chromedp.ID("token"))); err != nil {
		t.Fatalf("open /admin: %v", err)
	}
	if loc, _ := chromedp.Run(bctx, chromedp.Location()); loc != ts+"/admin/login" {
		t.Errorf("location %q, want the login page", loc)
	}
	shoot("admin-login-phone")

	// 2. A wrong token is refused.
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.ID("token"), "not-the-token"), chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("login-error"))); err != nil {
		t.Fatalf("wrong token: %v", err)
	}

	// 3. The right one shows the dashboard.
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.ID("token"), adminToken), chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("gaps-table"))); err != nil {
		t.Fatalf("log in: %v", err)
	}
	check := func(vp string) {
		t.Helper()
		got, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](`[
			document.querySelectorAll("#chart svg rect.bar").length,
			document.querySelector("#chart svg").getBoundingClientRect().width,
			document.querySelector("main").getBoundingClientRect().width,
			document.querySelectorAll("#gaps-table tbody tr").length,
			document.querySelectorAll("#entries-table tbody tr").length,
			document.documentElement.scrollWidth > window.innerWidth ? 1 : 0,
			document.cookie.length]`))
		if err != nil {
			t.Fatalf("%s: read the page: %v", vp, err)
		}
		bars, svgW, mainW, gapRows, entryRows, overflow, cookieLen := got[0], got[1], got[2], got[3], got[4], got[5], got[6]
		if bars != 30 {
			t.Errorf("%s: %v bars, want 30", vp, bars)
		}
		if svgW < mainW*0.8 || svgW > mainW {
			t.Errorf("%s: chart %vpx wide in a %vpx column", vp, svgW, mainW)
		}
		if gapRows < 3 || entryRows < 3 {
			t.Errorf("%s: %v gap rows, %v entry rows", vp, gapRows, entryRows)
		}
		if overflow != 0 {
			t.Errorf("%s: the page is wider than the screen", vp)
		}
		if cookieLen != 0 {
			t.Errorf("%s: JavaScript can read a cookie (the session must be HttpOnly)", vp)
		}
	}
	check("phone")
	shoot("admin-phone")
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 800, chromedp.EmulateScale(scale)), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.ID("gaps-table"))); err != nil {
		t.Fatalf("desktop: %v", err)
	}
	check("desktop")
	shoot("admin-desktop")

	// 4. Log out: back to the login form, and the dashboard is closed.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.Navigate(ts+"/admin"), chromedp.WaitVisible(chromedp.ID("token"))); err != nil {
		t.Fatalf("log out: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(csp) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", csp)
	}
}

// httptestServer serves the admin env on loopback for the browser.
func httptestServer(t *testing.T, e *adminEnv) string {
	t.Helper()
	ts := httptest.NewServer(e.handler)
	t.Cleanup(ts.Close)
	return ts.URL
}
