// Command ofauth is the OFAuth API from a terminal: check a key, list and
// manage connections, start a Link session, call any endpoint, upload a
// file to the vault, sign and verify webhooks, and run the fake API.
//
//	go install github.com/ofauth-go/ofauth/cmd/ofauth@latest
//	export OFAUTH_API_KEY=sk_sandbox_…
//	ofauth whoami
//	ofauth connections list --status expired
//	ofauth access subscribers list --connection conn_… --limit 20
//
// Configuration comes from the environment (OFAUTH_API_KEY,
// OFAUTH_BASE_URL, OFAUTH_CONNECTION_ID, OFAUTH_WEBHOOK_SECRET) or the
// matching flags. The environment is the better place for the key: a flag
// lands in shell history and in the process list. The key is never
// printed, not even with --verbose.
//
// Exit status: 0 on success, 1 when the API (or a webhook receiver)
// answers with an error, printed on one line with its status, code and
// request id, 2 for a usage error.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv).run(context.Background(), os.Args[1:]))
}
