// Package ofauth is a typed client for the OFAuth API: connect OnlyFans
// creator accounts through Link, keep their connection ids, call the Access
// API for their data, and verify OFAuth's signed webhooks.
//
// Create one Client per API key and share it: it is safe for concurrent use.
//
//	client, err := ofauth.NewClient(os.Getenv("OFAUTH_API_KEY"))
//	me, err := client.Account.Whoami(ctx)
//	self, err := client.Access.WithConnection(connID).Self.Get(ctx)
//
// Every non-2xx response is an *APIError; match it with errors.Is against
// the sentinels (ErrSessionExpired, ErrRateLimitExceeded, …) or use
// NeedsReauth to know when a creator must reconnect.
//
// The last parameter of every service method is opts ...CallOption, the
// settings of that one call: WithResponseInto (the status, headers,
// request id, rate-limit figures, attempts and duration of the call, on
// success and failure), WithHeader, WithCallMaxRetries and
// WithCallTimeout.
//
//	var resp ofauth.Response
//	me, err := client.Account.Whoami(ctx, ofauth.WithResponseInto(&resp))
//	log.Println(resp.RequestID, resp.RateLimit.Remaining)
//
// # Rules of the API
//
// Every typed group follows the same rules, which spec/openapi.yaml states
// for each endpoint, the generator of the Access methods refuses to break
// and the package's tests check on its source:
//
//   - Ids: an entity's id has one Go type in every model field and every
//     parameter, so a value read from one call passes to the next as is.
//     An Access entity whose id the API only sends as a number uses int64
//     (users, posts, messages, mass messages, promotions, bundles, trial
//     and tracking links, subscriptions, vault lists and media). A user
//     list uses ID, because built-in lists are named ("fans"). Ids of the
//     account-level APIs (connections, Link, Vault+ items, webhook events)
//     and upload references are strings. Where the API also takes a
//     username in an id's place, the username has its own method
//     (Users.GetByUsername). A numeric id of zero or less is
//     ErrInvalidParams before any request.
//   - Params types: every struct a method takes as its params ends in
//     Params. The filter of a List is <Entity>ListParams, a body that
//     creates or replaces is <Entity>Params, a body that only changes an
//     existing thing is <Entity>UpdateParams, and the params of any other
//     call are named after it (ChatMessagesParams for Chats.Messages).
//   - Iterators: a method returning one *Page[T] of a paged endpoint has an
//     iterator twin with the same parameters yielding *T: All for List, and
//     All<X> for <X> or List<X> (Users.AllSearch, Posts.AllByUser). A method
//     <X>Page, beside <X>, returns the endpoint's whole envelope where it
//     carries more than the page (Posts.ListPage's cursors and counters,
//     VaultLists.ListPage's vault totals). An endpoint the API cannot page
//     returns one *Page[T] without a twin.
//   - Returns: a call that deletes, removes, stops, shares, restricts, sets
//     or otherwise changes state with no resource to return gives error
//     only; one that creates or updates a resource returns it, or error
//     only when the API answers with a bare acknowledgement.
//   - One raw escape hatch: AccessService.Do reaches any Access path, the
//     OnlyFans proxy at "/proxy/…" included; WithQuery adds query
//     parameters to it or to any typed call.
package ofauth

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Version is the SDK's semantic version, sent in the User-Agent.
const Version = "0.1.0"

// DefaultBaseURL is the production (and sandbox: the key decides) API host.
const DefaultBaseURL = "https://api.ofauth.com"

// Client is the OFAuth API client. Its services share one request core;
// it is immutable after NewClient and safe for concurrent use.
type Client struct {
	Account      *AccountService
	Connections  *ConnectionsService
	Link         *LinkService
	Access       *AccessService
	DynamicRules *DynamicRulesService
	VaultPlus    *VaultPlusService

	core *core
}

// service is the one small struct every service embeds.
type service struct {
	core *core
}

