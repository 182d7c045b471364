package ofauth

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// ErrRedirectRefused is matched by the error of a call whose response
// redirected somewhere the SDK does not follow: every request carries the
// API key and often a connection id, so they go to the base URL's origin
// (scheme, host and port) and nowhere else.
var ErrRedirectRefused = errors.New("ofauth: redirect refused")

// Reasons a RedirectError gives.
const (
	RedirectOtherOrigin = "another origin"    // another host or port, or http upgraded to https
	RedirectDowngrade   = "downgraded scheme" // https to http: the key would travel in clear text
	RedirectTooMany     = "too many redirects"
)

// maxRedirects bounds the redirects of one attempt.
const maxRedirects = 3

// RedirectError is the error of a refused redirect. It names the two
// origins only: the Location's path and query may echo secrets. It matches
// ErrRedirectRefused and is never retried.
type RedirectError struct {
	From   string // origin of the original request, e.g. "https://api.ofauth.com:443"
	To     string // origin the response redirected to
	Reason string // RedirectOtherOrigin, RedirectDowngrade or RedirectTooMany
}

// Error says where the redirect went and why it was not followed.
func (e *RedirectError) Error() string {
	return "ofauth: redirect from " + e.From + " to " + e.To + " refused: " + e.Reason
}

// Is matches ErrRedirectRefused.
func (e *RedirectError) Is(target error) bool { return target == ErrRedirectRefused }

// origin returns u's scheme, lower-case host and port, the scheme's
// default port filled in, so that https://h and https://h:443 compare
// equal.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// checkSameOrigin refuses a redirect to any origin but the original
// request's, and more than maxRedirects in a row.
func checkSameOrigin(req *http.Request, via []*http.Request) error {
	from, to := origin(via[0].URL), origin(req.URL)
	switch {
	case strings.EqualFold(via[0].URL.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https"):
		return &RedirectError{From: from, To: to, Reason: RedirectDowngrade}
	case from != to:
		return &RedirectError{From: from, To: to, Reason: RedirectOtherOrigin}
	case len(via) > maxRedirects:
		return &RedirectError{From: from, To: to, Reason: RedirectTooMany}
	}
	return nil
}

// redirectPolicy is the CheckRedirect of the SDK's http.Client: the
// same-origin rule first, then the user's own CheckRedirect, read at call
// time, which may refuse more but never allow more.
func redirectPolicy(base *http.Client) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if err := checkSameOrigin(req, via); err != nil {
			return err
		}
		if check := base.CheckRedirect; check != nil {
			if err := check(req, via); err != nil && err != http.ErrUseLastResponse { //nolint:errorlint // net/http compares it with ==
				return userRedirectRefusal{err}
			}
			return nil
		}
		return nil
	}
}

// userRedirectRefusal marks an error of the user's CheckRedirect, so that
// the call is not retried: the next attempt would be refused the same way.
type userRedirectRefusal struct{ err error }

func (e userRedirectRefusal) Error() string { return e.err.Error() }
func (e userRedirectRefusal) Unwrap() error { return e.err }

// asRedirectError returns the *RedirectError inside err, dropping the
// *url.Error around it: that one quotes the Location header verbatim,
// which a hostile server may fill with the key it was sent. The origins
// are masked with r, in any case: host names are case-insensitive.
func asRedirectError(err error, r redactor) (*RedirectError, bool) {
	var re *RedirectError
	if !errors.As(err, &re) {
		return nil, false
	}
	return &RedirectError{From: r.fold(re.From), To: r.fold(re.To), Reason: re.Reason}, true
}
