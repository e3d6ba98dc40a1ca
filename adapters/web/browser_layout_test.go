package web

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core (MPL-2.0, testdata/axe), injected into pages by
// the layout test only; the site never serves it.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// axeViolation is one failed axe-core rule.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// TestBrowserLayout opens an answer page and two articles in headless
// Chromium at phone (390x844) and desktop (1280x800) size and checks that
// the quick fixes heading is on the first screen, that no page is wider
// than the screen, that every code block has a focusable copy button that
// copies it, and that axe-core finds no serious or critical violation.
func TestBrowserLayout(t *testing.T) {
	_, ts, bctx, ev := browserEnv(t, 120*time.Second)
	// Let the page read the clipboard back (writing needs only the click).
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(bctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: "granted", Origin: ts.URL,
		}); err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}
	shots := os.Getenv("ORFIX_SCREENSHOT_DIR")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	pages := []struct{ name, path string }{
		{"answer", answerURL(litellm402, "")},
		{"article", "/kb/openrouter-402-insufficient-credits"},
		{"article-code", "/kb/openrouter-401-invalid-key"},
		{"article-tool", "/kb/openrouter-401-invalid-key?tool=cline"},
	}
	viewports := []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"phone", 390, 844, true}, {"desktop", 1280, 800, false}}
	for _, vp := range viewports {
		opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
		if vp.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulatePortrait)
		}
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(vp.w, vp.h, opts...)); err != nil {
			t.Fatalf("viewport %s: %v", vp.name, err)
		}
		for _, p := range pages {
			name := p.name + "-" + vp.name
			if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+p.path), chromedp.WaitVisible(chromedp.ID("quick-fixes"))); err != nil {
				t.Fatalf("%s: open: %v", name, err)
			}
			box, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](
				`(() => { const r = document.getElementById("quick-fixes").getBoundingClientRect(); return [window.scrollY, r.top, r.bottom, window.innerHeight]; })()`))
			if err != nil {
				t.Fatalf("%s: measure: %v", name, err)
			}
			if box[0] != 0 || box[1] < 0 || box[2] > box[3] {
				t.Errorf("%s: the quick fixes heading is not on the first screen (scrollY %.0f, top %.0f, bottom %.0f, screen %.0f)", name, box[0], box[1], box[2], box[3])
			}
			t.Logf("%s: quick fixes heading at %.0f-%.0f px of %.0f", name, box[1], box[2], box[3])
			wide, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
			if err != nil || wide {
				t.Errorf("%s: the page is wider than the screen (%v)", name, err)
			}
			if shots != "" {
				img, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
				if err == nil {
					err = os.WriteFile(filepath.Join(shots, name+".png"), img, 0o644)
				}
				if err != nil {
					t.Fatalf("%s: screenshot: %v", name, err)
				}
			}
			checkAxe(t, bctx, name)
			if p.name == "article-code" && vp.mobile {
				checkCopyButton(t, bctx, name)
			}
		}
	}
	if v := ev.violations(); len(v) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", v)
	}
	// Control: axe-core does report a critical violation, so "none" above
	// means something.
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("main").append(document.createElement("img"))`)); err != nil {
		t.Fatal(err)
	}
	if vs := runAxe(t, bctx, "control"); !slices.ContainsFunc(vs, func(v axeViolation) bool { return v.ID == "image-alt" }) {
		t.Errorf("axe-core did not see an image without alt: %+v", vs)
	}
}

// checkAxe runs axe-core on the page and fails on any serious or critical
// violation. Contrast is left to a person: the dark and light schemes are
// picked by hand.
func checkAxe(t *testing.T, bctx context.Context, name string) {
	t.Helper()
	for _, v := range runAxe(t, bctx, name) {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, strings.Join(n.Target, " "))
		}
		msg := fmt.Sprintf("%s: axe %s (%s): %s at %q", name, v.ID, v.Impact, v.Help, targets)
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// runAxe injects axe-core into the page and returns its violations.
func runAxe(t *testing.T, bctx context.Context, name string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Fatalf("%s: inject axe-core: %v", name, err)
	}
	vs, err := chromedp.Run(bctx, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {resultTypes: ["violations"], rules: {"color-contrast": {enabled: false}}}).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", name, err)
	}
	return vs
}

// checkCopyButton checks the code blocks: each is focusable and has a copy
// button before it, the button takes keyboard focus, and a click puts the
// block's text on the clipboard.
func checkCopyButton(t *testing.T, bctx context.Context, name string) {
	t.Helper()
	counts, err := chromedp.Run(bctx, chromedp.Evaluate[[]int](
		`[document.querySelectorAll("pre").length, document.querySelectorAll("pre[tabindex='0']").length, document.querySelectorAll("button.copy").length]`))
	if err != nil {
		t.Fatalf("%s: count code blocks: %v", name, err)
	}
	if counts[0] == 0 || counts[1] != counts[0] || counts[2] != counts[0] {
		t.Fatalf("%s: %d code blocks, %d focusable, %d copy buttons", name, counts[0], counts[1], counts[2])
	}
	focused, err := chromedp.Run(bctx, chromedp.Evaluate[bool](
		`(() => { const b = document.querySelector("button.copy"); b.focus(); return document.activeElement === b; })()`))
	if err != nil || !focused {
		t.Errorf("%s: the copy button does not take focus (%v)", name, err)
	}
	want, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector("pre").innerText.replace(/\n$/, "")`))
	if err != nil {
		t.Fatalf("%s: read the code block: %v", name, err)
	}
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS("button.copy"))); err != nil {
		t.Fatalf("%s: click copy: %v", name, err)
	}
	var got string
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		got, err = chromedp.Run(bctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
		if err == nil && got == want {
			break
		}
	}
	if got != want {
		t.Errorf("%s: the clipboard holds %q, want the code block %q (%v)", name, clip(got, 80), clip(want, 80), err)
	}
	status, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(".copy-status")))
	if err != nil || status != "Copied" {
		t.Errorf("%s: copy status %q (%v)", name, status, err)
	}
}
