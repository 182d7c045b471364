package ofauthotel_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthotel"
)

const whoamiBody = `{"id":"org_1","name":"Org","permissions":["profile:read"]}`

func port(t *testing.T, s *server) int64 {
	t.Helper()
	i := strings.LastIndexByte(s.URL, ':')
	p, err := strconv.Atoi(s.URL[i+1:])
	require.NoError(t, err)
	return int64(p)
}

// traceparentOf is the W3C header a span's context gives.
func traceparentOf(s sdktrace.ReadOnlySpan) string {
	sc := s.SpanContext()
	return "00-" + sc.TraceID().String() + "-" + sc.SpanID().String() + "-" + sc.TraceFlags().String()
}

func TestSuccessfulCall(t *testing.T) {
	tm := newTelemetry(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_ok_1")
		w.Header().Set("X-RateLimit-Limit", "100")
		w.Header().Set("X-RateLimit-Remaining", "99")
		writeJSON(w, http.StatusOK, whoamiBody)
	})
	var own atomic.Int32
	c := srv.client(t, tm, ofauth.WithAttemptHook(func(ofauth.Attempt) { own.Add(1) }))
	_, err := c.Account.Whoami(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(1), own.Load(), "the user's own attempt hook still runs")

	call, attempts := callAndAttempts(t, tm.ended())
	require.Len(t, attempts, 1)
	assert.Equal(t, "GET /v2/account/whoami", call.Name())
	assert.Equal(t, map[string]any{
		"http.request.method":       "GET",
		"url.template":              "/v2/account/whoami",
		"server.address":            "127.0.0.1",
		"server.port":               port(t, srv),
		"http.response.status_code": int64(200),
		"ofauth.attempts":           int64(1),
		"ofauth.request_id":         "req_ok_1",
	}, attrs(call.Attributes()))
	assert.Equal(t, codes.Unset, call.Status().Code)

	a := attempts[0]
	assert.Equal(t, "GET /v2/account/whoami", a.Name())
	aa := attrs(a.Attributes())
	assert.Equal(t, "GET", aa["http.request.method"])
	assert.Equal(t, srv.URL+"/v2/account/whoami", aa["url.full"])
	assert.Equal(t, int64(200), aa["http.response.status_code"])
	assert.NotContains(t, aa, "http.request.resend_count")
	assert.Equal(t, traceparentOf(a), <-srv.traceparents, "the attempt's trace context went out in the headers")
	assertNoSecret(t, tm.ended())

	ms := tm.metrics(t)
	cd := ms["ofauth.client.call.duration"]
	assert.Equal(t, "s", cd.Unit)
	points := histogram(t, cd)
	require.Len(t, points, 1)
	assert.Equal(t, uint64(1), points[0].Count)
	assert.Equal(t, map[string]any{"http.request.method": "GET", "url.template": "/v2/account/whoami"}, setAttrs(points[0].Attributes))

	hd := ms["http.client.request.duration"]
	assert.Equal(t, "s", hd.Unit)
	hp := histogram(t, hd)
	require.Len(t, hp, 1)
	ha := setAttrs(hp[0].Attributes)
	assert.Equal(t, "GET", ha["http.request.method"])
	assert.Equal(t, "/v2/account/whoami", ha["url.template"])
	assert.Equal(t, int64(200), ha["http.response.status_code"])
	assert.Equal(t, "127.0.0.1", ha["server.address"])
	assert.NotContains(t, ha, "url.full", "no raw URL in a metric")

	if m, ok := ms["ofauth.client.retries"]; ok {
		assert.Empty(t, counter(t, m))
	}
	// The checklist counters of an endpoint in use start at zero.
	for _, name := range []string{"ofauth.ratelimit.low", "ofauth.session.expired"} {
		points := counter(t, ms[name])
		require.Len(t, points, 1, name)
		assert.Zero(t, points[0].Value, name)
		assert.Equal(t, map[string]any{"http.request.method": "GET", "url.template": "/v2/account/whoami"}, setAttrs(points[0].Attributes))
	}
}

