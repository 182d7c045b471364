package ofauthtest

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// linkSessionTTL is how long a Link session can be completed.
const linkSessionTTL = 30 * time.Minute

// Sandbox credentials, as OFAuth's sandbox documents them: any address at
// one of the *.sandbox.com scenario domains with this password; the
// "-otp" domains also want the code.
const (
	SandboxEmail    = "creator@creator.sandbox.com"
	SandboxPassword = "good-password"
	SandboxOTP      = "123456"
)

// Link session states, as GET /v2/link/{clientSecret} reports them.
const (
	linkInitialized        = "initialized"
	linkCompleted          = "completed"
	linkDenied             = "denied"
	linkInvalidCredentials = "invalid_credentials"
	linkFailed             = "failed"
)

type linkSession struct {
	secret       string
	mode         string
	redirectURL  string
	clientRef    string
	connectionID string // set for a reconnect
	expiresAt    time.Time
	state        string
	resultConnID string
	// outcome is where a cancelled or failed session sends the browser:
	// its hosted page redirects there from then on.
	outcome *url.URL
}

// Errors of CompleteLink and CancelLink.
var (
	ErrLinkNotFound = errors.New("ofauthtest: no such Link session")
	ErrLinkExpired  = errors.New("ofauthtest: Link session expired")
	ErrLinkFinished = errors.New("ofauthtest: Link session already completed or cancelled")
)

var clientAppIDPattern = regexp.MustCompile(`^app_[a-zA-Z0-9]+$`)

func (s *Server) handleLinkInit(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ClientAppID       string `json:"clientAppId"`
		RedirectURL       string `json:"redirectUrl"`
		ClientReferenceID string `json:"clientReferenceId"`
		ConnectionID      string `json:"connectionId"`
		Mode              string `json:"mode"`
		Geolocation       *struct {
			Country string `json:"country"`
			State   string `json:"state"`
			City    string `json:"city"`
		} `json:"geolocation"`
	}
	if !readJSON(w, r, &body, true) {
		return
	}
	if body.ClientAppID != "" && !clientAppIDPattern.MatchString(body.ClientAppID) {
		badRequest(w, "clientAppId must match ^app_[a-zA-Z0-9]+$")
		return
	}
	if body.Geolocation != nil && body.Geolocation.Country == "" {
		badRequest(w, "geolocation.country is required")
		return
	}
	switch body.Mode {
	case "", "hosted", "redirect", "embed", "whitelabel":
	default:
		badRequest(w, "mode must be redirect, embed, hosted or whitelabel")
		return
	}
	redirect, err := s.redirectFor(body.RedirectURL)
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	s.mu.Lock()
	if body.ConnectionID != "" {
		if _, ok := s.conns[body.ConnectionID]; !ok {
			s.mu.Unlock()
			notFound(w, "Connection")
			return
		}
	}
	ls := &linkSession{
		secret:       randomID("cs_", 32),
		mode:         "hosted",
		redirectURL:  redirect,
		clientRef:    body.ClientReferenceID,
		connectionID: body.ConnectionID,
		expiresAt:    s.now().Add(linkSessionTTL),
		state:        linkInitialized,
	}
	if body.Mode == "whitelabel" {
		ls.mode = "whitelabel"
	}
	s.links[ls.secret] = ls
	s.mu.Unlock()
	resp := map[string]any{"mode": ls.mode, "expiresAt": isoTime(ls.expiresAt)}
	if ls.mode == "whitelabel" {
		resp["clientSecret"] = ls.secret
	} else {
		resp["url"] = s.base + "/link/" + ls.secret
	}
	writeJSON(w, http.StatusOK, resp)
}

