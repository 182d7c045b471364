package main

import (
	"fmt"

	"github.com/ofauth-go/ofauth"
	"github.com/spf13/cobra"
)

func (a *app) linkCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "link",
		Short: "Start Link sessions that connect creator accounts",
	}
	cmd.AddCommand(a.linkInit())
	return cmd
}

func (a *app) linkInit() *cobra.Command {
	var (
		p      ofauth.LinkInitParams
		open   bool
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Start a Link session and print its hosted URL",
		Long: `Start a Link session and print the URL of the hosted page to send the creator to.
With --connection it reconnects that (expired) connection; --open also opens
the URL in a browser ($BROWSER when set).`,
		Args: args(0, "no arguments"),
		RunE: a.runE(func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			p.ConnectionID = a.connection // only the flag: OFAUTH_CONNECTION_ID is for Access calls
			s, err := c.Link.Init(cmd.Context(), &p)
			if err != nil {
				return err
			}
			if asJSON {
				err = a.printJSON(s)
			} else {
				_, err = fmt.Fprintln(a.stdout, s.URL)
			}
			if err != nil {
				return err
			}
			if open && s.URL != "" {
				return a.open(cmd.Context(), s.URL)
			}
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVar(&p.ClientReferenceID, "reference", "", "your id for the user, echoed by webhooks and the redirect")
	f.StringVar(&p.RedirectURL, "redirect", "", "where the creator returns; one of the app's allowed redirect URIs")
	f.StringVar(&p.ClientAppID, "app", "", "client app id (app_...); default the first app of the key's environment")
	f.BoolVar(&open, "open", false, "open the URL in a browser")
	f.BoolVar(&asJSON, "json", false, "print the session as JSON")
	return cmd
}
