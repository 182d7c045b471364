package main

import (
	"github.com/spf13/cobra"
)

const rootLong = `ofauth is the OFAuth API from a terminal: check a key, manage connections,
start a Link session, call any endpoint, upload to the vault, sign and verify
webhooks, and run the fake API for tests.

Configuration (flags override the environment):
  OFAUTH_API_KEY         the API key; prefer this to --api-key, which lands in
                         shell history and the process list. Never printed.
  OFAUTH_BASE_URL        the API's base URL (default https://api.ofauth.com)
  OFAUTH_CONNECTION_ID   the connection Access calls act on (--connection)
  OFAUTH_WEBHOOK_SECRET  the secret of 'webhooks verify' and 'webhooks send'

Exit status: 0 on success; 1 when the API or a webhook receiver answers with
an error (printed on one line with its status, code and request id); 2 for a
usage error.`

const rootExample = `  export OFAUTH_API_KEY=sk_sandbox_...
  ofauth whoami
  ofauth connections list --status expired
  ofauth link init --reference user-42 --open
  ofauth api GET /v2/access/subscribers -q limit=5 --connection conn_...
  ofauth access chats send-message --user 123 --text hi
  ofauth access subscribers list --paginate --include
  ofauth upload clip.mp4
  ofauth webhooks send --to http://localhost:8080/webhooks --type connection.created
  ofauth mock -addr 127.0.0.1:8080`

// rootCommand builds the command tree for one run.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "ofauth",
		Short:         "The OFAuth API from a terminal",
		Long:          rootLong,
		Example:       rootExample,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.apiKey, "api-key", "", "API key (prefer OFAUTH_API_KEY: a flag lands in shell history)")
	pf.StringVar(&a.baseURL, "base-url", "", "API base URL (default $OFAUTH_BASE_URL or https://api.ofauth.com)")
	pf.StringVarP(&a.connection, "connection", "c", "", "connection id for Access calls (default $OFAUTH_CONNECTION_ID)")
	pf.BoolVarP(&a.verbose, "verbose", "v", false, "log each request to stderr (never the key)")
	root.AddCommand(
		a.whoamiCommand(),
		a.connectionsCommand(),
		a.linkCommand(),
		a.apiCommand(),
		a.accessCommand(),
		a.uploadCommand(),
		a.webhooksCommand(),
		a.mockCommand(),
	)
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		strictGroups(c)
	}
	return root
}

// strictGroups makes a command that only groups others, and each below
// it, refuse an unknown subcommand as a usage error; cobra would print
// the help and exit 0.
func strictGroups(c *cobra.Command) {
	if !c.HasSubCommands() {
		return
	}
	if c.Run == nil && c.RunE == nil {
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
			}
			return cmd.Help()
		}
	}
	for _, sub := range c.Commands() {
		strictGroups(sub)
	}
}
