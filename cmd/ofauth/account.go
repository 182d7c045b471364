package main

import (
	"strings"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/spf13/cobra"
)

// environment names the key's environment: sandbox keys start
// "sk_sandbox_"; the API documents no other prefix, so the rest are live.
func environment(key string) string {
	if strings.HasPrefix(key, "sk_sandbox_") {
		return "sandbox"
	}
	return "live"
}

func (a *app) whoamiCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show the organization, permissions and environment of the API key",
		Args:  args(0, "no arguments"),
		RunE: a.runE(func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			acc, err := c.Account.Whoami(cmd.Context())
			if err != nil {
				return err
			}
			env := environment(a.key())
			if asJSON {
				return a.printJSON(struct {
					*ofauth.Account
					Environment string `json:"environment"`
				}{acc, env})
			}
			t := a.newTable("Organization", acc.Name+" ("+acc.ID+")")
			t.row("Environment", env)
			t.row("Permissions", orDash(strings.Join(acc.Permissions, ", ")))
			return t.flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) connectionsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "connections",
		Aliases: []string{"connection", "conn"},
		Short:   "List, inspect, invalidate and delete connected creator accounts",
	}
	cmd.AddCommand(a.connectionsList(), a.connectionsGet(), a.connectionsInvalidate(), a.connectionsDelete())
	return cmd
}

func (a *app) connectionsList() *cobra.Command {
	var (
		asJSON   bool
		status   string
		imported string
	)
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List every connection (all pages), optionally by status",
		Example: "  ofauth connections list --status expired    # who needs to reconnect",
		Args:    args(0, "no arguments"),
		RunE: a.runE(func(cmd *cobra.Command, _ []string) error {
			p := &ofauth.ConnectionListParams{Status: ofauth.ConnectionStatus(status)}
			switch imported {
			case "":
			case "true", "false":
				p.Imported = ofauth.Ptr(imported == "true")
			default:
				return usagef("--imported takes true or false, not %q", imported)
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			list := []*ofauth.Connection{}
			for conn, err := range c.Connections.All(cmd.Context(), p) {
				if err != nil {
					return err
				}
				list = append(list, conn)
			}
			if asJSON {
				return a.printJSON(list)
			}
			t := a.newTable("ID", "STATUS", "USER", "EXPIRED", "REFERENCE")
			for _, conn := range list {
				t.row(conn.ID, conn.Status, userOf(conn), timeOrDash(conn.ExpiredAt), orDash(conn.ClientReferenceID))
			}
			return t.flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.Flags().StringVar(&status, "status", "", "only this status: active, expired or awaiting_2fa")
	cmd.Flags().StringVar(&imported, "imported", "", "only imported (true) or Link (false) connections")
	return cmd
}

func (a *app) connectionsGet() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "get CONNECTION_ID",
		Short: "Show one connection",
		Args:  args(1, "one connection id"),
		RunE: a.runE(func(cmd *cobra.Command, argv []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			conn, err := c.Connections.Get(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(conn)
			}
			t := a.newTable("ID", conn.ID)
			t.row("Status", conn.Status)
			t.row("User", userOf(conn))
			t.row("Reference", orDash(conn.ClientReferenceID))
			t.row("Permissions", orDash(strings.Join(conn.Permissions, ", ")))
			t.row("Imported", conn.Imported)
			t.row("Created", timeOrDash(conn.CreatedAt))
			t.row("Expired", timeOrDash(conn.ExpiredAt))
			t.row("Last checked", timeOrDash(conn.LastCheckedAt))
			return t.flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) connectionsInvalidate() *cobra.Command {
	return &cobra.Command{
		Use:   "invalidate CONNECTION_ID",
		Short: "Mark a connection expired, so its creator must reconnect",
		Args:  args(1, "one connection id"),
		RunE: a.runE(func(cmd *cobra.Command, argv []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			if err := c.Connections.Invalidate(cmd.Context(), argv[0]); err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write([]byte("invalidated " + argv[0] + "\n"))
			return err
		}),
	}
}

func (a *app) connectionsDelete() *cobra.Command {
	return &cobra.Command{
		Use:   "delete CONNECTION_ID",
		Short: "Delete a connection",
		Args:  args(1, "one connection id"),
		RunE: a.runE(func(cmd *cobra.Command, argv []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			if err := c.Connections.Delete(cmd.Context(), argv[0]); err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write([]byte("deleted " + argv[0] + "\n"))
			return err
		}),
	}
}

func userOf(c *ofauth.Connection) string {
	switch u := c.UserData; {
	case u.Username != "":
		return "@" + u.Username
	case u.Name != "":
		return u.Name
	}
	return orDash(c.UserData.ID)
}

func timeOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
