package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // the API, a webhook receiver or the system said no
	exitUsage = 2 // the command line is wrong
)

// app is one run of the command: its streams, its environment and the
// settings its flags collect. Nothing in it outlives the run.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// open shows a URL to the user; tests replace it through $BROWSER.
	open func(ctx context.Context, url string) error
	// sleep waits between webhook delivery attempts.
	sleep func(ctx context.Context, d time.Duration) error

	apiKey, baseURL, connection string
	verbose                     bool
	// ran is set once a command's own code starts: an error before that
	// is cobra's, about the command line.
	ran bool
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *app {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, sleep: sleepCtx}
	a.open = a.openBrowser
	return a
}

// run executes the command line and returns the exit status.
func (a *app) run(ctx context.Context, args []string) int {
	root := a.rootCommand()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	a.printError(err)
	var usage usageError
	if errors.As(err, &usage) || !a.ran {
		if !strings.Contains(err.Error(), "--help") {
			fmt.Fprintln(a.stderr, "Run 'ofauth --help' for usage.")
		}
		return exitUsage
	}
	return exitError
}

// printError writes err on one line, the key masked should anything have
// echoed it.
func (a *app) printError(err error) {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	msg = a.redact(msg)
	if !strings.HasPrefix(msg, "ofauth: ") {
		msg = "ofauth: " + msg
	}
	fmt.Fprintln(a.stderr, msg)
}

// redact masks the API key and the webhook secret in s.
func (a *app) redact(s string) string {
	for _, secret := range []string{a.key(), a.getenv("OFAUTH_WEBHOOK_SECRET")} {
		if len(secret) >= 8 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode ends the run with a status and no message of its own.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// key is the API key: the flag when set, else OFAUTH_API_KEY.
func (a *app) key() string {
	if a.apiKey != "" {
		return a.apiKey
	}
	return strings.TrimSpace(a.getenv("OFAUTH_API_KEY"))
}

// baseURLOrDefault is the API's base URL: the flag, OFAUTH_BASE_URL or
// the production host.
func (a *app) baseURLOrDefault() string {
	for _, u := range []string{a.baseURL, a.getenv("OFAUTH_BASE_URL")} {
		if u = strings.TrimSpace(u); u != "" {
			return strings.TrimRight(u, "/")
		}
	}
	return ofauth.DefaultBaseURL
}

// connectionID is --connection, else OFAUTH_CONNECTION_ID.
func (a *app) connectionID() string {
	if a.connection != "" {
		return a.connection
	}
	return strings.TrimSpace(a.getenv("OFAUTH_CONNECTION_ID"))
}

// logger logs the SDK's requests to stderr with --verbose; the SDK never
// logs the key.
func (a *app) logger() *slog.Logger {
	if !a.verbose {
		return nil
	}
	return slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// client builds the SDK client from the flags and the environment.
func (a *app) client() (*ofauth.Client, error) {
	key := a.key()
	if key == "" {
		return nil, usagef("no API key: set OFAUTH_API_KEY (or pass --api-key)")
	}
	opts := []ofauth.Option{
		ofauth.WithBaseURL(a.baseURLOrDefault()),
		ofauth.WithUserAgent("ofauth-cli"),
	}
	if l := a.logger(); l != nil {
		opts = append(opts, ofauth.WithLogger(l))
	}
	if id := a.connectionID(); id != "" {
		opts = append(opts, ofauth.WithConnectionID(id))
	}
	c, err := ofauth.NewClient(key, opts...)
	if err != nil {
		return nil, usageError{err}
	}
	return c, nil
}

// needConnection returns the connection id or a usage error naming the
// ways to give one.
func (a *app) needConnection() (string, error) {
	id := a.connectionID()
	if id == "" {
		return "", usagef("this command acts on a connection: pass --connection or set OFAUTH_CONNECTION_ID")
	}
	return id, nil
}

// isTerminal reports whether w is a terminal, for pretty output and the
// progress bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) // #nosec G115 -- a file descriptor fits an int
}

// openBrowser runs $BROWSER with the URL when set, else the platform's
// opener, and waits for it to hand the URL over.
func (a *app) openBrowser(ctx context.Context, url string) error {
	name, args := "xdg-open", []string{url}
	switch {
	case strings.TrimSpace(a.getenv("BROWSER")) != "":
		name = strings.TrimSpace(a.getenv("BROWSER"))
	case runtime.GOOS == "darwin":
		name = "open"
	case runtime.GOOS == "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	cmd := exec.CommandContext(ctx, name, args...) // #nosec G204 -- the user's own browser setting
	cmd.Stdout, cmd.Stderr = a.stderr, a.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("opening the browser with %s: %w", name, err)
	}
	return nil
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// runE marks the start of a command's own code (see app.ran).
func (a *app) runE(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		a.ran = true
		return fn(cmd, args)
	}
}

// args checks the count of positional arguments, as a usage error.
func args(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s takes %s, got %d argument(s)", cmd.CommandPath(), names, len(args))
		}
		return nil
	}
}
