package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"os"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
	"github.com/spf13/cobra"
)

// maxDelivery bounds a delivery read by webhooks verify.
const maxDelivery = 16 << 20

func (a *app) webhooksCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhooks",
		Short: "Verify a webhook delivery, or send a signed one to your handler",
	}
	cmd.AddCommand(a.webhooksVerify(), a.webhooksSend())
	return cmd
}

// secret is --secret, else OFAUTH_WEBHOOK_SECRET.
func (a *app) webhookSecret(flag string) (string, error) {
	if flag == "" {
		flag = strings.TrimSpace(a.getenv("OFAUTH_WEBHOOK_SECRET"))
	}
	if flag == "" {
		return "", usagef("no webhook secret: set OFAUTH_WEBHOOK_SECRET (or pass --secret)")
	}
	return flag, nil
}

func (a *app) webhooksVerify() *cobra.Command {
	var (
		secret    string
		tolerance time.Duration
		asJSON    bool
	)
	cmd := &cobra.Command{
		Use:   "verify [FILE]",
		Short: "Check the signature of a delivery (headers, a blank line, the body)",
		Long: `Check the signature of a webhook delivery read from FILE or standard input:
header lines ("Svix-Signature: v1,..." or "OFAuth-Signature: t=...,v1=..."), a
blank line, then the body exactly as received. A whole HTTP request (a
"POST /path HTTP/1.1" first line) is read too. Both signature schemes OFAuth
uses are checked, as ofauth.WebhookVerifier does. Prints the event's type and
id, or the event with --json; exit status 1 when the signature does not hold.`,
		Example: "  ofauth webhooks send --type connection.created --dry-run | ofauth webhooks verify",
		Args:    cobra.MaximumNArgs(1),
		RunE: a.runE(func(cmd *cobra.Command, argv []string) error {
			s, err := a.webhookSecret(secret)
			if err != nil {
				return err
			}
			in := a.stdin
			if len(argv) == 1 && argv[0] != "-" {
				f, err := os.Open(argv[0]) // #nosec G304 -- the user's own file
				if err != nil {
					return usageError{err}
				}
				defer func() { _ = f.Close() }() // read-only
				in = f
			}
			h, body, err := readDelivery(in)
			if err != nil {
				return usageError{err}
			}
			opts := []ofauth.WebhookOption{}
			if tolerance > 0 {
				opts = append(opts, ofauth.WithTolerance(tolerance))
			}
			v, err := ofauth.NewWebhookVerifier(s, opts...)
			if err != nil {
				return usageError{err}
			}
			ev, err := v.Verify(body, h)
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(map[string]any{
					"id": ev.ID, "type": ev.Type, "live": ev.Live, "signedAt": ev.SignedAt, "data": ev.Data,
				})
			}
			_, err = fmt.Fprintf(a.stdout, "verified %s %s (signed %s)\n", orDash(ev.Type), ev.ID, ev.SignedAt.UTC().Format(time.RFC3339))
			return err
		}),
	}
	f := cmd.Flags()
	f.StringVar(&secret, "secret", "", "webhook secret (prefer OFAUTH_WEBHOOK_SECRET)")
	f.DurationVar(&tolerance, "tolerance", 0, "accepted age of the signature (default the SDK's 5m)")
	f.BoolVar(&asJSON, "json", false, "print the verified event as JSON")
	return cmd
}

// readDelivery reads headers, a blank line and the body; a leading HTTP
// request line is skipped.
func readDelivery(r io.Reader) (http.Header, []byte, error) {
	br := bufio.NewReader(io.LimitReader(r, maxDelivery))
	first, err := br.Peek(64)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, nil, err
	}
	if line, _, _ := strings.Cut(string(first), "\n"); strings.Contains(line, " HTTP/") {
		if _, err := br.ReadString('\n'); err != nil {
			return nil, nil, fmt.Errorf("reading the delivery: %w", err)
		}
	}
	mh, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		return nil, nil, fmt.Errorf("reading the delivery's headers: %w", err)
	}
	body, err := io.ReadAll(br)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the delivery's body: %w", err)
	}
	return http.Header(mh), body, nil
}

