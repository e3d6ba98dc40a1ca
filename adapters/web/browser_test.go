package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/orfix/orfix/bot"
)

// findChromium returns the browser to drive. Without one the test is
// skipped on a workstation and fails in CI (CI set), which must run it.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("ORFIX_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	const msg = "no Chromium found (install Debian's chromium package, or set ORFIX_CHROMIUM to the browser)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI must run the browser test")
	}
	t.Skip(msg)
	return ""
}

// browserEvents records what the page did that the test must know about:
// JavaScript dialogs and Content-Security-Policy violations.
type browserEvents struct {
	dialogs atomic.Int32
	mu      sync.Mutex
	csp     []string
}

func (b *browserEvents) violations() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.csp...)
}

// TestBrowser drives the paste box in headless Chromium against the real
// handler on a loopback server: paste a LiteLLM 402 error, submit, read the
// entry title and its quick fixes, follow a related link to its article,
// and check that a paste holding markup renders as inert text.
func TestBrowser(t *testing.T) {
	// A guard against a hung browser, not a budget: the test takes about
	// 5 s on an idle 2-core machine, several times that on a loaded one.
	e, ts, bctx, ev := browserEnv(t, 90*time.Second)
	ctx := bctx
	start := time.Now()
	mark := func(step string) { t.Logf("%6.2fs %s", time.Since(start).Seconds(), step) }
	fail := func(step string, err error) {
		t.Helper()
		t.Fatalf("%s: %v", step, err)
	}

	want, err := e.bot.Handle(ctx, bot.Request{Platform: bot.Web, Mode: bot.Explicit, User: "browser-test", Text: litellm402})
	if err != nil || want.Entry == nil || len(want.Related) == 0 {
		t.Fatalf("the bot does not answer the paste: %v", err)
	}

	// 1. The paste box on a phone-sized screen (at twice the pixels when
	// the screenshots are for a person to look at).
	shots, viewing := screenshotDir(t)
	scale := 1.0
	if viewing {
		scale = 2
	}
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(scale), chromedp.EmulateMobile, chromedp.EmulatePortrait),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("text")),
	); err != nil {
		fail("open the paste box", err)
	}
	maxWidth, err := chromedp.Run(bctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("main")).maxWidth`))
	if err != nil || maxWidth == "none" {
		t.Errorf("the stylesheet is not applied (main max-width %q, %v)", maxWidth, err)
	}

	mark("paste box open")
	// 2. Type a real error and submit.
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.ID("text"), litellm402)); err != nil {
		fail("type the paste", err)
	}
	resp, err := chromedp.RunResponse(bctx, chromedp.Click(chromedp.ID("submit")))
	if err != nil {
		fail("submit", err)
	}
	if resp.Status != 200 {
		t.Fatalf("submit: status %d", resp.Status)
	}

	if loc, err := chromedp.Run(bctx, chromedp.Location()); err != nil || !strings.HasPrefix(loc, ts.URL+"/?q=") {
		t.Errorf("the answer has no address of its own: %q (%v)", loc, err)
	}
	mark("paste submitted")
	// 3. The right entry and its quick fixes.
	title, err := chromedp.Run(bctx, chromedp.Text(chromedp.ID("answer-title")))
	if err != nil {
		fail("read the answer title", err)
	}
	if title != want.Entry.Title {
		t.Errorf("answer title %q, want %q", title, want.Entry.Title)
	}
	fixes, err := chromedp.Run(bctx, chromedp.Text(chromedp.ID("quick-fixes-body")))
	if err != nil {
		fail("read the quick fixes", err)
	}
	if !strings.Contains(fixes, "Add credits at https://openrouter.ai/settings/credits") {
		t.Errorf("quick fixes: %q", clip(fixes, 300))
	}
	kept, err := chromedp.Run(bctx, chromedp.Value(chromedp.ID("text")))
	if err != nil || kept != litellm402 {
		t.Errorf("the textarea does not keep the paste: %q, %v", clip(kept, 80), err)
	}
	mark("answer read")
	shoot := func(name string) {
		t.Helper()
		quality := 80 // JPEG: small and quick
		if viewing {
			quality = 100 // PNG, to look at
			name += ".png"
		} else {
			name += ".jpg"
		}
		img, err := chromedp.Run(bctx, chromedp.FullScreenshot(quality))
		if err != nil {
			fail("screenshot "+name, err)
		}
		path := filepath.Join(shots, name)
		if err := os.WriteFile(path, img, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", path, len(img))
	}
	shoot("answer-phone")
	if viewing {
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 900)); err != nil {
			fail("desktop viewport", err)
		}
		shoot("answer-desktop")
	}

	mark("screenshot taken")
	// 4. Follow the first related link to its article.
	rel := want.Related[0]
	resp, err = chromedp.RunResponse(bctx, chromedp.Click(chromedp.CSS("#related a")))
	if err != nil {
		fail("follow the related link", err)
	}
	if resp.Status != 200 {
		t.Fatalf("related article: status %d", resp.Status)
	}
	loc, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil || loc != ts.URL+"/kb/"+rel.ID {
		t.Errorf("location %q, want %s/kb/%s (%v)", loc, ts.URL, rel.ID, err)
	}
	h1, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || h1 != rel.Title {
		t.Errorf("article h1 %q, want %q (%v)", h1, rel.Title, err)
	}
	if viewing {
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
			fail("phone viewport", err)
		}
		shoot("article-phone")
	}

	mark("related article read")
	// 5. A paste holding markup renders inert, as visible text.
	hostile := `<script>alert(1)</script> "><img src=x onerror=alert(1)>`
	if err := chromedp.Do(bctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("text")),
		chromedp.SendKeys(chromedp.ID("text"), hostile),
	); err != nil {
		fail("type the hostile paste", err)
	}
	if _, err := chromedp.RunResponse(bctx, chromedp.Click(chromedp.ID("submit"))); err != nil {
		fail("submit the hostile paste", err)
	}
	if err := chromedp.Do(bctx, chromedp.WaitVisible(chromedp.ID("answer-title")), chromedp.Sleep(200*time.Millisecond)); err != nil {
		fail("hostile answer", err)
	}
	shown, err := chromedp.Run(bctx, chromedp.Value(chromedp.ID("text")))
	if err != nil || shown != hostile {
		t.Errorf("the textarea shows %q, want the paste as text (%v)", shown, err)
	}
	counts, err := chromedp.Run(bctx, chromedp.Evaluate[[]int](`[[...document.scripts].filter(s => !s.src.includes("/static/copy.js")).length, document.images.length, document.querySelectorAll("[onerror]").length]`))
	if err != nil {
		fail("count elements", err)
	}
	if counts[0] != 0 || counts[1] != 0 || counts[2] != 0 {
		t.Errorf("the paste became markup: %d scripts, %d images, %d onerror attributes", counts[0], counts[1], counts[2])
	}
	if n := ev.dialogs.Load(); n != 0 {
		t.Errorf("%d JavaScript dialogs opened", n)
	}
	if v := ev.violations(); len(v) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", v)
	}

	mark("hostile paste checked")
	// 6. The tools list and Cline's page at phone and desktop width: the
	// list links the page, the key section's heading is visible, and
	// nothing is wider than the screen.
	for _, vp := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"phone", 390, 844, true}, {"desktop", 1280, 800, false}} {
		opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(scale)}
		if vp.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulatePortrait)
		}
		if err := chromedp.Do(bctx,
			chromedp.EmulateViewport(vp.w, vp.h, opts...),
			chromedp.Navigate(ts.URL+"/tools/"),
			chromedp.WaitVisible(chromedp.CSS(`a[href="/tools/cline"]`)),
		); err != nil {
			fail("open the tools list ("+vp.name+")", err)
		}
		shoot("tools-" + vp.name)
		if resp, err := chromedp.RunResponse(bctx, chromedp.Click(chromedp.CSS(`a[href="/tools/cline"]`))); err != nil || resp.Status != 200 {
			fail("open Cline's page ("+vp.name+")", fmt.Errorf("%v, %v", resp, err))
		}
		if err := chromedp.Do(bctx, chromedp.WaitVisible(chromedp.ID("key"))); err != nil {
			fail("key heading ("+vp.name+")", err)
		}
		heading, err := chromedp.Run(bctx, chromedp.Text(chromedp.ID("key")))
		if err != nil || heading != "Where the key goes" {
			t.Errorf("%s: key heading %q (%v)", vp.name, heading, err)
		}
		overflow, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || overflow {
			t.Errorf("%s: Cline's page is wider than the screen (%v)", vp.name, err)
		}
		shoot("tool-cline-" + vp.name)
	}
	if v := ev.violations(); len(v) > 0 {
		t.Errorf("Content-Security-Policy violations on the tools pages: %q", v)
	}
	mark("tools pages checked")
	// Control: the dialog listener does see a dialog, so "no dialog" above
	// means something.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`setTimeout(() => alert("control"), 0)`)); err != nil {
		fail("control dialog", err)
	}
	for deadline := time.Now().Add(5 * time.Second); ev.dialogs.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if ev.dialogs.Load() != 1 {
		t.Errorf("the control dialog was not seen")
	}
}

