package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth"
)

//go:embed templates/*.html
var templateFS embed.FS

// refCookie holds the browser's client reference id: the demo's stand-in
// for a signed-in user of your product.
const refCookie = "linkapp_ref"

// apiTimeout bounds the OFAuth calls of one request, retries and
// backoff included, so a slow API cannot pin a request forever.
const apiTimeout = 30 * time.Second

// subscribersPageSize is how many fans the detail page shows.
const subscribersPageSize = 10

// appConfig is what the app is built from.
type appConfig struct {
	// Client talks to OFAuth (the real API or ofauthtest).
	Client *ofauth.Client
	// Verifier checks webhook signatures; nil turns the webhook endpoint
	// off (503), leaving the redirect as the only way to learn connections.
	Verifier *ofauth.WebhookVerifier
	// Store keeps connections and the webhook log.
	Store Store
	// PublicURL is where browsers reach the app (a trailing slash is ignored);
	// Link sends the creator back to PublicURL + "/callback".
	PublicURL string
	// ClientAppID selects the OFAuth client app; empty lets OFAuth pick.
	ClientAppID string
	// Mode is shown in the page header, e.g. which API the app talks to.
	Mode string
	// Logger receives request errors; nil discards them.
	Logger *slog.Logger
	// Metrics serves /metrics and instruments the webhook handler; nil
	// leaves both out.
	Metrics *metrics
	// WebhookOptions configure the webhook handler, e.g. a deduper shared
	// by replicas.
	WebhookOptions []ofauth.WebhookHandlerOption
}

// app is the demo web application; it is an http.Handler.
type app struct {
	client       *ofauth.Client
	store        Store
	redirectURL  string
	secureCookie bool
	clientAppID  string
	mode         string
	log          *slog.Logger
	pages        map[string]*template.Template
	mux          *http.ServeMux
	metrics      *metrics
	webhookOpts  []ofauth.WebhookHandlerOption
}

// newApp checks cfg, parses the templates and routes the app.
func newApp(cfg appConfig) (*app, error) {
	if cfg.Client == nil || cfg.Store == nil {
		return nil, errors.New("linkapp: a client and a store are required")
	}
	pub, err := url.Parse(cfg.PublicURL)
	if err != nil || (pub.Scheme != "http" && pub.Scheme != "https") || pub.Host == "" {
		return nil, fmt.Errorf("linkapp: public URL %q is not an absolute http(s) URL", cfg.PublicURL)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &app{
		client:       cfg.Client,
		store:        cfg.Store,
		redirectURL:  strings.TrimSuffix(cfg.PublicURL, "/") + "/callback",
		secureCookie: pub.Scheme == "https",
		clientAppID:  cfg.ClientAppID,
		mode:         cfg.Mode,
		log:          log,
		pages:        pages,
		mux:          http.NewServeMux(),
		metrics:      cfg.Metrics,
		webhookOpts:  cfg.WebhookOptions,
	}
	a.mux.HandleFunc("GET /{$}", a.handleIndex)
	a.mux.HandleFunc("POST /connect", a.handleConnect)
	a.mux.HandleFunc("GET /callback", a.handleCallback)
	a.mux.Handle("POST /webhooks/ofauth", a.webhookHandler(cfg.Verifier))
	a.mux.HandleFunc("GET /connections/{id}", a.handleConnection)
	a.mux.HandleFunc("POST /connections/{id}/reconnect", a.handleReconnect)
	if cfg.Metrics != nil {
		a.mux.Handle("GET /metrics", cfg.Metrics.handler)
	}
	return a, nil
}

// ServeHTTP routes a request.
func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// parsePages parses each page together with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	layout, err := template.ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("linkapp: templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, name := range []string{"index", "callback", "connection", "error"} {
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("linkapp: templates: %w", err)
		}
		pages[name] = t
	}
	return pages, nil
}

// pageData is what every page's template gets: the header's mode and the
// page's own data.
type pageData struct {
	Mode string
	Data any
}