type sendFlags struct {
	to, typ, data, secret, scheme, envelope string
	live, dryRun                            bool
	attempts                                int
	retryWait, maxWait, timeout             time.Duration
}

func (a *app) webhooksSend() *cobra.Command {
	f := sendFlags{}
	cmd := &cobra.Command{
		Use:   "send",
		Short: "Send a signed delivery to a handler, redelivering on non-2xx",
		Long: `Send a webhook delivery like OFAuth's to a URL: the body
{"eventType": TYPE, "live": false, "data": DATA} as OFAuth's SDKs describe it,
or with --envelope docs {"type": TYPE, "timestamp": NOW, "data": DATA} as
OFAuth's docs do. It is signed with the svix-* headers and OFAuth-Signature
unless --scheme picks others: svix, standard (the webhook-* headers of
Standard Webhooks), ofauth, both (svix and ofauth), all, or a comma-separated
list. A non-2xx answer or a failed connection is redelivered, as OFAuth
does, up to --attempts times with a doubling wait from --retry-wait capped at
--max-wait; the svix-id stays the same so the handler can deduplicate.
--dry-run prints the signed delivery instead, in the form 'webhooks verify'
reads.`,
		Example: `  ofauth webhooks send --to http://localhost:8080/webhooks --type connection.created \
    --data '{"connection":{"id":"conn_123","status":"active"}}'`,
		Args: args(0, "no arguments"),
		RunE: a.runE(func(cmd *cobra.Command, _ []string) error {
			return a.runSend(cmd.Context(), f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "URL of the handler (required unless --dry-run)")
	fl.StringVar(&f.typ, "type", "", "event type, e.g. connection.created (required)")
	fl.StringVar(&f.data, "data", "{}", "the event's data: JSON, @FILE or @- (stdin)")
	fl.StringVar(&f.secret, "secret", "", "webhook secret (prefer OFAUTH_WEBHOOK_SECRET)")
	fl.StringVar(&f.scheme, "scheme", "both", "signature scheme: svix, standard, ofauth, both (svix and ofauth), all, or a comma-separated list")
	fl.StringVar(&f.envelope, "envelope", "sdk", `body shape: sdk {"eventType","live","data"} or docs {"type","timestamp","data"}`)
	fl.BoolVar(&f.live, "live", false, "mark the event live (sdk envelope only)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the signed delivery instead of sending it")
	fl.IntVar(&f.attempts, "attempts", 5, "delivery attempts, 1 to 20")
	fl.DurationVar(&f.retryWait, "retry-wait", time.Second, "first wait before a redelivery; it doubles")
	fl.DurationVar(&f.maxWait, "max-wait", 30*time.Second, "longest wait between attempts")
	fl.DurationVar(&f.timeout, "timeout", 15*time.Second, "timeout of one attempt")
	_ = cmd.MarkFlagRequired("type") // defined just above
	return cmd
}

func (a *app) runSend(ctx context.Context, f sendFlags) error {
	switch {
	case f.to == "" && !f.dryRun:
		return usagef("--to is required (or --dry-run)")
	case f.attempts < 1 || f.attempts > 20:
		return usagef("--attempts must be 1 to 20")
	case f.retryWait < 0 || f.maxWait < 0 || f.timeout <= 0:
		return usagef("--retry-wait and --max-wait must not be negative, --timeout must be positive")
	}
	schemes, err := parseSchemes(f.scheme)
	if err != nil {
		return err
	}
	env, err := ofauthtest.ParseWebhookEnvelope(f.envelope)
	if err != nil {
		return usagef("--envelope is sdk or docs, not %q", f.envelope)
	}
	if f.live && env != ofauthtest.WebhookEnvelopeSDK {
		return usagef("--live needs --envelope sdk: the docs' envelope has no live member")
	}
	secret, err := a.webhookSecret(f.secret)
	if err != nil {
		return err
	}
	data, err := a.readData(f.data)
	if err != nil {
		return err
	}
	body, err := ofauthtest.EncodeEvent(env, ofauthtest.Event{Type: f.typ, Data: json.RawMessage(data), Live: f.live, Time: time.Now()})
	if err != nil {
		return usageError{err}
	}
	id := newMessageID()
	if f.dryRun {
		h, err := ofauthtest.SignDelivery(secret, id, time.Now(), body, schemes...)
		if err != nil {
			return usageError{fmt.Errorf("signing: %w", err)}
		}
		return writeDelivery(a.stdout, h, body)
	}
	s := sender{to: f.to, client: &http.Client{Timeout: f.timeout}, sleep: a.sleep, log: a.stderr}
	return s.deliver(ctx, secret, schemes, id, body, f.attempts, f.retryWait, f.maxWait, a.stdout)
}

// parseSchemes reads --scheme: the names ofauthtest.ParseWebhookSchemes
// takes, and "both" (svix and ofauth), this command's default.
func parseSchemes(s string) ([]ofauthtest.WebhookScheme, error) {
	if strings.EqualFold(strings.TrimSpace(s), "both") {
		return []ofauthtest.WebhookScheme{ofauthtest.WebhookSchemeSvix, ofauthtest.WebhookSchemeOFAuth}, nil
	}
	if strings.TrimSpace(s) == "" {
		return nil, usagef("--scheme is empty: use svix, standard, ofauth, both, all or a comma-separated list")
	}
	schemes, err := ofauthtest.ParseWebhookSchemes(s)
	if err != nil {
		return nil, usagef("--scheme is svix, standard, ofauth, both, all or a comma-separated list, not %q", s)
	}
	return schemes, nil
}

// newMessageID makes a svix-style message id.
func newMessageID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return "msg_" + hex.EncodeToString(b)
}

// writeDelivery writes headers, a blank line and the body.
func writeDelivery(w io.Writer, h http.Header, body []byte) error {
	var b bytes.Buffer
	if err := h.Write(&b); err != nil {
		return err
	}
	b.WriteString("\r\n")
	b.Write(body)
	_, err := w.Write(b.Bytes())
	return err
}

// sender delivers one event with OFAuth's redelivery: a new signature for
// each attempt, the same message id, a doubling wait between attempts.
type sender struct {
	to     string
	client *http.Client
	sleep  func(context.Context, time.Duration) error
	log    io.Writer
}

func (s sender) deliver(ctx context.Context, secret string, schemes []ofauthtest.WebhookScheme, id string, body []byte, attempts int, wait, maxWait time.Duration, out io.Writer) error {
	var last error
	for n := 1; n <= attempts; n++ {
		status, err := s.attempt(ctx, secret, schemes, id, body)
		if err == nil {
			_, err = fmt.Fprintf(out, "delivered %s to %s: %d after %d attempt(s)\n", id, s.to, status, n)
			return err
		}
		last = err
		if n == attempts || ctx.Err() != nil {
			break
		}
		fmt.Fprintf(s.log, "attempt %d: %v; redelivering in %s\n", n, err, wait)
		if err := s.sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(2*wait, maxWait)
	}
	return fmt.Errorf("delivery %s to %s failed after %d attempt(s): %w", id, s.to, attempts, last)
}

// attempt sends one signed delivery; a non-2xx answer is an error.
func (s sender) attempt(ctx context.Context, secret string, schemes []ofauthtest.WebhookScheme, id string, body []byte) (int, error) {
	h, err := ofauthtest.SignDelivery(secret, id, time.Now(), body, schemes...)
	if err != nil {
		return 0, fmt.Errorf("signing: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.to, bytes.NewReader(body))
	if err != nil {
		return 0, usageError{fmt.Errorf("--to: %w", err)}
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "ofauth-cli ofauth-go/"+ofauth.Version)
	res, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(res.Body, 200)) // for the message only
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("status %d: %s", res.StatusCode, strings.Join(strings.Fields(string(snippet)), " "))
	}
	return res.StatusCode, nil
}
