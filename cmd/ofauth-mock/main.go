// Command ofauth-mock serves the fake OFAuth API of package ofauthtest as a
// standalone process, for tests in any language and docker-compose stacks:
//
//	go run github.com/ofauth-go/ofauth/cmd/ofauth-mock@latest -addr 127.0.0.1:8080
//
// Once listening it prints three lines to standard output, in the
// KEY=value form of an env file:
//
//	OFAUTH_BASE_URL=http://127.0.0.1:8080
//	OFAUTH_API_KEY=sk_sandbox_…
//	OFAUTH_WEBHOOK_SECRET=whsec_…
//
// The key and secret are credentials of this fake server only, made up
// at start (or fixed with -key and -webhook-secret); printing them is the
// point, so the system under test can be configured with them. Never pass
// real OFAuth credentials.
//
// The server is ofauthtest.Server: the Account, Connections and Link
// endpoints, the hosted Link page, the Access endpoints it implements, and
// Svix-signed webhooks to -webhook-url. Its scenario controls (complete,
// cancel or fail a Link session, expire or delete a connection, revoke a
// permission, emit an event, fail webhook deliveries, inject faults, list
// the requests it received) are served as JSON under /_ofauthtest/, with
// the same apiKey header; the ofauthtest package documentation lists them.
//
// SIGINT or SIGTERM stops it gracefully: requests in progress get up to
// -shutdown-timeout to finish, then it exits with status 0.
//
// Flags:
//
//	-addr               address to listen on (default 127.0.0.1:0: a free port)
//	-key                API key to accept (default: a random sk_sandbox_ key)
//	-webhook-secret     webhook signing secret, "whsec_…" (default: random)
//	-webhook-url        where to POST webhooks (default: none; PUT /_ofauthtest/webhook-url sets it later)
//	-redirect-url       an allowed Link redirect URL; repeat it or separate with commas (default: any)
//	-public-url         base URL for the links the server hands out, when clients reach it by another name
//	-seed               seed of the generated data (default 1)
//	-subscribers        fans of every connected creator (default 45)
//	-rate               Access requests a minute per connection, 0 for no limit (default 60)
//	-burst              Access token bucket capacity (default 90)
//	-webhook-attempts   delivery attempts per event (default 5)
//	-webhook-retry-wait first wait between attempts, doubling (default 5ms)
//	-shutdown-timeout   how long requests in progress may take at shutdown (default 5s)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run serves until ctx ends and returns the exit status: 0 after a clean
// shutdown, 2 for bad flags, 1 when the server cannot start or stop.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ofauth-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on; port 0 picks a free one")
	key := fs.String("key", "", "API key to accept (default: a random sk_sandbox_ key)")
	secret := fs.String("webhook-secret", "", `webhook signing secret, "whsec_" and base64 (default: random)`)
	webhookURL := fs.String("webhook-url", "", "where to POST webhooks")
	publicURL := fs.String("public-url", "", "base URL for the links the server hands out (default: its own address)")
	var redirects []string
	fs.Func("redirect-url", "an allowed Link redirect URL; repeat it or separate URLs with commas (default: any)", func(v string) error {
		for _, u := range strings.Split(v, ",") {
			if u = strings.TrimSpace(u); u != "" {
				redirects = append(redirects, u)
			}
		}
		return nil
	})
	seed := fs.Int64("seed", 1, "seed of the generated data")
	subscribers := fs.Int("subscribers", ofauthtest.DefaultSubscribers, "fans of every connected creator")
	rate := fs.Int("rate", ofauthtest.DefaultRatePerMinute, "Access requests a minute per connection; 0 for no limit")
	burst := fs.Int("burst", ofauthtest.DefaultRateBurst, "Access token bucket capacity")
	attempts := fs.Int("webhook-attempts", ofauthtest.DefaultWebhookAttempts, "delivery attempts per event")
	retryWait := fs.Duration("webhook-retry-wait", ofauthtest.DefaultWebhookRetryWait, "first wait between delivery attempts; it doubles")
	grace := fs.Duration("shutdown-timeout", 5*time.Second, "how long requests in progress may take at shutdown")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ofauth-mock: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return 2
	}
	if *rate < 0 || *burst < 0 || *subscribers < 0 || *attempts < 1 || *retryWait < 0 {
		fmt.Fprintln(stderr, "ofauth-mock: -rate, -burst, -subscribers and -webhook-retry-wait must not be negative, -webhook-attempts at least 1")
		return 2
	}

	opts := []ofauthtest.ServerOption{
		ofauthtest.WithAPIKey(*key),
		ofauthtest.WithWebhookSecret(*secret),
		ofauthtest.WithWebhookURL(*webhookURL),
		ofauthtest.WithSeed(*seed),
		ofauthtest.WithSubscribers(*subscribers),
		ofauthtest.WithRateLimit(*rate, *burst),
		ofauthtest.WithWebhookRetry(*attempts, *retryWait),
	}
	if len(redirects) > 0 {
		opts = append(opts, ofauthtest.WithAllowedRedirectURLs(redirects...))
	}
	if *publicURL != "" {
		opts = append(opts, ofauthtest.WithPublicURL(*publicURL))
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "ofauth-mock: %v\n", err)
		return 1
	}
	srv := ofauthtest.NewUnstartedServer(opts...)
	srv.Start(l)
	// Test credentials of this fake server, printed so the system under
	// test can be configured with them.
	fmt.Fprintf(stdout, "OFAUTH_BASE_URL=%s\nOFAUTH_API_KEY=%s\nOFAUTH_WEBHOOK_SECRET=%s\n", srv.URL, srv.APIKey, srv.WebhookSecret)
	fmt.Fprintf(stderr, "ofauth-mock: serving the fake OFAuth API on %s (admin API under %s); stop with Ctrl-C or SIGTERM\n", srv.URL, ofauthtest.AdminPrefix)

	<-ctx.Done()
	fmt.Fprintln(stderr, "ofauth-mock: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintf(stderr, "ofauth-mock: requests still running at shutdown: %v\n", err)
		return 1
	}
	return 0
}