// render writes a page; it renders into a buffer first so a template
// error becomes a clean 500 rather than half a page.
func (a *app) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := a.pages[page].ExecuteTemplate(&buf, "layout", pageData{Mode: a.mode, Data: data}); err != nil {
		a.log.ErrorContext(r.Context(), "render page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// errorView is the error page's data.
type errorView struct{ Title, Message string }

func (a *app) renderError(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	a.render(w, r, status, "error", errorView{Title: title, Message: msg})
}

// clientRef returns the browser's client reference id, issuing one on the
// first visit. Link echoes it on the redirect and in webhooks, which ties
// a connection to the user who started the flow.
func (a *app) clientRef(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(refCookie); err == nil && validRef(c.Value) {
		return c.Value
	}
	ref := "user_" + rand.Text()
	http.SetCookie(w, &http.Cookie{ //nolint:gosec // Secure follows the public URL: off only when it is plain http (local runs)
		Name:     refCookie,
		Value:    ref,
		Path:     "/",
		HttpOnly: true,
		Secure:   a.secureCookie,
		// Lax, not Strict: the redirect back from Link is a cross-site
		// top-level navigation that must carry the cookie.
		SameSite: http.SameSiteLaxMode,
		MaxAge:   int((30 * 24 * time.Hour).Seconds()),
	})
	return ref
}

// validRef accepts only ids this app could have issued, so a crafted
// cookie cannot send arbitrary text to OFAuth.
func validRef(v string) bool {
	if !strings.HasPrefix(v, "user_") || len(v) > 64 {
		return false
	}
	for _, r := range v[len("user_"):] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// cookieRef returns the reference id the browser holds, or "".
func cookieRef(r *http.Request) string {
	if c, err := r.Cookie(refCookie); err == nil {
		return c.Value
	}
	return ""
}

// indexView is the home page's data.
type indexView struct {
	Connections []Connection
	Events      []Event
}

// handleIndex lists the stored connections and the latest webhooks.
func (a *app) handleIndex(w http.ResponseWriter, r *http.Request) {
	a.clientRef(w, r)
	conns, err := a.store.List(r.Context())
	if err != nil {
		a.storeFailed(w, r, err)
		return
	}
	events, err := a.store.RecentEvents(r.Context(), 10)
	if err != nil {
		a.storeFailed(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "index", indexView{Connections: conns, Events: events})
}

// handleConnect starts a Link session for a new connection.
func (a *app) handleConnect(w http.ResponseWriter, r *http.Request) {
	a.startLink(w, r, "")
}

// handleReconnect starts a Link session that re-authenticates a stored
// connection, keeping its id.
func (a *app) handleReconnect(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	// Only connections this app knows may be reconnected, so the endpoint
	// cannot start Link for arbitrary ids.
	if _, err := a.store.Get(r.Context(), id); err != nil {
		a.connectionLookupFailed(w, r, err)
		return
	}
	a.startLink(w, r, id)
}

// startLink calls Link.Init and sends the browser to the hosted page.
func (a *app) startLink(w http.ResponseWriter, r *http.Request, connectionID string) {
	ref := a.clientRef(w, r)
	ctx, cancel := context.WithTimeout(r.Context(), apiTimeout)
	defer cancel()
	sess, err := a.client.Link.Init(ctx, &ofauth.LinkInitParams{
		ClientAppID:       a.clientAppID,
		RedirectURL:       a.redirectURL,
		ClientReferenceID: ref,
		ConnectionID:      connectionID,
	})
	if err != nil {
		a.log.ErrorContext(r.Context(), "link init", "connection", connectionID, "err", err)
		a.renderError(w, r, http.StatusBadGateway, "Could not start Link", describeAPIError(err))
		return
	}
	if sess.URL == "" {
		// A whitelabel client app gets a client secret instead of a page;
		// this demo only drives the hosted flow.
		a.renderError(w, r, http.StatusBadGateway, "Could not start Link",
			"OFAuth returned no hosted Link URL (mode "+sess.Mode+"): configure the client app for the Redirect integration.")
		return
	}
	http.Redirect(w, r, sess.URL, http.StatusSeeOther)
}

// callbackView is the callback page's data.
type callbackView struct {
	ofauth.LinkCallback
	// Mismatch is set when the redirect carries another browser's
	// reference id; its connection id is then not recorded.
	Mismatch bool
}

// handleCallback shows the outcome of a Link flow. The connection.created
// webhook is the source of truth; a successful redirect from this
// browser's own flow records the id as pending so the list shows it at
// once.
func (a *app) handleCallback(w http.ResponseWriter, r *http.Request) {
	cb, err := ofauth.ParseLinkCallback(r.URL.Query())
	if err != nil {
		a.renderError(w, r, http.StatusBadRequest, "Unexpected Link redirect", "The redirect back from Link could not be read.")
		return
	}
	view := callbackView{LinkCallback: *cb}
	if cb.Status == ofauth.LinkSucceeded {
		ref := cookieRef(r)
		if ref == "" || ref != cb.ClientReferenceID {
			view.Mismatch = true
		} else if err := a.store.Upsert(r.Context(), Connection{ID: cb.ConnectionID, Status: statusPending, ClientReferenceID: ref}); err != nil {
			a.storeFailed(w, r, err)
			return
		}
	}
	a.render(w, r, http.StatusOK, "callback", view)
}

// connectionView is the detail page's data.
type connectionView struct {
	Connection      Connection
	Profile         *ofauth.User
	Subscribers     []ofauth.Subscriber
	MoreSubscribers bool
	// NeedsReauth offers the Reconnect button.
	NeedsReauth bool
	// Problem explains an Access call that failed for another reason.
	Problem string
}

// handleConnection shows a connection's profile and first page of fans,
// read live through the Access API with the stored connection id.
func (a *app) handleConnection(w http.ResponseWriter, r *http.Request) {
	c, err := a.store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		a.connectionLookupFailed(w, r, err)
		return
	}
	// The call is made whatever the stored status says: an expired one
	// fails fast with SESSION_EXPIRED and gets the Reconnect button, and
	// one whose reconnect webhook is still on its way shows its data.
	view := connectionView{Connection: c}
	if err := a.loadAccess(r.Context(), &view); err != nil {
		a.accessFailed(w, r, view, err)
		return
	}
	a.render(w, r, http.StatusOK, "connection", view)
}

// loadAccess fills the view from the Access API and refreshes the stored
// profile with what it read.
func (a *app) loadAccess(ctx context.Context, view *connectionView) error {
	ctx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	access := a.client.Access.WithConnection(view.Connection.ID)
	me, err := access.Self.Get(ctx)
	if err != nil {
		return err
	}
	fans, err := access.Subscribers.List(ctx, &ofauth.SubscriberListParams{Limit: subscribersPageSize})
	if err != nil {
		return err
	}
	view.Profile, view.Subscribers, view.MoreSubscribers = me, fans.Items, fans.HasMore
	// A call that worked proves the connection is active, which also
	// settles a pending one when no webhook can reach this app.
	fresh := Connection{ID: view.Connection.ID, Status: ofauth.ConnectionActive, Username: me.Username, Name: me.Name}
	if err := a.store.Upsert(ctx, fresh); err != nil {
		a.log.WarnContext(ctx, "refresh stored profile", "connection", view.Connection.ID, "err", err)
		return nil
	}
	view.Connection.Status = ofauth.ConnectionActive
	return nil
}

// accessFailed turns an Access error into a page: re-authentication for
// an expired session, a fresh start for a connection OFAuth no longer
// knows, a retry hint for rate limits, a plain message else.
func (a *app) accessFailed(w http.ResponseWriter, r *http.Request, view connectionView, err error) {
	id := view.Connection.ID
	switch {
	case errors.Is(err, ofauth.ErrSessionNotProvided):
		// Deleted or unknown at OFAuth: Link.Init with this id would fail,
		// so there is nothing to reconnect. Forget it.
		a.log.InfoContext(r.Context(), "connection no longer exists", "connection", id, "err", err)
		if serr := a.store.Delete(r.Context(), id); serr != nil {
			a.storeFailed(w, r, serr)
			return
		}
		view.Problem = "This connection no longer exists at OFAuth. Connect the creator again from the home page."
		a.render(w, r, http.StatusGone, "connection", view)
	case ofauth.NeedsReauth(err):
		a.log.InfoContext(r.Context(), "connection needs re-authentication", "connection", id, "err", err)
		if serr := a.store.Upsert(r.Context(), Connection{ID: id, Status: ofauth.ConnectionExpired}); serr != nil {
			a.storeFailed(w, r, serr)
			return
		}
		view.Connection.Status = ofauth.ConnectionExpired
		view.NeedsReauth = true
		a.render(w, r, http.StatusOK, "connection", view)
	case errors.Is(err, ofauth.ErrRateLimitExceeded):
		// The SDK already retried with exponential backoff; what reaches
		// us is a limit that outlasted it, so ask the user to come back.
		wait := retryAfter(err)
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Round(time.Second).Seconds())))
		a.log.WarnContext(r.Context(), "access rate limited", "connection", id, "retry_after", wait)
		view.Problem = fmt.Sprintf("OFAuth's rate limit was reached. Try again in %s.", wait.Round(time.Second))
		a.render(w, r, http.StatusServiceUnavailable, "connection", view)
	default:
		a.log.ErrorContext(r.Context(), "access call", "connection", id, "err", err)
		view.Problem = describeAPIError(err)
		a.render(w, r, http.StatusBadGateway, "connection", view)
	}
}

