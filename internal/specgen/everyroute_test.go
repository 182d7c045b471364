package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// bodyOverrides replace the synthesised request body of operations whose
// handler checks more than the schema says (the sample values break those
// rules: a previewMediaCount above the media count, say).
var bodyOverrides = map[string]string{
	"accessChatsSendMessage":  `{"text": "Thanks for subscribing!"}`,
	"accessPostsCreate":       `{"text": "New set tomorrow"}`,
	"accessUploadsInit":       `{"filename": "a.png", "filesize": 16, "mimeType": "image/png"}`,
	"connectionsImport":       `{"cookie": "auth_id=424242; sess=s1; fp=f1", "userAgent": "Mozilla/5.0"}`,
	"connectionsUpdateImport": `{"cookie": "auth_id=424242; sess=s2; fp=f2", "userAgent": "Mozilla/5.0"}`,
	"linkInit":                `{"redirectUrl": "https://app.example/callback"}`,
}

// viaSDK are the operations whose requests are not plain JSON (uploads
// send file bytes to a URL the init call plans): the SDK's upload calls
// them, through the same validating transport.
var viaSDK = []string{"accessUploadsInit", "accessUploadsPutFile", "accessUploadsPutPart", "accessUploadsComplete"}

// lastOps run at the end, in this order: they end the connection or the
// Link session the other calls use.
var lastOps = []string{"connectionsInvalidate", "connectionsDelete", "linkDelete"}

// TestEveryRouteAnswersPerSpec calls every operation of the spec on a
// fake server, on a connection made through its Link flow, and validates
// each request and response against the spec: every call must succeed
// (2xx) with a body of the documented shape, stateful routes included.
func TestEveryRouteAnswersPerSpec(t *testing.T) {
	spec := loadSpec(t)
	srv := ofauthtest.NewServer(ofauthtest.WithSeed(11), ofauthtest.WithUploadPartSize(uploadPartSize), ofauthtest.WithRateLimit(0, 0))
	t.Cleanup(srv.Close)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	vt := &validatingTransport{base: base, v: newValidator(t), spec: spec}
	hc := &http.Client{Transport: vt}
	c, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL), ofauth.WithHTTPClient(hc), ofauth.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sess, err := c.Link.Init(ctx, &ofauth.LinkInitParams{RedirectURL: "https://app.example/callback"})
	if err != nil {
		t.Fatal(err)
	}
	_, connID, err := srv.CompleteLink(sess.URL)
	if err != nil || connID == "" {
		t.Fatalf("completing the Link flow: %q, %v", connID, err)
	}

	call := func(method, path, body string) (int, []byte) {
		t.Helper()
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, srv.URL+path, rd)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("apiKey", srv.APIKey)
		req.Header.Set("x-connection-id", connID)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	firstID := func(path, key string) string {
		t.Helper()
		_, b := call(http.MethodGet, path, "")
		var v any
		_ = json.Unmarshal(b, &v)
		if m, ok := v.(map[string]any); ok {
			v = m[key]
		}
		if a, ok := v.([]any); ok && len(a) > 0 {
			if m, ok := a[0].(map[string]any); ok {
				return fmt.Sprint(jsonID(m["id"]))
			}
		}
		t.Fatalf("GET %s has no %s to take an id from: %s", path, key, b)
		return ""
	}
	// A fan who can receive messages, and a message sent to them.
	var fanID string
	_, b := call(http.MethodGet, "/v2/access/chats?limit=10", "")
	var chats struct {
		List []struct {
			WithUser       struct{ ID int64 } `json:"withUser"`
			CanSendMessage bool               `json:"canSendMessage"`
		} `json:"list"`
	}
	_ = json.Unmarshal(b, &chats)
	for _, ch := range chats.List {
		if ch.CanSendMessage {
			fanID = fmt.Sprint(ch.WithUser.ID)
			break
		}
	}
	if fanID == "" {
		t.Fatal("no chat to send to")
	}
	params := map[string]string{
		"connectionId":   connID,
		"clientSecret":   sess.ClientSecret,
		"userId":         fanID,
		"postId":         firstID("/v2/access/posts", "list"),
		"massMessageId":  firstID("/v2/access/analytics/mass-messages/sent", "items"),
		"promotionId":    firstID("/v2/access/promotions", ""),
		"bundleId":       firstID("/v2/access/promotions/bundles", ""),
		"trackingLinkId": firstID("/v2/access/promotions/tracking-links", "list"),
		"trialLinkId":    firstID("/v2/access/promotions/trial-links", "list"),
		"mediaId":        firstID("/v2/vault-plus/list", "items"),
		"path":           "me",
	}
	userListID := firstID("/v2/access/users/lists", "list")
	vaultListID := firstID("/v2/access/vault/lists", "list")
	_, b = call(http.MethodPost, "/v2/access/chats/"+fanID+"/messages", `{"text": "to unsend"}`)
	var sent struct{ ID int64 }
	if err := json.Unmarshal(b, &sent); err != nil || sent.ID == 0 {
		t.Fatalf("sending a message: %s", b)
	}
	params["messageId"] = fmt.Sprint(sent.ID)
	_, b = call(http.MethodPost, "/v2/account/connections/import", bodyOverrides["connectionsImport"])
	var imported struct{ ID string }
	if err := json.Unmarshal(b, &imported); err != nil || imported.ID == "" {
		t.Fatalf("importing a connection: %s", b)
	}

	ops := slices.Clone(spec.Operations)
	rank := func(o Operation) int {
		if i := slices.Index(lastOps, o.OperationID); i >= 0 {
			return 10 + i
		}
		switch {
		case o.Method == http.MethodDelete && o.OperationID == "vaultPlusPurge":
			return 2
		case o.Method == http.MethodDelete:
			return 1
		}
		return 0
	}
	// Deeper deletes first: a list's members before the list.
	depth := func(o Operation) int { return strings.Count(o.Path, "/") }
	slices.SortStableFunc(ops, func(a, b Operation) int {
		if r := rank(a) - rank(b); r != 0 {
			return r
		}
		if a.Method == http.MethodDelete && b.Method == http.MethodDelete {
			return depth(b) - depth(a)
		}
		return 0
	})

	called := map[string]bool{}
	for _, o := range ops {
		if slices.Contains(viaSDK, o.OperationID) {
			continue
		}
		path := fillPath(o.Path, params, userListID, vaultListID)
		if o.OperationID == "connectionsUpdateImport" {
			path = strings.Replace(path, connID, imported.ID, 1)
		}
		body := bodyOverrides[o.OperationID]
		if body == "" {
			body = requestSample(t, spec, o)
		}
		status, resp := call(o.Method, path+requiredQuery(t, spec, o), body)
		if status < 200 || status > 299 {
			t.Errorf("%s %s (%s): %d %s", o.Method, path, o.OperationID, status, resp)
		}
		called[o.OperationID] = true
	}
	// Uploads in parts and in one PUT, on a fresh connection: the one
	// above is gone by now.
	fresh := srv.AddConnection("uploads")
	a := c.Access.WithConnection(fresh.ID)
	multi := bytes.Repeat([]byte("0123456789abcdef"), 2*uploadPartSize/16)
	if _, err := a.Uploads.Upload(ctx, bytes.NewReader(multi), int64(len(multi)), &ofauth.UploadParams{Filename: "clip.mp4", ContentType: "video/mp4"}); err != nil {
		t.Errorf("upload in parts: %v", err)
	}
	single := []byte("\x89PNG\r\n\x1a\n tiny")
	if _, err := a.Uploads.Upload(ctx, bytes.NewReader(single), int64(len(single)), &ofauth.UploadParams{Filename: "a.png", ContentType: "image/png"}); err != nil {
		t.Errorf("upload in one part: %v", err)
	}

	vt.mu.Lock()
	defer vt.mu.Unlock()
	for _, ex := range vt.seen {
		called[ex.op] = true
		if strings.Contains(ex.op, " ") {
			t.Errorf("%s matches no operation of the spec", ex.op)
		}
		if len(ex.reqErrs) > 0 {
			t.Errorf("%s request does not conform:\n  %s", ex.op, strings.Join(ex.reqErrs, "\n  "))
		}
		if len(ex.resErrs) > 0 {
			t.Errorf("%s response does not conform:\n  %s", ex.op, strings.Join(ex.resErrs, "\n  "))
		}
	}
	for _, o := range spec.Operations {
		if !called[o.OperationID] {
			t.Errorf("%s was never called", o.OperationID)
		}
	}
	t.Logf("%d operations, %d exchanges validated", len(spec.Operations), len(vt.seen))
}