func TestGETRetriedAfter503(t *testing.T) {
	tm := newTelemetry(t)
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("X-Request-Id", "req_busy")
			writeJSON(w, http.StatusServiceUnavailable, `{"error":"busy"}`)
			return
		}
		w.Header().Set("X-Request-Id", "req_ok_2")
		writeJSON(w, http.StatusOK, `{"username":"jane","name":"Jane"}`)
	})
	c := srv.client(t, tm, ofauth.WithConnectionID("conn_secret_42"))
	_, err := c.Access.Users.Get(context.Background(), 987654)
	require.NoError(t, err)

	call, attempts := callAndAttempts(t, tm.ended())
	require.Len(t, attempts, 2)
	const name = "GET /v2/access/users/{userId}"
	assert.Equal(t, name, call.Name())
	ca := attrs(call.Attributes())
	assert.Equal(t, "/v2/access/users/{userId}", ca["url.template"])
	assert.Equal(t, int64(2), ca["ofauth.attempts"])
	assert.Equal(t, int64(200), ca["http.response.status_code"])
	assert.Equal(t, "req_ok_2", ca["ofauth.request_id"])
	assert.NotContains(t, ca, "error.type")

	first, second := attrs(attempts[0].Attributes()), attrs(attempts[1].Attributes())
	assert.NotContains(t, first, "url.template", "the template is the call span's")
	for _, a := range attempts {
		assert.Equal(t, name, a.Name())
	}
	assert.Equal(t, int64(503), first["http.response.status_code"])
	assert.Equal(t, codes.Error, attempts[0].Status().Code)
	assert.NotContains(t, first, "http.request.resend_count")
	assert.Equal(t, int64(200), second["http.response.status_code"])
	assert.Equal(t, int64(1), second["http.request.resend_count"], "the retry is visible")
	assert.Equal(t, srv.URL+"/v2/access/users/987654", second["url.full"])
	assert.Equal(t, traceparentOf(attempts[0]), <-srv.traceparents)
	assert.Equal(t, traceparentOf(attempts[1]), <-srv.traceparents)
	assertNoSecret(t, tm.ended(), "conn_secret_42")

	ms := tm.metrics(t)
	retries := counter(t, ms["ofauth.client.retries"])
	assert.Equal(t, "{retry}", ms["ofauth.client.retries"].Unit)
	require.Len(t, retries, 1)
	assert.Equal(t, int64(1), retries[0].Value)
	assert.Equal(t, map[string]any{
		"ofauth.retry.reason": "server_error", "http.request.method": "GET", "url.template": "/v2/access/users/{userId}",
	}, setAttrs(retries[0].Attributes))

	byStatus := map[int64]uint64{}
	for _, p := range histogram(t, ms["http.client.request.duration"]) {
		a := setAttrs(p.Attributes)
		assert.Equal(t, "/v2/access/users/{userId}", a["url.template"])
		byStatus[a["http.response.status_code"].(int64)] += p.Count
	}
	assert.Equal(t, map[int64]uint64{503: 1, 200: 1}, byStatus, "one duration per attempt")
	cd := histogram(t, ms["ofauth.client.call.duration"])
	require.Len(t, cd, 1)
	assert.Equal(t, uint64(1), cd[0].Count, "one duration per call")
}

func TestPOSTNotRetried(t *testing.T) {
	tm := newTelemetry(t)
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, http.StatusServiceUnavailable, `{"error":"down","code":"MAINTENANCE_WINDOW"}`)
	})
	c := srv.client(t, tm)
	_, err := c.Link.Init(context.Background(), &ofauth.LinkInitParams{RedirectURL: "https://app.example.com/cb"})
	require.ErrorIs(t, err, ofauth.ErrServer)
	assert.Equal(t, int32(1), n.Load(), "a POST that reached the server is not sent again")

	call, attempts := callAndAttempts(t, tm.ended())
	require.Len(t, attempts, 1)
	assert.Equal(t, "POST /v2/link/init", call.Name())
	assert.Equal(t, "POST /v2/link/init", attempts[0].Name())
	ca := attrs(call.Attributes())
	assert.Equal(t, int64(503), ca["http.response.status_code"])
	assert.Equal(t, "503", ca["error.type"])
	assert.Equal(t, "_OTHER", ca["ofauth.error.code"], "an undocumented code is bucketed")
	assert.Equal(t, int64(1), ca["ofauth.attempts"])
	assert.Equal(t, codes.Error, call.Status().Code)
	assert.Equal(t, "503", call.Status().Description)

	ms := tm.metrics(t)
	if m, ok := ms["ofauth.client.retries"]; ok {
		assert.Empty(t, counter(t, m))
	}
	cd := histogram(t, ms["ofauth.client.call.duration"])
	require.Len(t, cd, 1)
	assert.Equal(t, map[string]any{
		"http.request.method": "POST", "url.template": "/v2/link/init", "ofauth.error.code": "_OTHER",
	}, setAttrs(cd[0].Attributes))
}

