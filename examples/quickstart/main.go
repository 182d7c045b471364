// Command quickstart walks OFAuth's integration checklist end to end with
// the Go SDK.
//
// Without OFAUTH_API_KEY it needs no account: it starts a fake OFAuth API
// (package ofauthtest) and a webhook receiver in-process, then verifies the
// key, connects a creator through Link, receives and verifies the signed
// connection.created webhook, stores the connection id, calls the Access
// API with it, pages through the creator's fans, recovers from an expired
// session and rides out a rate limit:
//
//	go run ./examples/quickstart
//
// With OFAUTH_API_KEY set it runs only the read-only steps against the real
// API (OFAUTH_BASE_URL overrides the base URL): it checks the key, lists
// the connections and reads the first active one's profile and fans.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var err error
	if key := os.Getenv("OFAUTH_API_KEY"); key != "" {
		err = runLive(ctx, os.Stdout, key, os.Getenv("OFAUTH_BASE_URL"))
	} else {
		err = runSandbox(ctx, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart failed:", err)
		os.Exit(1)
	}
}
