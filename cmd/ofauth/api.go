package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/spf13/cobra"
)

// maxAPIBody bounds a response body the api command reads.
const maxAPIBody = 64 << 20

type apiFlags struct {
	query    []string
	data     string
	paginate bool
	include  bool
}

func (a *app) apiCommand() *cobra.Command {
	var f apiFlags
	cmd := &cobra.Command{
		Use:   "api METHOD PATH",
		Short: "Call any endpoint and print its answer",
		Long: `Call any endpoint of the API, like 'gh api': the path is the API's own
("/v2/account/connections", "/v2/access/self"). The answer is pretty-printed
on a terminal and written as received when piped. A /v2/access path acts on
the connection given by --connection and goes through the SDK, as 'ofauth
access' calls do: it is retried with backoff on 429 and 5xx answers.

-d sends a JSON body: inline, @FILE, or @- for standard input. --paginate
follows hasMore through every page (offset, marker and cursor styles) and
prints each item of every page as one JSON line. --include prints the status,
the request id and the rate-limit headers first.`,
		Example: `  ofauth api GET /v2/account/whoami
  ofauth api GET /v2/access/subscribers -q limit=20 --paginate -c conn_...
  ofauth api POST /v2/access/chats/123/messages -d '{"text":"hi"}' -c conn_...
  ofauth api PATCH /v2/account/settings -d @settings.json`,
		Args: args(2, "METHOD and PATH"),
		RunE: a.runE(func(cmd *cobra.Command, argv []string) error {
			return a.runAPI(cmd.Context(), strings.ToUpper(argv[0]), argv[1], f)
		}),
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.query, "query", "q", nil, "query parameter key=value (repeatable)")
	fl.StringVarP(&f.data, "data", "d", "", "JSON body: inline, @FILE or @- (stdin)")
	fl.BoolVar(&f.paginate, "paginate", false, "walk every page; print each item as a JSON line")
	fl.BoolVarP(&f.include, "include", "i", false, "print status, request id and rate-limit headers")
	return cmd
}

func (a *app) runAPI(ctx context.Context, method, path string, f apiFlags) error {
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return usagef("method %q is not one of GET, POST, PUT, PATCH, DELETE", method)
	}
	if strings.Contains(path, "://") || strings.HasPrefix(path, "//") {
		return usagef("PATH is a path of the API, not a URL: the key goes to the configured base URL only")
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	p, rawQuery, _ := strings.Cut(path, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return usagef("bad query in PATH: %v", err)
	}
	for _, kv := range f.query {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return usagef("-q takes key=value, not %q", kv)
		}
		q.Add(k, v)
	}
	body, err := a.readData(f.data)
	if err != nil {
		return err
	}
	if f.paginate && method != http.MethodGet {
		return usagef("--paginate walks GET lists only")
	}
	if a.key() == "" {
		return usagef("no API key: set OFAUTH_API_KEY (or pass --api-key)")
	}
	fetch, err := a.apiFetch(method, p, body)
	if err != nil {
		return err
	}
	if f.paginate {
		return a.paginate(ctx, p, q, f.include, fetch)
	}
	return a.printOnce(ctx, q, f.include, fetch)
}

// apiFetch picks how the api command sends: a path under /v2/access goes
// through the SDK like every Access call; the SDK has no raw call for the
// other paths (account, connections, link, vault+), so those are sent here.
func (a *app) apiFetch(method, path string, body []byte) (fetchFunc, error) {
	rel, ok := accessRel(path)
	if !ok {
		return func(ctx context.Context, q url.Values) ([]byte, *head, error) {
			return a.send(ctx, method, path, q, body)
		}, nil
	}
	svc, err := a.accessService()
	if err != nil {
		return nil, err
	}
	var send any // nil, not a nil json.RawMessage: no body at all
	if body != nil {
		send = json.RawMessage(body)
	}
	return accessFetch(svc, method, rel, send), nil
}

// readData reads -d: inline JSON, @FILE or @- for stdin.
func (a *app) readData(d string) ([]byte, error) {
	if d == "" {
		return nil, nil
	}
	var b []byte
	var err error
	switch {
	case d == "@-":
		b, err = io.ReadAll(io.LimitReader(a.stdin, maxAPIBody))
	case strings.HasPrefix(d, "@"):
		b, err = os.ReadFile(d[1:]) // #nosec G304 -- the user's own file
	default:
		b = []byte(d)
	}
	if err != nil {
		return nil, usagef("reading -d: %v", err)
	}
	if !json.Valid(b) {
		return nil, usagef("-d is not valid JSON")
	}
	return b, nil
}

// send makes one request with the key to a path outside /v2/access, and
// turns a non-2xx answer into an *ofauth.APIError.
func (a *app) send(ctx context.Context, method, path string, q url.Values, body []byte) ([]byte, *head, error) {
	u := a.baseURLOrDefault() + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, nil, usagef("bad request: %v", a.redact(err.Error()))
	}
	req.Header.Set("apiKey", a.key())
	req.Header.Set("User-Agent", "ofauth-cli ofauth-go/"+ofauth.Version)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if id := a.connectionID(); id != "" {
		req.Header.Set("x-connection-id", id)
	}
	log := a.logger()
	began := time.Now()
	if log != nil {
		log.Debug("ofauth request", "method", method, "url", u)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %s", method, path, a.redact(err.Error()))
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxAPIBody))
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if log != nil {
		log.Debug("ofauth response", "method", method, "url", u, "status", res.StatusCode,
			"request_id", requestID(res.Header, nil), "duration", time.Since(began).Round(time.Millisecond))
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, nil, apiError(method, path, res, b)
	}
	return b, &head{status: res.StatusCode, header: res.Header, attempts: 1}, nil
}

// apiError reads an error answer in any of the API's envelopes.
func apiError(method, path string, res *http.Response, body []byte) *ofauth.APIError {
	var env struct {
		Error     json.RawMessage `json:"error"`
		Message   string          `json:"message"`
		Type      string          `json:"type"`
		Code      json.RawMessage `json:"code"`
		RequestID string          `json:"requestId"`
	}
	_ = json.Unmarshal(body, &env) // a body that is not JSON leaves the fields empty
	e := &ofauth.APIError{StatusCode: res.StatusCode, Method: method, Route: path, Code: env.Type, Message: env.Message}
	if e.Code == "" {
		e.Code = jsonText(env.Code)
	}
	if msg := jsonText(env.Error); msg != "" && e.Message == "" {
		e.Message = msg
	}
	e.RequestID = requestID(res.Header, &env.RequestID)
	if len(e.Message) > 300 {
		e.Message = e.Message[:300] + "…"
	}
	return e
}

// jsonText is a JSON string's text, or a number's, or "".
func jsonText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func requestID(h http.Header, fromBody *string) string {
	if fromBody != nil && *fromBody != "" {
		return *fromBody
	}
	for _, k := range []string{"X-Request-Id", "Request-Id", "X-Amzn-Requestid"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}