func TestSessionExpired(t *testing.T) {
	for _, optIn := range []bool{false, true} {
		t.Run("connection id attribute "+strconv.FormatBool(optIn), func(t *testing.T) {
			tm := newTelemetry(t)
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusUnauthorized, `{"error":"Session expired","type":"SESSION_EXPIRED","requestId":"req_exp_1"}`)
			})
			var extra []ofauthotel.Option
			if optIn {
				extra = append(extra, ofauthotel.WithConnectionIDAttribute())
			}
			c, err := ofauth.NewClient(testKey, ofauth.WithBaseURL(srv.URL), ofauthotel.ClientOption(tm.options(extra...)...))
			require.NoError(t, err)
			_, err = c.Access.WithConnection("conn_secret_42").Self.Get(context.Background())
			require.True(t, ofauth.NeedsReauth(err), "%v", err)

			call, attempts := callAndAttempts(t, tm.ended())
			require.Len(t, attempts, 1)
			assert.Equal(t, "GET /v2/access/self", call.Name())
			want := map[string]any{
				"http.request.method":       "GET",
				"url.template":              "/v2/access/self",
				"server.address":            "127.0.0.1",
				"server.port":               port(t, srv),
				"http.response.status_code": int64(401),
				"error.type":                "401",
				"ofauth.error.code":         "SESSION_EXPIRED",
				"ofauth.request_id":         "req_exp_1",
				"ofauth.attempts":           int64(1),
			}
			if optIn {
				want["ofauth.connection_id"] = "conn_secret_42"
			} else {
				assertNoSecret(t, tm.ended(), "conn_secret_42")
			}
			assert.Equal(t, want, attrs(call.Attributes()))

			ms := tm.metrics(t)
			exp := ms["ofauth.session.expired"]
			assert.Equal(t, "{response}", exp.Unit)
			points := counter(t, exp)
			require.Len(t, points, 1)
			assert.Equal(t, int64(1), points[0].Value)
			assert.Equal(t, map[string]any{"http.request.method": "GET", "url.template": "/v2/access/self"}, setAttrs(points[0].Attributes))
			cd := histogram(t, ms["ofauth.client.call.duration"])
			require.Len(t, cd, 1)
			assert.Equal(t, "SESSION_EXPIRED", setAttrs(cd[0].Attributes)["ofauth.error.code"])
		})
	}
}

func TestLowRateLimitBudget(t *testing.T) {
	tm := newTelemetry(t)
	remaining := atomic.Int32{}
	remaining.Store(50)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "100")
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(int(remaining.Load())))
		writeJSON(w, http.StatusOK, whoamiBody)
	})
	c := srv.client(t, tm)
	for _, left := range []int32{50, 20, 19, 3} { // under 20% of 100: 19 and 3
		remaining.Store(left)
		_, err := c.Account.Whoami(context.Background())
		require.NoError(t, err)
		<-srv.traceparents
	}
	m := tm.metrics(t)["ofauth.ratelimit.low"]
	assert.Equal(t, "{response}", m.Unit)
	points := counter(t, m)
	require.Len(t, points, 1)
	assert.Equal(t, int64(2), points[0].Value)
	assert.Equal(t, map[string]any{"http.request.method": "GET", "url.template": "/v2/account/whoami"}, setAttrs(points[0].Attributes))
	assert.Equal(t, 20, ofauth.RateLimitLowPercent)
}

// A call that fails before sending still gets a span and a duration.
func TestCallFailingBeforeSending(t *testing.T) {
	tm := newTelemetry(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { t.Error("no request expected") })
	c := srv.client(t, tm)
	_, err := c.Access.Self.Get(context.Background())
	require.ErrorIs(t, err, ofauth.ErrNoConnection)
	spans := tm.ended()
	require.Len(t, spans, 1)
	a := attrs(spans[0].Attributes())
	assert.Equal(t, "no_connection", a["error.type"])
	assert.Equal(t, "_OTHER", a["ofauth.error.code"])
	assert.Equal(t, int64(0), a["ofauth.attempts"])
	assert.NotContains(t, a, "http.response.status_code")
}

