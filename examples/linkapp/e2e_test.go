package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ofauth-go/ofauth"
)

// Bounds of the browser test: each step, and the whole run (browser start
// included), so a stuck page fails the test instead of hanging it.
const (
	e2eStepTimeout  = 15 * time.Second
	e2eTotalTimeout = 90 * time.Second
)

// chromiumPath finds Chromium. Where it is missing the test fails in CI
// (CI is set), since a skipped browser test would pass unnoticed there, and
// is skipped on a developer's machine.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "/usr/bin/chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const install = "apt-get update && apt-get install -y --no-install-recommends chromium (or bash .ci/install-chromium)"
	if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
		t.Fatalf("Chromium is required for the browser test in CI and was not found; install it with: %s", install)
	}
	t.Skipf("Chromium not found; install it to run the browser test: %s", install)
	return ""
}

// browserFlags start a headless Chromium that stays off the network: this
// machine reaches no host but loopback, and Chromium's background traffic
// (updates, sync, QUIC probes) would otherwise fail slowly.
func browserFlags(execPath, userDataDir string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(userDataDir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1100, 900),
	)
}

// browser drives one tab through the test's steps.
type browser struct {
	t   *testing.T
	ctx context.Context
	dir string // where screenshots go
}

// newBrowser starts Chromium; it is stopped when the test ends.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath(t)
	root, cancelRoot := context.WithTimeout(context.Background(), e2eTotalTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(root, browserFlags(path, t.TempDir())...)
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the browser process to exit
		cancelRoot()
	})
	// The first Run starts the browser with ctx itself: a per-step timeout
	// here would kill the browser when the step ends.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	dir := os.Getenv("LINKAPP_E2E_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	return &browser{t: t, ctx: ctx, dir: dir}
}

// step runs actions within e2eStepTimeout; on failure it saves a
// screenshot of the page to show where the flow stopped.
func (b *browser) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, e2eStepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		shot := b.screenshot("failed-" + strings.ReplaceAll(name, " ", "-"))
		b.t.Fatalf("step %q: %v (screenshot: %s)", name, err, shot)
	}
}

// screenshot saves the whole page as a PNG and returns its path ("" when
// it could not be taken).
func (b *browser) screenshot(name string) string {
	ctx, cancel := context.WithTimeout(b.ctx, e2eStepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 is PNG
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	path := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	return path
}

// location returns the tab's current URL.
func (b *browser) location() *url.URL {
	b.t.Helper()
	loc := read(b, "read location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("location %q: %v", loc, err)
	}
	return u
}

// text returns the visible text of the element sel matches.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return read(b, "read "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// read runs one action that returns a value, within e2eStepTimeout.
func read[T any](b *browser, name string, action chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, e2eStepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		b.t.Fatalf("step %q: %v (screenshot: %s)", name, err, b.screenshot("failed-"+strings.ReplaceAll(name, " ", "-")))
	}
	return v
}

// linkConnectButton is the Connect button of the hosted Link page.
const linkConnectButton = chromedp.Search(`//button[normalize-space(.)="Connect"]`)

// completeHostedLink clicks through the hosted Link page the tab is on
// and waits for the app's callback page; it returns the connection id of
// the redirect.
func (b *browser) completeHostedLink(h *harness) string {
	b.t.Helper()
	b.step("hosted Link page", chromedp.WaitVisible(linkConnectButton))
	if loc := b.location(); !strings.HasPrefix(loc.String(), h.fake.URL+"/link/cs_") {
		b.t.Fatalf("on %s, want the hosted Link page", loc)
	}
	b.step("click Connect on Link", chromedp.Click(linkConnectButton))
	b.step("callback page", chromedp.WaitVisible(chromedp.ID("result")))
	loc := b.location()
	if loc.Path != "/callback" || !strings.HasPrefix(loc.String(), h.url) {
		b.t.Fatalf("on %s, want the app's callback", loc)
	}
	if got := b.text("h1"); got != "Account connected" {
		b.t.Fatalf("callback heading %q", got)
	}
	id := loc.Query().Get("connection_id")
	if id == "" {
		b.t.Fatalf("callback %s without connection_id", loc)
	}
	return id
}

// expectConnectionData checks the detail page shows the profile and fans.
func (b *browser) expectConnectionData(username string) {
	b.t.Helper()
	b.step("profile and subscribers",
		chromedp.WaitVisible(chromedp.ID("profile")),
		chromedp.WaitVisible(chromedp.CSS("#subscribers tbody tr")))
	if got := b.text("#profile"); !strings.Contains(got, "@"+username) {
		b.t.Fatalf("profile %q lacks @%s", got, username)
	}
	fans := read(b, "count subscribers", chromedp.Evaluate[int](`document.querySelectorAll("#subscribers tbody tr").length`))
	if fans == 0 {
		b.t.Fatal("no subscriber rows")
	}
}

// TestBrowserLinkFlow drives the app in headless Chromium through the
// checklist: connect through the hosted Link page, see the connection the
// webhook stored, read its profile and fans, lose the session, reconnect
// through Link, and read the data again.
func TestBrowserLinkFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := newBrowser(t)
	h := newHarness(t)

	b.step("open the app",
		chromedp.Navigate(h.url+"/"),
		chromedp.WaitVisible(chromedp.ID("connect")))
	b.step("click Connect OnlyFans", chromedp.Click(chromedp.ID("connect")))
	id := b.completeHostedLink(h)

	// connection.created is asynchronous: wait for it, then the list must
	// show the account as active.
	c := h.waitForStatus(id, ofauth.ConnectionActive)
	row := fmt.Sprintf(`tr[data-connection=%q]`, id)
	b.step("back to the list",
		chromedp.Click(chromedp.ID("back")),
		chromedp.WaitVisible(chromedp.CSS(row+` .status-active`)))
	if got := b.text(row); !strings.Contains(got, "@"+c.Username) {
		t.Fatalf("list row %q lacks @%s", got, c.Username)
	}

	b.screenshot("linkapp-list")

	b.step("open the connection", chromedp.Click(chromedp.CSS(row+` a`)))
	b.expectConnectionData(c.Username)

	// The session ends at OnlyFans: the app learns it from the webhook or
	// from the failing Access call, whichever comes first.
	if err := h.fake.ExpireConnection(id); err != nil {
		t.Fatal(err)
	}
	b.step("reload shows Reconnect",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.ID("reconnect")))
	if got := b.text("#status"); got != string(ofauth.ConnectionExpired) {
		t.Fatalf("status %q after expiry", got)
	}

	b.step("click Reconnect", chromedp.Click(chromedp.ID("reconnect")))
	if again := b.completeHostedLink(h); again != id {
		t.Fatalf("reconnect returned connection %s, want %s", again, id)
	}
	h.waitForStatus(id, ofauth.ConnectionActive)
	b.step("open the reconnected connection",
		chromedp.Navigate(h.url+"/connections/"+url.PathEscape(id)),
		chromedp.WaitVisible(chromedp.ID("status")))
	if got := b.text("#status"); got != string(ofauth.ConnectionActive) {
		t.Fatalf("status %q after reconnect", got)
	}
	b.expectConnectionData(c.Username)

	t.Logf("final page: %s", b.screenshot("linkapp-connection"))
	// The flow shows on /metrics: each item of the checklist's monitoring
	// list has its metric.
	assertChecklistMetrics(t, h)
}