// jsonID formats a decoded JSON id without a float's exponent.
func jsonID(v any) any {
	if f, ok := v.(float64); ok {
		return int64(f)
	}
	return v
}

// fillPath puts the sample values into a path template; listId names a
// user list or a vault list depending on the path.
func fillPath(template string, params map[string]string, userListID, vaultListID string) string {
	segs := strings.Split(template, "/")
	for i, seg := range segs {
		name, ok := strings.CutPrefix(seg, "{")
		if !ok {
			continue
		}
		name = strings.TrimSuffix(name, "}")
		v, ok := params[name]
		switch {
		case name == "listId" && strings.Contains(template, "/users/lists/"):
			v = userListID
		case name == "listId":
			v = vaultListID
		case !ok:
			v = "1"
		}
		segs[i] = v
	}
	return strings.Join(segs, "/")
}

// requestSample synthesises the operation's JSON request body from its
// schema, or "" when it takes none.
func requestSample(t *testing.T, s *Spec, o Operation) string {
	t.Helper()
	item, _ := s.Model.Paths.PathItems.Get(o.Path)
	op, _ := item.GetOperations().Get(strings.ToLower(o.Method))
	if op == nil || op.RequestBody == nil || op.RequestBody.Content == nil {
		return ""
	}
	mt, ok := op.RequestBody.Content.Get("application/json")
	if !ok || mt.Schema == nil {
		return ""
	}
	b, err := Synthesize(mt.Schema)
	if err != nil {
		t.Fatalf("%s: synthesising the request body: %v", o.OperationID, err)
	}
	return string(b)
}

// requiredQuery returns a query string with a sample of each required
// query parameter.
func requiredQuery(t *testing.T, s *Spec, o Operation) string {
	t.Helper()
	item, _ := s.Model.Paths.PathItems.Get(o.Path)
	op, _ := item.GetOperations().Get(strings.ToLower(o.Method))
	var parts []string
	for _, p := range op.Parameters {
		if p == nil || p.In != "query" || p.Required == nil || !*p.Required || p.Schema == nil {
			continue
		}
		b, err := Synthesize(p.Schema)
		if err != nil {
			t.Fatalf("%s: synthesising %s: %v", o.OperationID, p.Name, err)
		}
		var v any
		_ = json.Unmarshal(b, &v)
		if a, ok := v.([]any); ok && len(a) > 0 {
			v = a[0]
		}
		parts = append(parts, p.Name+"="+url.QueryEscape(fmt.Sprint(jsonID(v))))
	}
	if len(parts) == 0 {
		return ""
	}
	return "?" + strings.Join(parts, "&")
}
