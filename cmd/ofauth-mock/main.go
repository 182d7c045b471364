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
// signed webhooks to -webhook-url: by default the SDKs' envelope
// {"eventType", "live", "data"} with Svix headers, as OFAuth's SDKs
// expect; -webhook-envelope docs sends the docs' {"type", "timestamp",
// "data"}, and -webhook-scheme picks the signature headers (svix,
// standard for webhook-*, ofauth for OFAuth-Signature, all, or a
// comma-separated list), so a handler in any language can be tested
// against each format. Its scenario controls (complete,
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
//	-webhook-scheme     webhook signature: svix, standard, ofauth, all, or a list (default svix)
//	-webhook-envelope   webhook body: sdk or docs (default sdk)
//	-upload-part-size   bytes per part of the upload plan (default 5 MiB)
//	-shutdown-timeout   how long requests in progress may take at shutdown (default 5s)
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/ofauth-go/ofauth/internal/mockserver"
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
	return mockserver.Run(ctx, "ofauth-mock", args, stdout, stderr)
}