// retryAfter is how long the API asked us to wait, at least a second.
func retryAfter(err error) time.Duration {
	var apiErr *ofauth.APIError
	if errors.As(err, &apiErr) && apiErr.RetryAfter > time.Second {
		return apiErr.RetryAfter
	}
	return time.Second
}

// describeAPIError is a message for the page: enough to report the
// problem (status, code, request id), never more than the API said.
func describeAPIError(err error) string {
	var apiErr *ofauth.APIError
	switch {
	case errors.As(err, &apiErr):
		msg := fmt.Sprintf("OFAuth answered %d", apiErr.StatusCode)
		if apiErr.Code != "" {
			msg += " " + apiErr.Code
		}
		if apiErr.Message != "" {
			msg += ": " + apiErr.Message
		}
		if apiErr.RequestID != "" {
			msg += " (request " + apiErr.RequestID + ")"
		}
		return msg + "."
	case errors.Is(err, context.DeadlineExceeded):
		return "OFAuth did not answer in time. Try again."
	default:
		return "OFAuth could not be reached. Try again."
	}
}

// connectionLookupFailed answers a store lookup error: 404 for an unknown
// id, 500 else.
func (a *app) connectionLookupFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, ErrNotFound) {
		a.renderError(w, r, http.StatusNotFound, "Unknown connection", "This app has no connection with that id.")
		return
	}
	a.storeFailed(w, r, err)
}

func (a *app) storeFailed(w http.ResponseWriter, r *http.Request, err error) {
	a.log.ErrorContext(r.Context(), "store", "err", err)
	a.renderError(w, r, http.StatusInternalServerError, "Something went wrong", "The app could not read or write its database.")
}
