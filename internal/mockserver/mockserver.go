// Package mockserver is the command that serves the fake OFAuth API of
// package ofauthtest as a standalone process. Both cmd/ofauth-mock and
// the `ofauth mock` command run it, so the two accept the same flags and
// print the same lines.
package mockserver

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

// Run parses args as the command's flags, serves until ctx ends and
// returns the exit status: 0 after a clean shutdown (or for -h), 2 for bad
// flags, 1 when the server cannot start or stop. name prefixes its
// messages and names the command in the usage text.
func Run(ctx context.Context, name string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
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
	scheme := fs.String("webhook-scheme", string(ofauthtest.WebhookSchemeSvix), "webhook signature: svix (svix-* headers), standard (webhook-* headers), ofauth (OFAuth-Signature), all, or a comma-separated list")
	envelope := fs.String("webhook-envelope", string(ofauthtest.WebhookEnvelopeSDK), `webhook body: sdk {"eventType","live","data"} or docs {"type","timestamp","data"}`)
	retryWait := fs.Duration("webhook-retry-wait", ofauthtest.DefaultWebhookRetryWait, "first wait between delivery attempts; it doubles")
	partSize := fs.Int64("upload-part-size", ofauthtest.DefaultUploadPartSize, "bytes per part of the upload plan; larger files are sent in parts")
	grace := fs.Duration("shutdown-timeout", 5*time.Second, "how long requests in progress may take at shutdown")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected arguments: %s\n", name, strings.Join(fs.Args(), " "))
		return 2
	}
	if *rate < 0 || *burst < 0 || *subscribers < 0 || *attempts < 1 || *retryWait < 0 || *partSize < 1 {
		fmt.Fprintln(stderr, name+": -rate, -burst, -subscribers and -webhook-retry-wait must not be negative, -webhook-attempts and -upload-part-size at least 1")
		return 2
	}
	schemes, err := ofauthtest.ParseWebhookSchemes(*scheme)
	if err != nil {
		fmt.Fprintf(stderr, "%s: -webhook-scheme: %v\n", name, err)
		return 2
	}
	env, err := ofauthtest.ParseWebhookEnvelope(*envelope)
	if err != nil {
		fmt.Fprintf(stderr, "%s: -webhook-envelope: %v\n", name, err)
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
		ofauthtest.WithUploadPartSize(*partSize),
		ofauthtest.WithWebhookScheme(schemes...),
		ofauthtest.WithWebhookEnvelope(env),
	}
	if len(redirects) > 0 {
		opts = append(opts, ofauthtest.WithAllowedRedirectURLs(redirects...))
	}
	if *publicURL != "" {
		opts = append(opts, ofauthtest.WithPublicURL(*publicURL))
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	srv := ofauthtest.NewUnstartedServer(opts...)
	srv.Start(l)
	// Test credentials of this fake server, printed so the system under
	// test can be configured with them.
	fmt.Fprintf(stdout, "OFAUTH_BASE_URL=%s\nOFAUTH_API_KEY=%s\nOFAUTH_WEBHOOK_SECRET=%s\n", srv.URL, srv.APIKey, srv.WebhookSecret)
	fmt.Fprintf(stderr, "%s: serving the fake OFAuth API on %s (admin API under %s); stop with Ctrl-C or SIGTERM\n", name, srv.URL, ofauthtest.AdminPrefix)
	fmt.Fprintf(stderr, "%s: webhooks signed %s, %s envelope\n", name, schemeNames(schemes), env)

	<-ctx.Done()
	fmt.Fprintln(stderr, name+": shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintf(stderr, "%s: requests still running at shutdown: %v\n", name, err)
		return 1
	}
	return 0
}

// schemeNames lists the schemes as the -webhook-scheme flag names them.
func schemeNames(schemes []ofauthtest.WebhookScheme) string {
	names := make([]string, len(schemes))
	for i, sc := range schemes {
		names[i] = string(sc)
	}
	return strings.Join(names, ",")
}
