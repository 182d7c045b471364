package ofauthtest_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// start runs a server for the test.
func start(t *testing.T, opts ...ofauthtest.ServerOption) *ofauthtest.Server {
	t.Helper()
	s := ofauthtest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// client returns an SDK client for s with fast retries.
func client(t *testing.T, s *ofauthtest.Server, opts ...ofauth.Option) *ofauth.Client {
	t.Helper()
	all := append([]ofauth.Option{
		ofauth.WithBaseURL(s.URL),
		ofauth.WithRetryWait(time.Millisecond, 20*time.Millisecond),
	}, opts...)
	c, err := ofauth.NewClient(s.APIKey, all...)
	require.NoError(t, err)
	return c
}

// ctx is a test context that ends with the test.
func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// call sends a raw request and decodes a JSON answer into a map (nil when
// the body is not a JSON object).
func call(t *testing.T, s *ofauthtest.Server, method, path, connID string, body any) (*http.Response, map[string]any) {
	t.Helper()
	return callKey(t, s, s.APIKey, method, path, connID, body)
}

func callKey(t *testing.T, s *ofauthtest.Server, key, method, path, connID string, body any) (*http.Response, map[string]any) {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		require.NoError(t, err)
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("apikey", key)
	}
	if connID != "" {
		req.Header.Set("x-connection-id", connID)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		m = nil // not a JSON object (an HTML page, plain text): callers check the status
	}
	return resp, m
}

// assertEnvelope checks the documented error envelope.
func assertEnvelope(t *testing.T, resp *http.Response, m map[string]any, status int, code string) {
	t.Helper()
	assert.Equal(t, status, resp.StatusCode)
	assert.Equal(t, code, m["type"])
	assert.NotEmpty(t, m["error"])
	id, _ := m["requestId"].(string)
	assert.True(t, strings.HasPrefix(id, "req_"), "requestId %v", m["requestId"])
}

// apiError asserts err is an *ofauth.APIError and returns it.
func apiError(t *testing.T, err error) *ofauth.APIError {
	t.Helper()
	var ae *ofauth.APIError
	require.ErrorAs(t, err, &ae)
	return ae
}

// connect runs Link for a new creator and returns the connection id.
func connect(t *testing.T, s *ofauthtest.Server, c *ofauth.Client, ref string) string {
	t.Helper()
	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{ClientReferenceID: ref, RedirectURL: "https://app.example/callback"})
	require.NoError(t, err)
	_, id, err := s.CompleteLink(sess.URL)
	require.NoError(t, err)
	return id
}

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// received is one webhook request a receiver got.
type received struct {
	Header http.Header
	Body   []byte
}

// receiver is a webhook endpoint that records what it gets and fails the
// first failFirst requests with 500.
type receiver struct {
	*httptest.Server
	got       chan received
	failFirst atomic.Int32
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{got: make(chan received, 64)}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.got <- received{Header: r.Header.Clone(), Body: body}
		if rc.failFirst.Add(-1) >= 0 {
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// next waits for the next webhook request.
func (rc *receiver) next(t *testing.T) received {
	t.Helper()
	select {
	case r := <-rc.got:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook arrived")
		return received{}
	}
}

// assertSigned recomputes the Svix signature by hand.
func assertSigned(t *testing.T, secret string, r received) {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	require.NoError(t, err)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(r.Header.Get("svix-id") + "." + r.Header.Get("svix-timestamp") + "."))
	mac.Write(r.Body)
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	assert.Equal(t, want, r.Header.Get("svix-signature"))
	assert.True(t, strings.HasPrefix(r.Header.Get("svix-id"), "msg_"))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
}

// event is the webhook envelope, decoded.
type event struct {
	EventType string `json:"eventType"`
	Live      bool   `json:"live"`
	Data      struct {
		Connection struct {
			ID             string `json:"id"`
			PlatformUserID string `json:"platformUserId"`
			Status         string `json:"status"`
			UserData       *struct {
				UserID   string `json:"userId"`
				Name     string `json:"name"`
				Username string `json:"username"`
			} `json:"userData"`
			Permissions []string `json:"permissions"`
		} `json:"connection"`
		ClientReferenceID *string `json:"clientReferenceId"`
	} `json:"data"`
}

func decodeEvent(t *testing.T, body []byte) event {
	t.Helper()
	var e event
	require.NoError(t, json.Unmarshal(body, &e))
	return e
}