// screenshotDir is ORFIX_SCREENSHOT_DIR when set, for a person to look at
// the pages (then viewing is true: sharper PNG shots of more pages), else a
// temporary directory.
func screenshotDir(t *testing.T) (dir string, viewing bool) {
	if d := os.Getenv("ORFIX_SCREENSHOT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d, true
	}
	return t.TempDir(), false
}

// lockedWriter lets the browser's output goroutines share one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// browserEnv is the adapter on a loopback server and a headless Chromium,
// both ended when the test ends or after timeout.
func browserEnv(t *testing.T, timeout time.Duration) (*env, *httptest.Server, context.Context, *browserEvents) {
	t.Helper()
	chrome := findChromium(t)
	e := newEnv(t, envOpts{})
	ts := httptest.NewServer(e.handler)
	t.Cleanup(ts.Close)
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	t.Cleanup(cancel)
	bctx, ev := startBrowser(t, ctx, chrome)
	return e, ts, bctx, ev
}

// startBrowser starts headless Chromium for the test's lifetime (bounded by
// ctx) and records its dialogs and Content-Security-Policy violations.
func startBrowser(t *testing.T, ctx context.Context, chrome string) (context.Context, *browserEvents) {
	t.Helper()
	var chromeOut bytes.Buffer
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints,AutofillServerCommunication"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("no-proxy-server", true),
		// Nothing but loopback resolves: the browser cannot reach out.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.CombinedOutput(&lockedWriter{w: &chromeOut}),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	ev := &browserEvents{}
	if err := chromedp.Listen(bctx, func(v any) {
		switch v := v.(type) {
		case *cdppage.EventJavascriptDialogOpening:
			ev.dialogs.Add(1)
			go func() { // never run a command inside the listener
				_, _ = chromedp.Call(bctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
			}()
		case *cdplog.EventEntryAdded:
			if strings.Contains(v.Entry.Text, "Content Security Policy") {
				ev.mu.Lock()
				ev.csp = append(ev.csp, v.Entry.Text)
				ev.mu.Unlock()
			}
		case *runtime.EventConsoleAPICalled:
			for _, a := range v.Args {
				if strings.Contains(string(a.Value), "Content Security Policy") {
					ev.mu.Lock()
					ev.csp = append(ev.csp, string(a.Value))
					ev.mu.Unlock()
				}
			}
		}
	}); err != nil {
		t.Fatalf("start Chromium: %v\n%s", err, chromeOut.String())
	}
	return bctx, ev
}
