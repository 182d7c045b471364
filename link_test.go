package ofauth

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLinkInitSendsEveryField(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("POST /v2/link/init", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, map[string]any{
			"clientAppId":       "app_abc123",
			"redirectUrl":       "https://app.example.com/callback",
			"clientReferenceId": "user_456",
			"connectionId":      "conn_abc123",
			"geolocation":       map[string]any{"country": "US", "state": "CA", "city": "San Francisco"},
			"mode":              "embed",
			"options":           map[string]any{"returnRawSession": true},
			"origin":            "https://app.example.com",
		}, readJSON(t, r))
		writeJSON(w, 200, `{"mode":"hosted","url":"https://link.ofauth.com/cs_123","expiresAt":"2023-10-27T10:00:00.000Z"}`)
	})
	s, err := c.Link.Init(context.Background(), &LinkInitParams{
		ClientAppID: "app_abc123", RedirectURL: "https://app.example.com/callback", ClientReferenceID: "user_456",
		ConnectionID: "conn_abc123", Geolocation: &Geolocation{Country: "US", State: "CA", City: "San Francisco"},
		Mode: "embed", Options: &LinkOptionsParams{ReturnRawSession: true}, Origin: "https://app.example.com",
	})
	require.NoError(t, err)
	assert.Equal(t, &LinkSession{Mode: LinkModeHosted, URL: "https://link.ofauth.com/cs_123", ClientSecret: "cs_123",
		ExpiresAt: time.Date(2023, 10, 27, 10, 0, 0, 0, time.UTC)}, s)
}

func TestLinkInitOmitsEmptyFields(t *testing.T) {
	c, mux := setup(t)
	var bodies []map[string]any
	mux.HandleFunc("POST /v2/link/init", func(w http.ResponseWriter, r *http.Request) {
		bodies = append(bodies, readJSON(t, r))
		writeJSON(w, 200, `{"mode":"whitelabel","clientSecret":"cs_wl","expiresAt":"2023-10-27T10:00:00Z"}`)
	})
	s, err := c.Link.Init(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, LinkModeWhitelabel, s.Mode)
	assert.Equal(t, "cs_wl", s.ClientSecret)
	assert.Empty(t, s.URL)
	_, err = c.Link.Init(context.Background(), &LinkInitParams{RedirectURL: "https://x.example/cb"})
	require.NoError(t, err)
	assert.Equal(t, []map[string]any{{}, {"redirectUrl": "https://x.example/cb"}}, bodies)

	_, err = c.Link.Init(context.Background(), &LinkInitParams{Geolocation: &Geolocation{State: "CA"}})
	assert.ErrorIs(t, err, ErrInvalidParams)
	assert.Len(t, bodies, 2, "rejected before sending")
}

