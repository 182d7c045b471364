package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/ofauth-go/ofauth/internal/mockserver"
	"github.com/spf13/cobra"
)

func (a *app) mockCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "mock [flags]",
		Short: "Serve the fake OFAuth API (the same server as ofauth-mock)",
		Long: `Serve the fake OFAuth API of package ofauthtest, the same command as
cmd/ofauth-mock. It prints OFAUTH_BASE_URL, OFAUTH_API_KEY and
OFAUTH_WEBHOOK_SECRET lines (credentials of the fake only) and serves until
Ctrl-C or SIGTERM. 'ofauth mock -h' lists its flags (-addr, -key,
-webhook-url, -webhook-scheme, -webhook-envelope, -seed, ...).`,
		Example:            "  ofauth mock -addr 127.0.0.1:8080 -webhook-url http://localhost:3000/webhooks",
		DisableFlagParsing: true,
		RunE: a.runE(func(cmd *cobra.Command, argv []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if code := mockserver.Run(ctx, "ofauth mock", argv, a.stdout, a.stderr); code != 0 {
				return exitCode(code)
			}
			return nil
		}),
	}
}