// Calls made inside an application span join its trace.
func TestCallSpanJoinsTheCallersTrace(t *testing.T) {
	tm := newTelemetry(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, whoamiBody) })
	c := srv.client(t, tm)
	ctx, parent := tm.tp.Tracer("app").Start(context.Background(), "handle request")
	_, err := c.Account.Whoami(ctx)
	require.NoError(t, err)
	parent.End()
	spans := tm.ended()
	require.Len(t, spans, 3)
	assert.Equal(t, parent.SpanContext().SpanID(), spans[1].Parent().SpanID(), "the call span is the app span's child")
	assert.Equal(t, spans[1].SpanContext().SpanID(), spans[0].Parent().SpanID(), "the attempt span is the call span's child")
}

// A raw path of Access.Do never becomes a span name or a metric attribute.
func TestRawPathIsNotATemplate(t *testing.T) {
	tm := newTelemetry(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, `{}`) })
	c := srv.client(t, tm, ofauth.WithConnectionID("conn_1"))
	require.NoError(t, c.Access.Do(context.Background(), "GET", "/users/12345", nil, nil))
	call, attempts := callAndAttempts(t, tm.ended())
	require.Len(t, attempts, 1)
	assert.Equal(t, "GET /v2/access/{path}", call.Name())
	assert.Equal(t, "GET /v2/access/{path}", attempts[0].Name())
	for _, p := range histogram(t, tm.metrics(t)["ofauth.client.call.duration"]) {
		assert.Equal(t, "/v2/access/{path}", setAttrs(p.Attributes)["url.template"])
	}
}

// One option value may instrument clients of different hosts: each call
// span names its own.
func TestOneOptionSeveralHosts(t *testing.T) {
	tm := newTelemetry(t)
	opt := ofauthotel.ClientOption(tm.options()...)
	for _, host := range []string{"127.0.0.1", "localhost"} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, whoamiBody) })
		base := strings.Replace(srv.URL, "127.0.0.1", host, 1)
		c, err := ofauth.NewClient(testKey, ofauth.WithBaseURL(base), opt)
		require.NoError(t, err)
		_, err = c.Account.Whoami(context.Background())
		require.NoError(t, err)
	}
	var hosts []any
	for _, s := range tm.ended() {
		if !s.Parent().IsValid() {
			hosts = append(hosts, attrs(s.Attributes())["server.address"])
		}
	}
	assert.Equal(t, []any{"127.0.0.1", "localhost"}, hosts)
}

// A call its sampler leaves out records no span, yet its metrics (with the
// error code) and the trace context it sends are whole.
func TestSampledOutCall(t *testing.T) {
	tm := newTelemetry(t)
	never := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()), sdktrace.WithSpanProcessor(tm.spans))
	t.Cleanup(func() { _ = never.Shutdown(context.Background()) })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, `{"error":"Session expired","type":"SESSION_EXPIRED","requestId":"req_exp_2"}`)
	})
	c, err := ofauth.NewClient(testKey, ofauth.WithBaseURL(srv.URL),
		ofauthotel.ClientOption(tm.options(ofauthotel.WithTracerProvider(never))...))
	require.NoError(t, err)
	_, err = c.Access.WithConnection("conn_1").Self.Get(context.Background())
	require.True(t, ofauth.NeedsReauth(err), "%v", err)

	assert.Empty(t, tm.ended())
	sent := propagation.TraceContext{}.Extract(context.Background(), propagation.HeaderCarrier{"Traceparent": {<-srv.traceparents}})
	sc := trace.SpanContextFromContext(sent)
	assert.True(t, sc.IsValid(), "the trace context is sent")
	assert.False(t, sc.IsSampled(), "with the sampled flag off")

	ms := tm.metrics(t)
	cd := histogram(t, ms["ofauth.client.call.duration"])
	require.Len(t, cd, 1)
	assert.Equal(t, map[string]any{
		"http.request.method": "GET", "url.template": "/v2/access/self", "ofauth.error.code": "SESSION_EXPIRED",
	}, setAttrs(cd[0].Attributes))
	hd := histogram(t, ms["http.client.request.duration"])
	require.Len(t, hd, 1)
	assert.Equal(t, "/v2/access/self", setAttrs(hd[0].Attributes)["url.template"])
	assert.Equal(t, int64(1), counter(t, ms["ofauth.session.expired"])[0].Value)
}
