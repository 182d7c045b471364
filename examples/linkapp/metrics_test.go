package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// checklistMetrics maps the go-live checklist's monitoring list to the
// Prometheus metric families /metrics must show.
var checklistMetrics = map[string]string{
	"webhook delivery failures": "ofauth_webhook_deliveries_total",
	"rate limit warnings":       "ofauth_ratelimit_low_total",
	"session expiration rates":  "ofauth_session_expired_total",
	"API error rates":           "ofauth_client_call_duration_seconds",
}

// scrape reads the app's /metrics as Prometheus would.
func (h *harness) scrape() map[string]*dto.MetricFamily {
	h.t.Helper()
	resp := h.get("/metrics")
	if resp.status != http.StatusOK {
		h.t.Fatalf("GET /metrics: status %d", resp.status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(resp.body))
	if err != nil {
		h.t.Fatalf("parse /metrics: %v\n%s", err, resp.body)
	}
	return families
}

// value sums the samples of a family whose labels include want (a
// histogram counts its observations); found is false when none matches.
func value(families map[string]*dto.MetricFamily, name string, want map[string]string) (total float64, found bool) {
	f, ok := families[name]
	if !ok {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			if labels[k] != v {
				match = false
			}
		}
		if !match {
			continue
		}
		found = true
		switch {
		case m.GetCounter() != nil:
			total += m.GetCounter().GetValue()
		case m.GetHistogram() != nil:
			total += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return total, found
}

// assertChecklistMetrics checks /metrics after a flow in which a creator
// connected through Link (a connection.created webhook), their data was
// read, and their session expired.
func assertChecklistMetrics(t *testing.T, h *harness) {
	t.Helper()
	families := h.scrape()
	for item, name := range checklistMetrics {
		if _, ok := families[name]; !ok {
			t.Errorf("%s: /metrics has no %s", item, name)
		}
	}
	checks := []struct {
		name    string
		labels  map[string]string
		atLeast float64
	}{
		{"ofauth_webhook_deliveries_total", map[string]string{"ofauth_webhook_event_type": ofauth.EventConnectionCreated, "ofauth_webhook_outcome": "handled"}, 1},
		{"ofauth_session_expired_total", map[string]string{"http_request_method": "GET", "url_template": "/v2/access/self"}, 1},
		{"ofauth_ratelimit_low_total", map[string]string{"url_template": "/v2/access/self"}, 0},
		{"ofauth_client_call_duration_seconds", map[string]string{"url_template": "/v2/access/self", "ofauth_error_code": ofauth.CodeSessionExpired}, 1},
		{"ofauth_client_call_duration_seconds", map[string]string{"url_template": "/v2/access/subscribers"}, 1},
		{"http_client_request_duration_seconds", map[string]string{"url_template": "/v2/link/init", "http_request_method": "POST"}, 1},
	}
	for _, c := range checks {
		got, found := value(families, c.name, c.labels)
		if !found || got < c.atLeast {
			t.Errorf("%s%v = %v (found %v), want at least %v", c.name, c.labels, got, found, c.atLeast)
		}
	}
}

func TestMetricsCoverTheChecklist(t *testing.T) {
	h := newHarness(t)
	id := h.connect()
	h.waitForStatus(id, ofauth.ConnectionActive)
	if resp := h.get("/connections/" + id); resp.status != http.StatusOK {
		t.Fatalf("detail: status %d", resp.status)
	}
	if err := h.fake.ExpireConnection(id); err != nil {
		t.Fatal(err)
	}
	if resp := h.get("/connections/" + id); resp.status != http.StatusOK {
		t.Fatalf("detail after expiry: status %d", resp.status)
	}
	// A delivery signed with another secret is rejected and counted.
	body := []byte(`{"type":"connection.created","data":{}}`)
	hdr, err := ofauthtest.SignSvix(ofauthtest.NewWebhookSecret(), "msg_forged", time.Now(), body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, h.url+"/webhooks/ofauth", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = hdr
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged delivery: status %d", resp.StatusCode)
	}

	assertChecklistMetrics(t, h)
	if got, _ := value(h.scrape(), "ofauth_webhook_deliveries_total", map[string]string{"ofauth_webhook_outcome": "rejected"}); got != 1 {
		t.Errorf("rejected deliveries = %v, want 1", got)
	}
}