func TestLinkSessionShapes(t *testing.T) {
	cases := map[string]LinkSession{
		`{"url":"https://link.ofauth.com/s/cs_abc?x=1","expiresAt":"2025-01-01T00:00:00Z"}`: {
			Mode: LinkModeHosted, URL: "https://link.ofauth.com/s/cs_abc?x=1", ClientSecret: "cs_abc", ExpiresAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		`{"mode":"hosted","url":"https://link.ofauth.com/other","expiresAt":null}`: {Mode: LinkModeHosted, URL: "https://link.ofauth.com/other"},
		`{"clientSecret":"cs_x"}`: {Mode: LinkModeWhitelabel, ClientSecret: "cs_x"},
	}
	for in, want := range cases {
		var s LinkSession
		require.NoError(t, s.UnmarshalJSON([]byte(in)))
		assert.Equal(t, want, s, in)
	}
}

func TestLinkStatus(t *testing.T) {
	c, mux := setup(t)
	bodies := map[string]string{
		"cs_pending": `{"status":"pending"}`,
		"cs_2fa": `{"status":"awaiting_2fa","data":{"twoFactorState":{"options":["phone","app"],
			"phoneCode":{"requestAttemptsLimit":3,"requestAttemptsLeft":2,"checkAttemptsLimit":3,"checkAttemptsLeft":3,"expirationDate":"2025-01-01T00:05:00Z","expirationSeconds":300},
			"phoneLast4":"1234"}}}`,
		"cs_done": `{"status":"completed","data":{"id":"conn_9","session":{"user-id":"42","user-agent":"UA","cookie":"sess=1","x-bc":"bc"},
			"userData":{"id":"42","name":"Jane","username":"jane","avatar":"a.jpg"}}}`,
		"cs_odd": `{"status":"not_found","data":[1,2]}`,
	}
	mux.HandleFunc("GET /v2/link/{secret}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, bodies[r.PathValue("secret")])
	})
	mux.HandleFunc("DELETE /v2/link/{secret}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "cs_done", r.PathValue("secret"))
		w.WriteHeader(204)
	})
	ctx := context.Background()
	st, err := c.Link.Status(ctx, "cs_pending")
	require.NoError(t, err)
	assert.Equal(t, &LinkLoginStatus{Status: LinkLoginPending}, st)

	st, err = c.Link.Status(ctx, "cs_2fa")
	require.NoError(t, err)
	assert.Equal(t, LinkLoginAwaiting2FA, st.Status)
	require.NotNil(t, st.TwoFactor)
	assert.Equal(t, []string{"phone", "app"}, st.TwoFactor.Options)
	assert.Equal(t, "1234", st.TwoFactor.PhoneLast4)
	assert.Equal(t, 2, st.TwoFactor.PhoneCode.RequestAttemptsLeft)
	assert.True(t, st.TwoFactor.PhoneCode.ExpirationDate.Equal(time.Date(2025, 1, 1, 0, 5, 0, 0, time.UTC)))
	assert.Nil(t, st.Completed)

	st, err = c.Link.Status(ctx, "cs_done")
	require.NoError(t, err)
	require.NotNil(t, st.Completed)
	assert.Equal(t, "42", st.Completed.Session.UserID)
	assert.Equal(t, "sess=1", st.Completed.Session.Cookie)
	assert.Equal(t, "jane", st.Completed.UserData.Username)
	assert.NotContains(t, fmt.Sprintf("%+v", st.Completed), "sess=1")

	st, err = c.Link.Status(ctx, "cs_odd")
	require.NoError(t, err)
	assert.Equal(t, LinkLoginNotFound, st.Status)
	assert.JSONEq(t, `[1,2]`, string(st.Data))

	require.NoError(t, c.Link.Delete(ctx, "cs_done"))
	_, err = c.Link.Status(ctx, "")
	assert.ErrorIs(t, err, ErrInvalidParams)
}

func TestParseLinkCallback(t *testing.T) {
	ok := []struct {
		query string
		want  LinkCallback
	}{
		{"status=success&connection_id=conn_abc123&client_reference_id=user_456",
			LinkCallback{Status: LinkSucceeded, ConnectionID: "conn_abc123", ClientReferenceID: "user_456"}},
		{"status=cancelled&step=2fa&client_reference_id=u", LinkCallback{Status: LinkCancelled, Step: "2fa", ClientReferenceID: "u"}},
		{"status=canceled&step=login", LinkCallback{Status: LinkCancelled, Step: "login"}},
		{"status=error&error_code=invalid_credentials", LinkCallback{Status: LinkFailed, ErrorCode: "invalid_credentials"}},
	}
	for _, tc := range ok {
		q, err := url.ParseQuery(tc.query)
		require.NoError(t, err)
		cb, err := ParseLinkCallback(q)
		require.NoError(t, err, tc.query)
		assert.Equal(t, tc.want, *cb, tc.query)
	}
	bad := []string{"", "status=", "connection_id=conn_1", "status=success", "status=success&connection_id=%20", "status=weird", "status=" + url.QueryEscape("x\n<script>")}
	for _, raw := range bad {
		q, _ := url.ParseQuery(raw)
		cb, err := ParseLinkCallback(q)
		assert.Nil(t, cb, raw)
		assert.ErrorIs(t, err, ErrInvalidCallback, raw)
	}
	cb, err := ParseLinkCallback(nil)
	assert.Nil(t, cb)
	assert.ErrorIs(t, err, ErrInvalidCallback)
}

// FuzzParseLinkCallback: any query parses without panic, and a success
// always carries a connection id.
func FuzzParseLinkCallback(f *testing.F) {
	f.Add("status=success&connection_id=conn_abc123&client_reference_id=user_456")
	f.Add("status=cancelled&step=pre-login")
	f.Add("status=error&error_code=2fa_failed")
	f.Add("status=%ZZ&&;;==")
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		cb, err := ParseLinkCallback(q)
		if err != nil {
			if cb != nil {
				t.Fatal("callback with error")
			}
			return
		}
		switch cb.Status {
		case LinkSucceeded:
			if cb.ConnectionID == "" {
				t.Fatal("success without connection id")
			}
		case LinkCancelled, LinkFailed:
		default:
			t.Fatalf("unexpected status %q", cb.Status)
		}
	})
}
