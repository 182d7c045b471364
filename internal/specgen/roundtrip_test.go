package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
)

// knownMismatch is a validation failure the walk is expected to find:
// every error reported for that exchange must contain match.
type knownMismatch struct {
	why   string
	match string
}

// knownMismatches are the validation failures the walk finds today, by
// "<operationId> request|response": drifts between the spec (which follows
// the API docs) and the SDK or the fake server, recorded rather than hidden.
// TestRoundTripAgainstSpec fails when one of them stops failing (remove it
// here), when it fails in another way, and when anything else fails.
var knownMismatches = map[string]knownMismatch{}

// uploadPartSize is the part size the fake server plans uploads with.
const uploadPartSize = 512

// exchange is one request the SDK sent and what the validator said of it.
type exchange struct {
	op      string // operationId, or "METHOD path" when no operation matches
	reqErrs []string
	resErrs []string
}

// validatingTransport validates every request the SDK sends and every
// response it receives against the spec.
type validatingTransport struct {
	base http.RoundTripper
	v    validator.Validator
	spec *Spec

	mu   sync.Mutex
	seen []exchange
}

func (vt *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	// The validator reads the body it is given; the transport gets its own copy.
	check := req.Clone(req.Context())
	check.Body = io.NopCloser(bytes.NewReader(body))
	_, reqErrs := vt.v.ValidateHttpRequestSync(check)

	send := req.Clone(req.Context())
	send.Body = io.NopCloser(bytes.NewReader(body))
	if req.Body == nil {
		send.Body = nil
	}
	resp, err := vt.base.RoundTrip(send)
	if err != nil {
		return nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	checkResp := *resp
	checkResp.Body = io.NopCloser(bytes.NewReader(respBody))
	check.Body = io.NopCloser(bytes.NewReader(body))
	_, resErrs := vt.v.ValidateHttpResponse(check, &checkResp)

	ex := exchange{op: vt.operationOf(req.Method, req.URL.Path)}
	ex.reqErrs = describe(reqErrs)
	ex.resErrs = describe(resErrs)
	vt.mu.Lock()
	vt.seen = append(vt.seen, ex)
	vt.mu.Unlock()
	return resp, nil
}

func (vt *validatingTransport) operationOf(method, path string) string {
	for _, o := range vt.spec.Operations {
		if o.Method == method && templateMatches(o.Path, path) {
			return o.OperationID
		}
	}
	return method + " " + path
}

// templateMatches reports whether path fits the template, "{name}" standing
// for one non-empty segment.
func templateMatches(template, path string) bool {
	want, got := strings.Split(template, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if strings.HasPrefix(want[i], "{") {
			if got[i] == "" {
				return false
			}
		} else if want[i] != got[i] {
			return false
		}
	}
	return true
}

func describe[E interface{ Error() string }](errs []E) []string {
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// newValidator builds a validator that asserts formats (format: date of
// the date-only query parameters among them).
func newValidator(t *testing.T) validator.Validator {
	t.Helper()
	raw, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		t.Fatalf("building the validator: %v", errs)
	}
	return v
}

// walk runs the calls of a quickstart and then some, against the fake
// server, the way a user would. Each step's error is reported by name.
func walk(ctx context.Context, t *testing.T, c *ofauth.Client, srv *ofauthtest.Server) {
	t.Helper()
	step := func(name string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := c.Account.Whoami(ctx)
	step("Account.Whoami", err)
	_, err = c.Account.Settings(ctx)
	step("Account.Settings", err)
	auto := true
	_, err = c.Account.UpdateSettings(ctx, &ofauth.AccountSettingsUpdateParams{VaultPlus: &ofauth.OrgVaultPlusUpdateParams{AutoEnableForNewConnections: &auto}})
	step("Account.UpdateSettings", err)

	sess, err := c.Link.Init(ctx, &ofauth.LinkInitParams{RedirectURL: "https://app.example/callback", ClientReferenceID: "user_42"})
	step("Link.Init", err)
	if err != nil {
		t.FailNow()
	}
	_, err = c.Link.Status(ctx, sess.ClientSecret)
	step("Link.Status", err)
	_, connID, err := srv.CompleteLink(sess.URL)
	step("complete the hosted flow", err)
	_, err = c.Link.Status(ctx, sess.ClientSecret)
	step("Link.Status after login", err)

	_, err = c.Connections.List(ctx, &ofauth.ConnectionListParams{Limit: 10})
	step("Connections.List", err)
	_, err = c.Connections.Settings(ctx, connID)
	step("Connections.Settings", err)
	on := true
	_, err = c.Connections.UpdateSettings(ctx, connID, &ofauth.ConnectionSettingsUpdateParams{VaultPlus: &ofauth.ConnectionVaultPlusUpdateParams{Enabled: &on}})
	step("Connections.UpdateSettings", err)
	imported, err := c.Connections.Import(ctx, &ofauth.ImportConnectionParams{Cookie: "auth_id=424242; sess=s1; fp=f1", UserAgent: "Mozilla/5.0"})
	step("Connections.Import", err)
	if err == nil {
		_, err = c.Connections.UpdateImport(ctx, imported.ID, &ofauth.UpdateImportParams{Cookie: "auth_id=424242; sess=s2; fp=f2", UserAgent: "Mozilla/5.0"})
		step("Connections.UpdateImport", err)
	}

	a := c.Access.WithConnection(connID)
	_, err = a.Self.Get(ctx)
	step("Access.Self.Get", err)
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = a.Subscribers.List(ctx, &ofauth.SubscriberListParams{Limit: 10, StartDate: from})
	step("Access.Subscribers.List", err)
	_, err = a.Subscribers.List(ctx, &ofauth.SubscriberListParams{Type: "active", Filter: &ofauth.SubscriberFilter{Online: &on}})
	step("Access.Subscribers.List filtered", err)
	chats, err := a.Chats.List(ctx, &ofauth.ChatListParams{Limit: 5})
	step("Access.Chats.List", err)
	if err == nil && len(chats.Items) > 0 {
		_, err = a.Chats.Messages(ctx, chats.Items[0].WithUser.ID, nil)
		step("Access.Chats.Messages", err)
		for _, ch := range chats.Items {
			if ch.CanSendMessage {
				_, err = a.Chats.SendMessage(ctx, ch.WithUser.ID, &ofauth.MessageParams{Text: "Thanks for subscribing!"})
				step("Access.Chats.SendMessage", err)
				break
			}
		}
	}
	_, err = a.Posts.List(ctx, &ofauth.PostListParams{Limit: 5})
	step("Access.Posts.List", err)
	_, err = a.Earnings.Chart(ctx, &ofauth.EarningsChartParams{StartDate: from, EndDate: from.AddDate(0, 1, 0)})
	step("Access.Earnings.Chart", err)
	_, err = a.Earnings.Transactions(ctx, nil)
	step("Access.Earnings.Transactions", err)

	// The fake cuts uploads into parts of uploadPartSize bytes: one upload
	// in several parts (init, parts, complete), one in a single PUT.
	multi := bytes.Repeat([]byte("0123456789abcdef"), 2*uploadPartSize/16)
	_, err = a.Uploads.Check(ctx, "etag-1", int64(len(multi)))
	step("Access.Uploads.Check", err)
	_, err = a.Uploads.Upload(ctx, bytes.NewReader(multi), int64(len(multi)), &ofauth.UploadParams{Filename: "clip.mp4", ContentType: "video/mp4"})
	step("Access.Uploads.Upload in parts", err)
	single := []byte("\x89PNG\r\n\x1a\n tiny")
	_, err = a.Uploads.Upload(ctx, bytes.NewReader(single), int64(len(single)), &ofauth.UploadParams{Filename: "a.png", ContentType: "image/png"})
	step("Access.Uploads.Upload in one part", err)

	var echoed map[string]any
	step("Access.Do", a.Do(ctx, http.MethodPost, "/proxy/queue", map[string]any{"text": "Hello!"}, &echoed))

	step("Connections.Invalidate", c.Connections.Invalidate(ctx, connID))
	step("Connections.Delete", c.Connections.Delete(ctx, connID))
	step("Link.Delete", c.Link.Delete(ctx, sess.ClientSecret))
}

// TestRoundTripAgainstSpec runs the walk against ofauthtest through a
// transport that validates every request and response against the spec,
// so a drift between the SDK, the fake server and the spec fails here.
func TestRoundTripAgainstSpec(t *testing.T) {
	srv := ofauthtest.NewServer(ofauthtest.WithSeed(7), ofauthtest.WithUploadPartSize(uploadPartSize))
	t.Cleanup(srv.Close)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	vt := &validatingTransport{base: base, v: newValidator(t), spec: loadSpec(t)}
	c, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL), ofauth.WithHTTPClient(&http.Client{Transport: vt}), ofauth.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	walk(context.Background(), t, c, srv)

	vt.mu.Lock()
	defer vt.mu.Unlock()
	if len(vt.seen) < 20 {
		t.Fatalf("only %d requests validated", len(vt.seen))
	}
	failed := map[string][]string{}
	for _, ex := range vt.seen {
		if strings.Contains(ex.op, " ") {
			t.Errorf("%s matches no operation of the spec", ex.op)
			continue
		}
		for dir, errs := range map[string][]string{"request": ex.reqErrs, "response": ex.resErrs} {
			if len(errs) > 0 {
				key := ex.op + " " + dir
				failed[key] = append(failed[key], errs...)
			}
		}
	}
	keys := make([]string, 0, len(failed))
	for k := range failed {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		known, isKnown := knownMismatches[k]
		var other []string
		for _, e := range failed[k] {
			if !isKnown || !strings.Contains(e, known.match) {
				other = append(other, e)
			}
		}
		if len(other) > 0 {
			t.Errorf("%s does not conform to the spec:\n  %s", k, strings.Join(other, "\n  "))
		}
	}
	for k, known := range knownMismatches {
		if _, still := failed[k]; !still {
			t.Errorf("%s now conforms (%s): remove it from knownMismatches", k, known.why)
		}
	}
	t.Logf("%d exchanges validated, %d known mismatches", len(vt.seen), len(knownMismatches))
}

// TestValidatorCatchesDrift proves the validating transport is not a
// no-op: a response of the wrong shape and a request without a required
// header are both reported.
func TestValidatorCatchesDrift(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v2/account/whoami":
			_, _ = io.WriteString(w, `{"id": 5, "permissions": "all"}`) // id must be a string, permissions an array
		default:
			_, _ = io.WriteString(w, `{"id": 1, "username": "u", "name": "n", "isAuth": true, "isVerified": false,
				"avatar": null, "subscribersCount": 0, "postsCount": 0, "photosCount": 0, "videosCount": 0}`)
		}
	}))
	t.Cleanup(api.Close)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	vt := &validatingTransport{base: base, v: newValidator(t), spec: loadSpec(t)}
	c, err := ofauth.NewClient("sk_sandbox_test", ofauth.WithBaseURL(api.URL), ofauth.WithHTTPClient(&http.Client{Transport: vt}), ofauth.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.Account.Whoami(context.Background())
	// Access.Do with a raw header-less request: the client has no default connection.
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, api.URL+"/v2/access/self", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("apiKey", "sk_sandbox_test")
	resp, err := (&http.Client{Transport: vt}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()

	vt.mu.Lock()
	defer vt.mu.Unlock()
	if len(vt.seen) != 2 {
		t.Fatalf("%d exchanges, want 2", len(vt.seen))
	}
	if who := vt.seen[0]; who.op != "accountWhoami" || len(who.resErrs) == 0 {
		t.Errorf("the malformed whoami answer passed: %+v", who)
	}
	if self := vt.seen[1]; self.op != "accessSelfGet" || len(self.reqErrs) == 0 || len(self.resErrs) != 0 {
		t.Errorf("want only the missing x-connection-id reported: %+v", self)
	}
}