// redirectFor checks a session's redirect URL against the allowed ones and
// picks the default when none was given.
func (s *Server) redirectFor(raw string) (string, error) {
	allowed := s.cfg.redirectURLs
	if raw == "" {
		if len(allowed) > 0 {
			return allowed[0], nil
		}
		return s.base + "/sandbox/redirect", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("redirectUrl must be an absolute http(s) URL")
	}
	if len(allowed) == 0 {
		return raw, nil
	}
	for _, a := range allowed {
		if a == raw {
			return raw, nil
		}
	}
	return "", errors.New("redirectUrl is not one of the client app's allowed redirect URIs")
}

// linkLocked finds a session by client secret.
func (s *Server) linkLocked(secret string) (*linkSession, error) {
	ls, ok := s.links[secret]
	switch {
	case !ok:
		return nil, ErrLinkNotFound
	case ls.state == linkCompleted || ls.state == linkDenied || ls.state == linkFailed:
		return ls, ErrLinkFinished
	case !s.now().Before(ls.expiresAt):
		return ls, ErrLinkExpired
	}
	return ls, nil
}

func (s *Server) handleLinkStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ls, ok := s.links[r.PathValue("clientSecret")]
	state := ""
	if ok && (ls.state != linkInitialized || s.now().Before(ls.expiresAt)) {
		state = ls.state
	}
	s.mu.Unlock()
	if state == "" { // unknown or expired: both envelopes the API is known to send
		writeErrorBody(w, http.StatusNotFound, errorBody{Error: "Link session not found", Type: codeResourceNotFound, Status: "not_found"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": state})
}

func (s *Server) handleLinkDelete(w http.ResponseWriter, r *http.Request) {
	secret := r.PathValue("clientSecret")
	s.mu.Lock()
	_, ok := s.links[secret]
	delete(s.links, secret)
	s.mu.Unlock()
	if !ok {
		notFound(w, "Link session")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

// CompleteLink completes a Link session as a creator logging in on the
// hosted page would, without a browser. It takes the session's URL (from
// Link.Init) or its client secret, creates the connection (or reconnects
// the one the session was started for), sends connection.created (or
// connection.updated), and returns the redirect the browser would follow,
// whose query ofauth.ParseLinkCallback reads, and the connection id.
func (s *Server) CompleteLink(linkURLOrClientSecret string) (redirect *url.URL, connectionID string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ls, err := s.linkLocked(clientSecretOf(linkURLOrClientSecret))
	if err != nil {
		return nil, "", err
	}
	return s.completeLocked(ls, "")
}

// CancelLink ends a Link session as a creator pressing Cancel on the login
// step would, and returns the redirect (status=cancelled&step=login).
func (s *Server) CancelLink(linkURLOrClientSecret string) (*url.URL, error) {
	return s.CancelLinkAt(linkURLOrClientSecret, LinkStepLogin)
}

// Steps of the hosted Link flow, as the redirect's step parameter names
// them.
const (
	LinkStepPreLogin      = "pre-login"
	LinkStepAuthorization = "authorization"
	LinkStepLogin         = "login"
	LinkStep2FA           = "2fa"
)

// CancelLinkAt ends a Link session as a creator leaving it at step would
// (LinkStepPreLogin, LinkStepLogin, …; empty means login), and returns the
// redirect: status=cancelled, step and client_reference_id. GET
// /v2/link/{clientSecret} then reports "denied", and the hosted page
// redirects there, so a browser opening the session's URL afterwards lands
// on the app's callback with that query.
func (s *Server) CancelLinkAt(linkURLOrClientSecret, step string) (*url.URL, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ls, err := s.linkLocked(clientSecretOf(linkURLOrClientSecret))
	if err != nil {
		return nil, err
	}
	if step == "" {
		step = LinkStepLogin
	}
	return s.cancelLocked(ls, step)
}

// FailLink ends a Link session with an error, as the hosted flow does when
// a login fails for good, and returns the redirect: status=error,
// error_code (e.g. "invalid_credentials", "account_locked", "2fa_failed",
// "session_expired"; the set is open), step when not empty, and
// client_reference_id. GET /v2/link/{clientSecret} then reports "failed",
// and the hosted page redirects there, so a browser opening the session's
// URL afterwards lands on the app's callback with that query. No
// connection is made and no webhook sent.
func (s *Server) FailLink(linkURLOrClientSecret, errorCode, step string) (*url.URL, error) {
	if strings.TrimSpace(errorCode) == "" {
		return nil, errors.New("ofauthtest: FailLink needs an error code")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls, err := s.linkLocked(clientSecretOf(linkURLOrClientSecret))
	if err != nil {
		return nil, err
	}
	q := url.Values{"status": {"error"}, "error_code": {errorCode}}
	if step != "" {
		q.Set("step", step)
	}
	return s.finishLocked(ls, linkFailed, q)
}

// clientSecretOf finds the cs_… segment of a Link URL, or takes the
// argument as the secret itself.
func clientSecretOf(v string) string {
	v = strings.TrimSpace(v)
	if strings.Contains(v, "/") {
		if u, err := url.Parse(v); err == nil {
			for _, seg := range strings.Split(u.Path, "/") {
				if strings.HasPrefix(seg, "cs_") {
					return seg
				}
			}
		}
	}
	return v
}

// completeLocked finishes ls for the creator logging in as email (empty:
// the next generated creator).
func (s *Server) completeLocked(ls *linkSession, email string) (*url.URL, string, error) {
	var c *connection
	if ls.connectionID != "" {
		c = s.conns[ls.connectionID]
		if c == nil {
			return nil, "", fmt.Errorf("%w: %q was deleted after the session started", ErrUnknownConnection, ls.connectionID)
		}
		now := s.now()
		c.Status, c.ExpiredAt, c.UpdatedAt = StatusActive, time.Time{}, now
		if ls.clientRef != "" {
			c.ClientReferenceID = ls.clientRef
		}
		s.queueConnectionEventLocked(eventConnectionUpdated, c)
	} else {
		user := s.newCreatorLocked("")
		if name := usernameFromEmail(email); name != "" {
			user.Username = name
		}
		c = s.newConnectionLocked(user, ls.clientRef, false)
		s.queueConnectionEventLocked(eventConnectionCreated, c)
	}
	ls.state, ls.resultConnID = linkCompleted, c.ID
	q := url.Values{"status": {"success"}, "connection_id": {c.ID}}
	if ls.clientRef != "" {
		q.Set("client_reference_id", ls.clientRef)
	}
	u, err := withQuery(ls.redirectURL, q)
	return u, c.ID, err
}

func (s *Server) cancelLocked(ls *linkSession, step string) (*url.URL, error) {
	return s.finishLocked(ls, linkDenied, url.Values{"status": {"cancelled"}, "step": {step}})
}

// finishLocked ends ls without a connection, in state, and records the
// redirect its hosted page sends browsers to from then on.
func (s *Server) finishLocked(ls *linkSession, state string, q url.Values) (*url.URL, error) {
	if ls.clientRef != "" {
		q.Set("client_reference_id", ls.clientRef)
	}
	u, err := withQuery(ls.redirectURL, q)
	if err != nil {
		return nil, err
	}
	ls.state, ls.outcome = state, u
	return u, nil
}

// outcomeLocked is the redirect of a session a test cancelled or failed,
// or nil.
func (s *Server) outcomeLocked(secret string) *url.URL {
	if ls, ok := s.links[secret]; ok && ls.outcome != nil {
		return ls.outcome
	}
	return nil
}

// withQuery adds q to the query of raw, keeping what it had.
func withQuery(raw string, q url.Values) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	have := u.Query()
	for k, vs := range q {
		have[k] = vs
	}
	u.RawQuery = have.Encode()
	return u, nil
}

var usernameChars = regexp.MustCompile(`[^a-z0-9._]`)

// usernameFromEmail turns the local part of a sandbox login into the
// connected account's username, so a tester can tell accounts apart; the
// documented placeholder address keeps the generated one.
func usernameFromEmail(email string) string {
	local, _, ok := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	if !ok || local == "" || local == "creator" || local == "fan" {
		return ""
	}
	name := usernameChars.ReplaceAllString(local, "")
	if len(name) > 30 {
		name = name[:30]
	}
	return name
}

// checkSandboxLogin applies the sandbox's login rules.
func checkSandboxLogin(email, password, otp string) bool {
	_, domain, ok := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	if !ok || !strings.HasSuffix(domain, ".sandbox.com") || password != SandboxPassword {
		return false
	}
	return !strings.Contains(domain, "-otp.") || otp == SandboxOTP
}

// The hosted Link page.

var linkPage = template.Must(template.New("link").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connect your OnlyFans account · OFAuth sandbox</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f6fb;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:12px;box-shadow:0 2px 12px #0002;padding:2rem;width:22rem}
h1{font-size:1.25rem;margin-top:0}label{display:block;margin:.75rem 0 .25rem;font-size:.9rem}
input{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #ccd;border-radius:6px}
button{margin-top:1.25rem;width:100%;padding:.6rem;border:0;border-radius:6px;background:#00aff0;color:#fff;font-size:1rem;cursor:pointer}
.note{color:#667;font-size:.8rem}.error{color:#b00020}a{color:#667}
</style>
</head>
<body>
<main>
{{if .Message}}
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{else}}
<h1>{{if .Reconnect}}Reconnect @{{.Reconnect}}{{else}}Connect your OnlyFans account{{end}}</h1>
<p class="note">OFAuth sandbox (ofauthtest). Use any address at creator.sandbox.com with the password {{.Password}}.</p>
{{if .Error}}<p class="error">{{.Error}}</p>{{end}}
<form method="post" action="/link/{{.Secret}}">
<input type="hidden" name="action" value="connect">
<label for="email">E-mail</label>
<input id="email" name="email" type="email" value="{{.Email}}" autocomplete="username">
<label for="password">Password</label>
<input id="password" name="password" type="password" value="{{.Password}}" autocomplete="current-password">
<label for="otp">Code (only for *-otp.sandbox.com)</label>
<input id="otp" name="otp" inputmode="numeric" value="">
<button type="submit">Connect</button>
</form>
<p class="note"><a href="/link/{{.Secret}}/cancel">Cancel</a></p>
{{end}}
</main>
</body>
</html>
`))

type linkPageData struct {
	Secret, Email, Password, Error, Reconnect string
	Title, Message                            string
}

func renderLinkPage(w http.ResponseWriter, status int, d linkPageData) {
	writeHTML(w, status, linkPage, d)
}

// writeHTML renders t before sending anything, so a template error is a
// 500 rather than a truncated page under a success status.
func writeHTML(w http.ResponseWriter, status int, t *template.Template, data any) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		http.Error(w, "ofauthtest: rendering the page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// renderLinkProblem answers a page request for a session that cannot be
// used.
func renderLinkProblem(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrLinkFinished):
		renderLinkPage(w, http.StatusGone, linkPageData{Title: "Already done", Message: "This Link session has already been completed or cancelled."})
	case errors.Is(err, ErrLinkExpired):
		renderLinkPage(w, http.StatusGone, linkPageData{Title: "Session expired", Message: "This Link session has expired. Start a new one from the app."})
	default:
		renderLinkPage(w, http.StatusNotFound, linkPageData{Title: "Not found", Message: "There is no Link session at this address."})
	}
}

// redirectToOutcome sends the browser on to the result of a session a
// test cancelled or failed, and reports whether there was one.
func (s *Server) redirectToOutcome(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	target := s.outcomeLocked(r.PathValue("clientSecret"))
	s.mu.Unlock()
	if target == nil {
		return false
	}
	http.Redirect(w, r, target.String(), http.StatusSeeOther)
	return true
}

func (s *Server) handleLinkPage(w http.ResponseWriter, r *http.Request) {
	if s.redirectToOutcome(w, r) {
		return
	}
	secret := r.PathValue("clientSecret")
	s.mu.Lock()
	ls, err := s.linkLocked(secret)
	d := linkPageData{Secret: secret, Email: SandboxEmail, Password: SandboxPassword}
	if err == nil && ls.connectionID != "" {
		if c := s.conns[ls.connectionID]; c != nil {
			d.Reconnect = c.User.Username
		}
	}
	s.mu.Unlock()
	if err != nil {
		renderLinkProblem(w, err)
		return
	}
	renderLinkPage(w, http.StatusOK, d)
}

func (s *Server) handleLinkSubmit(w http.ResponseWriter, r *http.Request) {
	if s.redirectToOutcome(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	secret := r.PathValue("clientSecret")
	s.mu.Lock()
	ls, err := s.linkLocked(secret)
	if err != nil {
		expired := errors.Is(err, ErrLinkExpired)
		var target *url.URL
		if expired { // the app learns of it through the redirect, as with the real page
			target, _ = withQuery(ls.redirectURL, url.Values{"status": {"error"}, "error_code": {"session_expired"}})
		}
		s.mu.Unlock()
		if target != nil {
			http.Redirect(w, r, target.String(), http.StatusSeeOther)
			return
		}
		renderLinkProblem(w, err)
		return
	}
	if r.PostForm.Get("action") == "cancel" {
		target, err := s.cancelLocked(ls, LinkStepLogin)
		s.mu.Unlock()
		redirectOrFail(w, r, target, err)
		return
	}
	email, password := r.PostForm.Get("email"), r.PostForm.Get("password")
	if !checkSandboxLogin(email, password, r.PostForm.Get("otp")) {
		ls.state = linkInvalidCredentials
		s.mu.Unlock()
		renderLinkPage(w, http.StatusOK, linkPageData{
			Secret: secret, Email: email, Password: SandboxPassword,
			Error: "Wrong e-mail or password. Use an address at creator.sandbox.com and the sandbox password.",
		})
		return
	}
	target, _, err := s.completeLocked(ls, email)
	s.mu.Unlock()
	redirectOrFail(w, r, target, err)
}

func (s *Server) handleLinkCancel(w http.ResponseWriter, r *http.Request) {
	if s.redirectToOutcome(w, r) {
		return
	}
	s.mu.Lock()
	ls, err := s.linkLocked(r.PathValue("clientSecret"))
	if err != nil {
		s.mu.Unlock()
		renderLinkProblem(w, err)
		return
	}
	target, err := s.cancelLocked(ls, LinkStepLogin)
	s.mu.Unlock()
	redirectOrFail(w, r, target, err)
}

func redirectOrFail(w http.ResponseWriter, r *http.Request, target *url.URL, err error) {
	if err != nil {
		renderLinkPage(w, http.StatusGone, linkPageData{Title: "Cannot finish", Message: err.Error()})
		return
	}
	http.Redirect(w, r, target.String(), http.StatusSeeOther) //nolint:gosec // the redirect URL the app passed to Link.Init, as the real Link does
}

var redirectPage = template.Must(template.New("done").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Link finished · OFAuth sandbox</title></head>
<body style="font-family:system-ui,sans-serif;margin:3rem">
<h1>Link finished: {{.Status}}</h1>
{{if .ConnectionID}}<p>Connection <code>{{.ConnectionID}}</code></p>{{end}}
{{if .Ref}}<p>Client reference <code>{{.Ref}}</code></p>{{end}}
<p>The session had no redirect URL, so it came back to the sandbox. You can close this window.</p>
</body></html>
`))

// handleSandboxRedirect is where sessions without a redirect URL return.
func (s *Server) handleSandboxRedirect(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	writeHTML(w, http.StatusOK, redirectPage, struct{ Status, ConnectionID, Ref string }{
		q.Get("status"), q.Get("connection_id"), q.Get("client_reference_id"),
	})
}