// core holds everything a request needs. Only pointers to it exist, and
// the key is held by a closure: fmt prints a func as an address, so no
// verb, not even the bad-verb path that dereferences pointers, can reach it.
type core struct {
	apiKey    func() string
	baseURL   string // scheme://host[/prefix], no trailing slash
	userAgent string
	connID    string
	retry     retryPolicy
	send      http.Client                    // template of each call's client: Timeout, Jar, CheckRedirect
	attempts  *http.Client                   // sends each attempt: the base client, or one wrapped by the Transport hooks
	logger    *slog.Logger                   // nil: silent
	onAttempt func(context.Context, Attempt) // nil: no attempt hooks
	onCall    func(context.Context, CallInfo) (context.Context, func(CallResult))
	limiter   ConnectionLimiter // nil: no client-side pacing
	wrapRT    []func(http.RoundTripper) http.RoundTripper
	host      string // the base URL's host, for CallInfo
	port      int    // the base URL's port, explicit or the scheme's
	bufs      bufferPool
}

// NewClient returns a client for the API key. The key is required; the
// options are validated and a bad one is returned as an error matching
// ErrInvalidOption.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(apiKey) == "" {
		return nil, ErrMissingAPIKey
	}
	cfg := config{
		baseURL:    DefaultBaseURL,
		maxRetries: defaultMaxRetries,
		retryMin:   defaultRetryMin,
		retryMax:   defaultRetryMax,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	base, err := normalizeBaseURL(cfg.baseURL)
	if err != nil {
		return nil, err
	}
	c := &core{
		apiKey:    func() string { return apiKey },
		baseURL:   base,
		userAgent: userAgent(cfg.userAgent),
		connID:    cfg.connectionID,
		retry:     retryPolicy{maxRetries: cfg.maxRetries, min: cfg.retryMin, max: cfg.retryMax},
		logger:    cfg.logger,
		onAttempt: attemptHook(cfg.onAttempt),
		onCall:    callHook(cfg.onCall),
		limiter:   cfg.limiter,
		wrapRT:    cfg.wrapTransport,
	}
	c.host, c.port = hostPort(base)
	hc := cfg.httpClient
	if hc == nil {
		hc = defaultHTTPClient()
	}
	c.send = http.Client{Timeout: hc.Timeout, Jar: hc.Jar, CheckRedirect: redirectPolicy(hc)}
	c.attempts = attemptClient(hc, c.wrapRT)
	return newClient(c), nil
}

func newClient(c *core) *Client {
	s := service{core: c}
	return &Client{
		Account:      &AccountService{s},
		Connections:  &ConnectionsService{s},
		Link:         &LinkService{s},
		Access:       newAccessService(c, c.connID),
		DynamicRules: &DynamicRulesService{s},
		VaultPlus:    &VaultPlusService{service: s, connID: c.connID},
		core:         c,
	}
}

func userAgent(extra string) string {
	ua := "ofauth-go/" + Version
	if extra = strings.TrimSpace(extra); extra != "" {
		ua += " " + extra
	}
	return ua
}

// hostPort splits a normalized base URL's host and port.
func hostPort(base string) (string, int) {
	u, err := url.Parse(base)
	if err != nil {
		return "", 0
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		port = 80
		if u.Scheme == "https" {
			port = 443
		}
	}
	return u.Hostname(), port
}

func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w: base URL %q must be an absolute http(s) URL", ErrInvalidOption, raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%w: base URL must not carry a query, fragment or user info", ErrInvalidOption)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

// defaultHTTPClient is sized for many concurrent callers: Go's default of
// two idle connections per host makes a busy backend open and close a
// socket per request. It sets no overall Client.Timeout (that costs a
// timer per request and would cut long uploads): dials, TLS and response
// headers are bounded here, and the caller's context bounds the rest.
func defaultHTTPClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment,
			DialContext: (&net.Dialer{
				Timeout:   10 * time.Second,
				KeepAlive: 30 * time.Second,
			}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          256,
			MaxIdleConnsPerHost:   128,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 60 * time.Second,
			ExpectContinueTimeout: time.Second,
		},
	}
}
