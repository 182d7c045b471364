package ofauth

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// LinkSession and LinkLoginStatus decode themselves (lenient times, the
// raw session of a completed login) and LinkLoginStatus prints itself
// redacted, so they stay hand-written (x-go-override in spec/openapi.yaml).

// LinkSession is a started Link session: a URL to send the creator to
// (hosted), or a client secret for your own UI (whitelabel).
type LinkSession struct {
	Mode         string    `json:"mode"`
	URL          string    `json:"url"`
	ClientSecret string    `json:"clientSecret"`
	ExpiresAt    time.Time `json:"expiresAt"`
}

// UnmarshalJSON fills the mode and client secret when the response left
// them out: older deployments send only {url, expiresAt}.
func (s *LinkSession) UnmarshalJSON(b []byte) error {
	var aux struct {
		Mode         string     `json:"mode"`
		URL          string     `json:"url"`
		ClientSecret string     `json:"clientSecret"`
		ExpiresAt    jsonx.Time `json:"expiresAt"`
	}
	if err := unmarshalJSON(b, &aux); err != nil {
		return err
	}
	*s = LinkSession{Mode: aux.Mode, URL: aux.URL, ClientSecret: aux.ClientSecret, ExpiresAt: aux.ExpiresAt.Time}
	if s.ClientSecret == "" {
		s.ClientSecret = clientSecretFromURL(s.URL)
	}
	if s.Mode == "" {
		s.Mode = LinkModeWhitelabel
		if s.URL != "" {
			s.Mode = LinkModeHosted
		}
	}
	return nil
}

// clientSecretFromURL finds the cs_… segment of a hosted Link URL, so the
// session's status can be polled.
func clientSecretFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if strings.HasPrefix(seg, "cs_") {
			return seg
		}
	}
	return ""
}

// LinkLoginStatus is the state of a Link session's login.
type LinkLoginStatus struct {
	Status LinkLoginState `json:"status"`
	// TwoFactor is set while the login awaits a second factor.
	TwoFactor *TwoFactorState `json:"-"`
	// Completed is set when the login completed and the app receives raw
	// sessions.
	Completed *LinkCompletedLogin `json:"-"`
	// Data is the response's data as sent.
	Data json.RawMessage `json:"data,omitempty"`
}

// UnmarshalJSON decodes data by its shape.
func (s *LinkLoginStatus) UnmarshalJSON(b []byte) error {
	var aux struct {
		Status LinkLoginState  `json:"status"`
		Data   json.RawMessage `json:"data"`
	}
	if err := unmarshalJSON(b, &aux); err != nil {
		return err
	}
	*s = LinkLoginStatus{Status: aux.Status}
	if len(aux.Data) == 0 || string(aux.Data) == "null" {
		return nil
	}
	s.Data = aux.Data
	var shape struct {
		TwoFactorState *TwoFactorState `json:"twoFactorState"`
		Session        *RawSession     `json:"session"`
	}
	if unmarshalJSON(aux.Data, &shape) != nil {
		return nil //nolint:nilerr // an unknown data shape is kept raw in Data
	}
	s.TwoFactor = shape.TwoFactorState
	if shape.Session != nil {
		var done LinkCompletedLogin
		if unmarshalJSON(aux.Data, &done) == nil {
			s.Completed = &done
		}
	}
	return nil
}

// Format prints the status without the session of a completed login: Data
// is redacted when it holds one, and Completed is printed through
// RawSession's redaction, for every verb.
func (s LinkLoginStatus) Format(f fmt.State, verb rune) {
	// Completed is shown by value: fmt prints a pointer under a verb it does
	// not suit (%s, %q) without calling any Format method inside it.
	type LinkLoginStatus struct {
		Status    LinkLoginState
		TwoFactor *TwoFactorState
		Completed any
		Data      json.RawMessage
	}
	v := LinkLoginStatus{Status: s.Status, TwoFactor: s.TwoFactor, Data: s.Data}
	if s.Completed != nil {
		v.Completed = *s.Completed
	}
	var probe struct {
		Session json.RawMessage `json:"session"`
	}
	if json.Unmarshal(s.Data, &probe) == nil && len(probe.Session) > 0 && string(probe.Session) != "null" {
		v.Data = json.RawMessage(`"[REDACTED]"`)
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}
