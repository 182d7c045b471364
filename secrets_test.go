package ofauth

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Recognizable secrets. Each must stay out of every error, log line, panic
// and fmt output of the package's values.
const (
	hygieneKey        = "sk_live_KEYMARK_7d1f0c9a2b"
	hygieneCookie     = "sess=COOKIEMARK_5e2a91; auth_id=1; fp=2"
	hygieneXBC        = "XBCMARK_33f0c1"
	hygieneWebhookKey = "WHKEYMARK_b81d44" // the HMAC key of the whsec_ secret
	hygieneWebhookRaw = "WHRAWMARK_a7c4e1" // an additional raw secret (not base64: "_" and length)
)

var hygieneWebhookSecret = "whsec_" + base64.StdEncoding.EncodeToString([]byte(hygieneWebhookKey))

// secretForms are the ways a secret could show up in formatted output:
// as text, in hex (%x, %X) and as the bytes fmt prints for a []byte (%v,
// %d, %#v).
func secretForms() map[string]string {
	forms := map[string]string{}
	for _, s := range []string{hygieneKey, "COOKIEMARK_5e2a91", hygieneXBC, hygieneWebhookKey, hygieneWebhookRaw,
		hygieneWebhookSecret, strings.TrimPrefix(hygieneWebhookSecret, "whsec_")} {
		b := []byte(s)
		forms[s] = s
		forms[s+" (hex)"] = hex.EncodeToString(b)
		forms[s+" (HEX)"] = strings.ToUpper(hex.EncodeToString(b))
		forms[s+" (bytes)"] = strings.Trim(fmt.Sprintf("%v", b), "[]")
		forms[s+" (%#v bytes)"] = strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%#v", b), "[]byte{"), "}")
	}
	return forms
}

// assertNoSecret fails when out holds a secret in any form.
func assertNoSecret(t *testing.T, out, what string) {
	t.Helper()
	for name, form := range secretForms() {
		if strings.Contains(out, form) {
			t.Errorf("%s shows %s:\n%s", what, name, out)
		}
	}
}

var hygieneVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// hygieneServer answers the calls of TestSecretsNeverShow: successes,
// failures, and a hostile server echoing the key everywhere it can.
func hygieneServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	echo := func(w http.ResponseWriter, r *http.Request) string { return r.Header.Get("apiKey") }
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"org_1","name":"Org","permissions":["a"]}`)
	})
	mux.HandleFunc("GET /v2/account/connections", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"list":[{"id":"conn_1","status":"active","userData":{"id":"1","username":"u"}}],"hasMore":false}`)
	})
	mux.HandleFunc("POST /v2/account/connections/import", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"error":"bad cookie","type":"BAD_REQUEST"}`)
	})
	mux.HandleFunc("GET /v2/link/{cs}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"status":"completed","data":{"id":"login_1","session":{"user-id":"42","user-agent":"UA","cookie":"`+hygieneCookie+`","x-bc":"`+hygieneXBC+`"},"userData":{"id":"42","username":"creator"}}}`)
	})
	// A hostile server echoes the key in every field of an error body and
	// in the request id header.
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		k := echo(w, r)
		w.Header().Set("X-Request-Id", k)
		writeJSON(w, 401, `{"error":"invalid key `+k+`","type":"`+k+`","code":"`+k+`","requestId":"`+k+`","actionRequired":"`+k+`","details":{"apiKey":"`+k+`"}}`)
	})
	mux.HandleFunc("GET /v2/access/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", echo(w, r))
		writeJSON(w, 404, `{"message":"no user for `+echo(w, r)+`","code":"`+echo(w, r)+`"}`)
	})
	mux.HandleFunc("GET /v2/access/subscribers", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(503)
		fmt.Fprintf(w, "upstream down for key %s\nsecond line %s", echo(w, r), echo(w, r))
	})
	mux.HandleFunc("GET /v2/dynamic-rules", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"rules":{"app_token":"`+echo(w, r)+`"`) // a 2xx that does not decode
	})
	mux.HandleFunc("POST /v2/link/init", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		writeJSON(w, 429, `{"error":"slow down `+echo(w, r)+`","type":"RATE_LIMIT_EXCEEDED"}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// signSvix signs body as OFAuth's Svix deliveries are signed.
func signSvix(key []byte, id string, at time.Time, body []byte) http.Header {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	h := http.Header{}
	h.Set("svix-id", id)
	h.Set("svix-timestamp", ts)
	h.Set("svix-signature", "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	return h
}

// signOFAuth signs body as the OFAuth-Signature scheme does.
func signOFAuth(key []byte, at time.Time, body []byte) (http.Header, string) {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	sig := hex.EncodeToString(mac.Sum(nil))
	return http.Header{"Ofauth-Signature": {"t=" + ts + ",v1=" + sig}}, sig
}

// hygieneRun holds what the calls of TestSecretsNeverShow produced.
type hygieneRun struct {
	client   *Client
	logs     *bytes.Buffer
	attempts []Attempt
	errs     []error
	pages    []any
	login    *LinkLoginStatus
	conn     *Connection
	verifier *WebhookVerifier
	events   []any
	handler  http.Handler
	calls    []CallResult
	delivery []WebhookDelivery
}

func runHygieneCalls(t *testing.T) *hygieneRun {
	t.Helper()
	srv := hygieneServer(t)
	run := &hygieneRun{logs: new(bytes.Buffer)}
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: run.logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := NewClient(hygieneKey, WithBaseURL(srv.URL), WithLogger(logger), WithConnectionID("conn_1"),
		WithRetryWait(time.Millisecond, 10*time.Millisecond), WithMaxRetries(1),
		WithAttemptHook(func(a Attempt) {
			mu.Lock()
			run.attempts = append(run.attempts, a)
			mu.Unlock()
		}),
		WithHooks(Hooks{Call: func(ctx context.Context, _ CallInfo) (context.Context, func(CallResult)) {
			return ctx, func(r CallResult) {
				mu.Lock()
				run.calls = append(run.calls, r)
				mu.Unlock()
			}
		}}))
	require.NoError(t, err)
	run.client = c
	ctx := context.Background()
	fail := func(err error) {
		t.Helper()
		require.Error(t, err)
		run.errs = append(run.errs, err)
	}

	_, err = c.Account.Whoami(ctx)
	require.NoError(t, err)
	page, err := c.Connections.List(ctx, nil)
	require.NoError(t, err)
	run.pages = append(run.pages, page, *page)
	run.conn = &page.Items[0]
	run.login, err = c.Link.Status(ctx, "cs_abc")
	require.NoError(t, err)
	require.NotNil(t, run.login.Completed)
	require.Equal(t, hygieneCookie, run.login.Completed.Session.Cookie, "the session reached the caller")

	_, err = c.Connections.Import(ctx, &ImportConnectionParams{Cookie: hygieneCookie, UserAgent: "UA"})
	fail(err)
	_, err = c.Access.Self.Get(ctx)
	fail(err)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrUnauthorized, "the redacted code falls back to the status")
	_, err = c.Access.Users.Get(ctx, 42)
	fail(err)
	_, err = c.Access.Subscribers.List(ctx, nil)
	fail(err)
	_, err = c.DynamicRules.Rules(ctx)
	fail(err)
	require.ErrorIs(t, err, ErrInvalidResponse)
	_, err = c.Link.Init(ctx, nil)
	fail(err)
	for _, err := range c.Connections.All(ctx, &ConnectionListParams{Status: "x"}) {
		require.NoError(t, err)
	}
	down, err := NewClient(hygieneKey, WithBaseURL("http://"+closedPort(t)), WithRetryWait(0, 0))
	require.NoError(t, err)
	_, err = down.Account.Whoami(ctx)
	fail(err)
	noConn, err := NewClient(hygieneKey)
	require.NoError(t, err)
	_, err = noConn.Access.Self.Get(ctx)
	fail(err)
	_, err = NewClient(hygieneKey, WithRetryWait(time.Second, 0))
	fail(err)
	fail(c.Connections.Delete(ctx, ""))

	// Webhooks: a verifier with a whsec_ secret and a raw one, events of
	// both schemes, and every kind of verification failure.
	now := time.Unix(1735689600, 0)
	v, err := NewWebhookVerifier(hygieneWebhookSecret, WithAdditionalSecrets(hygieneWebhookRaw), WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	run.verifier = v
	created := []byte(`{"eventType":"connection.created","live":true,"data":{"connection":{"id":"conn_1","status":"active","userData":{"userId":"42"}},"clientReferenceId":"u1"}}`)
	e, err := v.Verify(created, signSvix([]byte(hygieneWebhookKey), "msg_1", now, created))
	require.NoError(t, err)
	ce, err := e.Connection()
	require.NoError(t, err)
	rules := []byte(`{"type":"rules.updated","timestamp":"2025-01-01T00:00:00Z","data":{"revision":"r2","rules":{"app_token":"t","revision":"r2"}}}`)
	h, _ := signOFAuth([]byte(hygieneWebhookRaw), now, rules)
	re, err := v.Verify(rules, h)
	require.NoError(t, err)
	rulesEv, err := re.Rules()
	require.NoError(t, err)
	rt := []byte(`{"type":"of.websocket.event.received","data":{"connectionId":"conn_1","environment":"live","messageType":"text","rawText":"hi","json":{"typing":true}}}`)
	rte, err := v.Verify(rt, signSvix([]byte(hygieneWebhookKey), "msg_2", now, rt))
	require.NoError(t, err)
	realtime, err := rte.Realtime()
	require.NoError(t, err)
	run.events = append(run.events, e, ce, re, rulesEv, rte, realtime)

	tampered := bytes.Replace(created, []byte("conn_1"), []byte("conn_2"), 1)
	_, err = v.Verify(tampered, signSvix([]byte(hygieneWebhookKey), "msg_1", now, created))
	fail(err)
	_, want := signOFAuth([]byte(hygieneWebhookRaw), now, tampered)
	assert.NotContains(t, err.Error(), want, "no computed signature in the error")
	h, _ = signOFAuth([]byte("wrong"), now, tampered)
	_, err = v.Verify(tampered, h)
	fail(err)
	assert.NotContains(t, err.Error(), want)
	_, err = v.Verify(created, http.Header{})
	fail(err)
	_, err = v.Verify(created, signSvix([]byte(hygieneWebhookKey), "msg_1", now.Add(time.Hour), created))
	fail(err)
	_, err = v.Verify([]byte(`[1]`), signSvix([]byte(hygieneWebhookKey), "msg_1", now, []byte(`[1]`)))
	fail(err)
	_, err = e.Rules()
	fail(err)
	_, err = NewWebhookVerifier("whsec_" + hygieneWebhookKey + "!!")
	fail(err)
	_, err = NewWebhookVerifier(hygieneWebhookSecret, WithAdditionalSecrets("whsec_"+hygieneWebhookRaw+"*"))
	fail(err)

	var handlerErrs []error
	run.handler = v.Handler(func(ctx context.Context, e *WebhookEvent) error { return errors.New("store down") },
		WithErrorHook(func(r *http.Request, e *WebhookEvent, err error) { handlerErrs = append(handlerErrs, err) }),
		WithDeliveryHook(func(_ context.Context, d WebhookDelivery) { run.delivery = append(run.delivery, d) }))
	for _, req := range []*http.Request{
		webhookRequest(created, signSvix([]byte(hygieneWebhookKey), "msg_1", now, created)),
		webhookRequest(tampered, signSvix([]byte(hygieneWebhookKey), "msg_1", now, created)),
	} {
		rec := httptest.NewRecorder()
		run.handler.ServeHTTP(rec, req)
		assertNoSecret(t, rec.Body.String()+fmt.Sprint(rec.Header()), "webhook handler response")
	}
	require.Len(t, handlerErrs, 2)
	run.errs = append(run.errs, handlerErrs...)
	return run
}

func webhookRequest(body []byte, h http.Header) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/ofauth", bytes.NewReader(body))
	for k, v := range h {
		r.Header[k] = v
	}
	return r
}

// hygieneValue is one value of an exported type, to be printed.
type hygieneValue struct {
	typeName string // the declared type; set for interfaces, derived otherwise
	v        any
}

// allowedPlainFields are fields whose names sound secret but that are
// printed as they are, by design.
var allowedPlainFields = map[string]string{
	"LinkSession.ClientSecret": "handed to the browser for a whitelabel Link flow",
	"DynamicRules.AppToken":    "OnlyFans' public app token, the same for every client",
}

var secretFieldName = regexp.MustCompile(`(?i)cookie|secret|session|password|token|xbc|apikey`)

// populate fills every exported field reachable from v with sample data;
// a string field whose name sounds secret gets the cookie marker, so a new
// field like that fails the test unless its type redacts it.
func populate(v reflect.Value, owner string, depth int) {
	if depth > 5 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		populate(v.Elem(), owner, depth+1)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)))
			return
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fv := v.Field(i)
			name := t.Name() + "." + f.Name
			if fv.Kind() == reflect.String && secretFieldName.MatchString(f.Name) && allowedPlainFields[name] == "" {
				fv.SetString(hygieneCookie)
				continue
			}
			populate(fv, name, depth+1)
		}
	case reflect.String:
		v.SetString("sample")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte(`{"sample":1}`))
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		populate(s.Index(0), owner, depth+1)
		v.Set(s)
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		m := reflect.MakeMap(v.Type())
		e := reflect.New(v.Type().Elem()).Elem()
		populate(e, owner, depth+1)
		m.SetMapIndex(reflect.ValueOf("k").Convert(v.Type().Key()), e)
		v.Set(m)
	}
}

// filled returns a populated *T.
func filled[T any]() *T {
	p := new(T)
	populate(reflect.ValueOf(p).Elem(), "", 0)
	return p
}

// hygieneValues returns a value of every exported type of the package:
// live ones from the run where they carry secrets (clients, services,
// errors, attempts, sessions, webhook verifiers and events), populated
// samples for the rest.
func hygieneValues(run *hygieneRun) []hygieneValue {
	c := run.client
	a := c.Access.WithConnection("conn_2")
	vals := []any{
		c, *c, c.Account, c.Connections, c.Link, c.DynamicRules, c.VaultPlus, c.Access, a, *a,
		a.Self, a.Earnings, a.Analytics, a.Chats, a.MassMessages, a.Posts, a.Promotions, a.Subscribers,
		a.Subscriptions, a.Users, a.UserLists, a.Vault, a.VaultLists, a.Uploads, *a.Uploads,
		run.login, *run.login, *run.login.Completed, run.login.Completed.Session, run.conn, *run.conn, run.conn.UserData,
		&ImportConnectionParams{Cookie: hygieneCookie, UserAgent: "UA"}, ImportConnectionParams{Cookie: hygieneCookie},
		&UpdateImportParams{Cookie: hygieneCookie, UserAgent: "UA"}, UpdateImportParams{Cookie: hygieneCookie},
		RawSession{UserID: "1", Cookie: hygieneCookie, XBC: hygieneXBC},
		LinkCompletedLogin{ID: "x", Session: RawSession{Cookie: hygieneCookie, XBC: hygieneXBC}},
		&APIError{StatusCode: 500, Message: "m"}, &DecodeError{Method: "GET", Route: "/r", Body: []byte("{"), Err: errors.New("x")},
		&RedirectError{From: "https://a:443", To: "http://a:80", Reason: RedirectDowngrade},
		&Page[Subscriber]{Items: []Subscriber{*filled[Subscriber]()}, HasMore: true, NextOffset: 10, NextMarker: "m"},
		run.verifier, *run.verifier, run.handler, NewWebhookRouter().On(EventConnectionCreated, func(context.Context, *WebhookEvent) error { return nil }),
		NewMemoryDeduper(10, time.Minute), WebhookFunc(func(context.Context, *WebhookEvent) error { return nil }),
		WithDeduper(NewMemoryDeduper(1, time.Second)), WithAdditionalSecrets(hygieneWebhookRaw), WithTolerance(time.Minute),
		WithConnectionRateLimit(60, 90), WithHTTPClient(http.DefaultClient), RateLimit{Limit: 90, Remaining: 3, Reset: time.Now()},
		WithResponseInto(&Response{}), WithHeader("X-Trace-Id", "t"),
		&Response{StatusCode: 200, Header: http.Header{"X-Request-Id": {"r"}}, RequestID: "r", Attempts: 1, Duration: time.Second},
		linkCallbackSample(), filled[LinkSession](), filled[Account](), filled[WebsocketFrame](), filled[RealtimeEvent](),
		filled[ConnectionEvent](), filled[RulesEvent](), filled[WebhookEvent](), filled[Connection](),
		// Every other exported type, populated.
		filled[AccountSettings](), filled[AccountSettingsResult](), filled[AccountSettingsUpdateParams](), filled[AddToListsError](),
		filled[AddToListsResult](), filled[AddToListsSuccess](), filled[Amounts](), filled[AnalyticsChartParams](),
		filled[AnalyticsMetricChartParams](), filled[AnalyticsMetricTopParams](), filled[AnalyticsTopParams](),
		filled[AnalyticsVisitorParams](), filled[AuthorRef](), filled[AvatarThumbs](), filled[BroadcastResult](),
		filled[Bundle](), filled[BundleParams](), filled[Chargeback](), filled[ChargebackListParams](),
		filled[ChargebackPayment](), filled[ChartPoint](), filled[ChartSeries](), filled[Chat](), filled[ChatListParams](),
		filled[ChatMediaParams](), filled[ChatMessagesParams](), filled[ConnectionListParams](), filled[ConnectionSettings](),
		filled[ConnectionSettingsResult](), filled[ConnectionSettingsUpdateParams](), filled[ConnectionUser](),
		filled[ConnectionVaultPlus](), filled[ConnectionVaultPlusUpdateParams](), filled[CountryRow](), filled[DynamicRules](),
		filled[EarningsChart](), filled[EarningsChartParams](), filled[Geolocation](), filled[HeaderSize](),
		filled[HeaderThumbs](), filled[LinkInitParams](), filled[LinkOptionsParams](), filled[MassMessageBuyersParams](),
		filled[MassMessageJob](), filled[MassMessageParams](), filled[MassMessageStat](), filled[MassMessagesChart](),
		filled[Media](), filled[MediaFileFull](), filled[MediaFilePreview](), filled[MediaFileVariant](), filled[MediaFiles](),
		filled[MediaSource](), filled[Message](), filled[MessageParams](), filled[MessageSender](),
		filled[Notification](), filled[NotificationListParams](), filled[OrgVaultPlus](), filled[OrgVaultPlusUpdateParams](),
		filled[Post](), filled[PostDetail](), filled[PostListParams](), filled[PostParams](), filled[PostStats](),
		filled[PostStatsSummary](), filled[PostVoting](), filled[PostVotingOption](), filled[PostsCounters](),
		filled[PostsPage](), filled[Promotion](), filled[PromotionListParams](), filled[PromotionParams](),
		filled[PurchasedMassMessagesParams](), filled[PurgeResult](), filled[ReleaseForm](),
		filled[ReleaseFormListParams](), filled[ReleaseFormRef](), filled[ReleaseFormUser](), filled[ReleaseFormsParams](),
		filled[RestrictedUser](), filled[RestrictedUserListParams](), filled[RulesResponse](), filled[RulesStatus](),
		filled[SelfUpdateParams](), filled[SentMassMessagesParams](), filled[SignParams](), filled[SignResult](),
		filled[StoryViewer](), filled[SubscribeEvent](), filled[SubscribedByData](), filled[SubscribedOnData](),
		filled[Subscriber](), filled[SubscriberCapabilities](), filled[SubscriberDiscountParams](), filled[SubscriberFilter](),
		filled[SubscriberHistoryEntry](), filled[SubscriberListParams](), filled[SubscriberListRef](),
		filled[SubscriberSpending](), filled[SubscriberStatusCounts](), filled[SubscriberSubscription](),
		filled[Subscription](), filled[SubscriptionCounts](), filled[SubscriptionFilter](), filled[SubscriptionHistory](),
		filled[SubscriptionHistoryEntry](), filled[SubscriptionHistoryParams](), filled[SubscriptionListParams](),
		filled[SubscriptionStatusCounts](), filled[SubscriptionTerms](), filled[TaggedFriend](),
		filled[TaggedFriendUser](), filled[TopCampaign](), filled[TopCountries](), filled[TopCountriesTotals](),
		filled[TopPost](), filled[TopPromotion](), filled[TopStory](), filled[TopStoryPost](),
		filled[TopStoryPostCoordinateParams](), filled[TopStoryQuestion](), filled[TopStoryQuestionEntity](),
		filled[TopStoryQuestionPosition](), filled[TopStoryText](), filled[TopStoryTextPosition](), filled[TopStream](),
		filled[TopTrial](), filled[TrackingLink](), filled[TrackingLinkListParams](), filled[TrackingLinkParams](),
		filled[Transaction](), filled[TransactionListParams](), filled[TrialLink](), filled[TrialLinkParams](),
		filled[TwoFactorCode](), filled[TwoFactorState](), filled[TxUser](),
		filled[UploadByteRange](), filled[UploadCheckResult](), filled[UploadInitParams](), filled[UploadInitResult](),
		filled[UploadParams](), filled[UploadPartResult](), filled[UploadPartTarget](), filled[UploadResult](), filled[User](),
		filled[UserBrief](), filled[UserList](), filled[UserListAddResult](), filled[UserListListParams](),
		filled[UserListMemberListParams](), filled[UserListRef](), filled[UserListSort](), filled[UserListUserState](),
		filled[UserSearchParams](), filled[VaultAllMediaType](), filled[VaultList](), filled[VaultListMediaParams](),
		filled[VaultListMediaPreview](), filled[VaultListUpdateParams](), filled[VaultListsAll](), filled[VaultListsPage](),
		filled[VaultListListParams](), filled[VaultMedia](), filled[VaultMediaCounters](), filled[VaultMediaListParams](),
		filled[VaultMediaListRef](), filled[VaultPlusItem](), filled[VaultPlusListParams](),
		filled[VaultPlusMedia](), filled[VaultPlusSettings](), filled[VaultPlusStats](),
		filled[VaultPlusStoreResult](), filled[VaultPlusStoreStatus](), filled[VaultPlusUsage](), filled[VaultUploadParams](),
		filled[VideoSources](), filled[VisitorChartSeries](), filled[VisitorChartTotal](), filled[VisitorCountriesChart](),
		filled[VisitorCountriesTop](), filled[VisitorCounts](), SignedHeaders{"sign": "s", "time": "1"},
		AnalyticsMetric("x"), ChatFilter("x"), ChatMediaType("x"), ChatOrder("x"), ChatReason("x"), ConnectionStatus("x"),
		EarningsType("x"), ID("x"), LinkLoginState("x"), LinkStatus("x"), MediaItem("x"), NotificationType("x"),
		PostSort("x"), ReleaseFormFilter("x"), ReleaseFormSort("x"), SubscriberLatestType("x"), SubscriberType("x"),
		SubscriptionType("x"), TipsSource("x"), TransactionType("x"), VaultSort("x"), VisitorMetric("x"),
	}
	vals = append(vals, run.pages...)
	for _, e := range run.errs {
		vals = append(vals, e)
		var apiErr *APIError
		if errors.As(e, &apiErr) {
			vals = append(vals, apiErr, *apiErr)
		}
		var de *DecodeError
		if errors.As(e, &de) {
			vals = append(vals, de, *de)
		}
	}
	for _, a := range run.attempts {
		vals = append(vals, a, &a)
	}
	for _, r := range run.calls {
		vals = append(vals, r, r.CallInfo)
	}
	for _, d := range run.delivery {
		vals = append(vals, d, d.Outcome)
	}
	vals = append(vals, Hooks{Attempt: func(context.Context, Attempt) {}})
	vals = append(vals, run.events...)

	out := make([]hygieneValue, 0, len(vals)+1)
	for _, v := range vals {
		out = append(out, hygieneValue{v: v})
	}
	out = append(out, hygieneValue{v: RateLimitFeedback{StatusCode: 429, RetryAfter: time.Second, Received: time.Now()}},
		hygieneValue{typeName: "ConnectionLimiter", v: ConnectionLimiter(newConnLimiter(1, 1))})
	return append(out, hygieneValue{typeName: "WebhookDeduper", v: WebhookDeduper(NewMemoryDeduper(1, time.Second))})
}

// linkCallbackSample returns a parsed Link redirect.
func linkCallbackSample() *LinkCallback {
	cb, _ := ParseLinkCallback(map[string][]string{"status": {"success"}, "connection_id": {"conn_1"}})
	return cb
}

// TestSecretsNeverShow runs succeeding and failing calls (some against a
// server that echoes the key everywhere) and webhook verifications, then
// prints a value of every exported type with every fmt verb, and checks
// that neither the API key, nor the session cookies, nor the webhook
// secrets (as text, hex or bytes) appear there, in the errors or in the
// debug log.
func TestSecretsNeverShow(t *testing.T) {
	run := runHygieneCalls(t)
	require.NotEmpty(t, run.attempts)
	for _, v := range hygieneValues(run) {
		for _, verb := range hygieneVerbs {
			assertNoSecret(t, fmt.Sprintf(verb, v.v), fmt.Sprintf("%s of %T", verb, v.v))
		}
	}
	for _, err := range run.errs {
		assertNoSecret(t, err.Error(), "error "+err.Error())
	}
	assert.NotEmpty(t, run.logs.String())
	assertNoSecret(t, run.logs.String(), "the debug log")
}

// TestEveryExportedTypeIsPrintedBySecretsTest parses the package and fails
// when an exported type is missing from hygieneValues: a new type must be
// added there, so its printing is checked too. It also checks that values
// of types that can reach the client's core, or the webhook keys, do reach
// them: an empty service proves nothing.
func TestEveryExportedTypeIsPrintedBySecretsTest(t *testing.T) {
	declared := exportedTypes(t)
	run := runHygieneCalls(t)
	covered := map[string]bool{}
	coreType := reflect.TypeFor[*core]()
	keysType := reflect.TypeFor[*webhookKeys]()
	for _, hv := range hygieneValues(run) {
		name := hv.typeName
		if name == "" {
			name = typeName(reflect.TypeOf(hv.v))
		} else {
			iface, ok := ifaceTypes[name]
			require.True(t, ok, "interface %s has no reflect type in ifaceTypes", name)
			require.True(t, reflect.TypeOf(hv.v).Implements(iface), "%T is no %s", hv.v, name)
		}
		covered[name] = true
		for _, target := range []reflect.Type{coreType, keysType} {
			if typeReaches(reflect.TypeOf(hv.v), target, map[reflect.Type]bool{}) {
				assert.True(t, valueReaches(reflect.ValueOf(hv.v), target, map[uintptr]bool{}),
					"%T can hold a %v but the listed value holds none: take it from a live client or verifier", hv.v, target)
			}
		}
	}
	var missing []string
	for _, name := range declared {
		if !covered[name] {
			missing = append(missing, name)
		}
	}
	assert.Empty(t, missing, "exported types missing from hygieneValues in secrets_test.go")
	assert.GreaterOrEqual(t, len(declared), 250)
}

// ifaceTypes maps the exported interfaces to their reflect types.
var ifaceTypes = map[string]reflect.Type{
	"WebhookDeduper":    reflect.TypeFor[WebhookDeduper](),
	"ConnectionLimiter": reflect.TypeFor[ConnectionLimiter](),
}

// exportedTypes lists the exported types declared in the package's
// non-test files.
func exportedTypes(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		if f.Name.Name != "ofauth" {
			continue
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
					names = append(names, ts.Name.Name)
				}
			}
		}
	}
	sort.Strings(names)
	return names
}

// typeName is a type's declared name: pointers removed, type arguments
// dropped.
func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name, _, _ := strings.Cut(t.Name(), "[")
	return name
}

// typeReaches reports whether a value of type t can hold a target.
func typeReaches(t, target reflect.Type, seen map[reflect.Type]bool) bool {
	if t == target {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return typeReaches(t.Elem(), target, seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if typeReaches(t.Field(i).Type, target, seen) {
				return true
			}
		}
	}
	return false
}

// valueReaches reports whether v holds a non-nil target.
func valueReaches(v reflect.Value, target reflect.Type, seen map[uintptr]bool) bool {
	switch v.Kind() {
	case reflect.Interface:
		return !v.IsNil() && valueReaches(v.Elem(), target, seen)
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return false
		}
		if v.Type() == target {
			return true
		}
		seen[v.Pointer()] = true
		return valueReaches(v.Elem(), target, seen)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if valueReaches(v.Field(i), target, seen) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if valueReaches(v.Index(i), target, seen) {
				return true
			}
		}
	}
	return false
}

// The SDK does not recover panics from user callbacks: a panicking attempt
// hook reaches the caller. The panic value (here the Attempt itself, error
// included) and the stack show no secret.
func TestPanicInAttemptHookShowsNoKey(t *testing.T) {
	srv := hygieneServer(t)
	for _, route := range []string{"whoami", "self"} {
		c, err := NewClient(hygieneKey, WithBaseURL(srv.URL), WithConnectionID("conn_1"), WithMaxRetries(0),
			WithAttemptHook(func(a Attempt) { panic(a) }))
		require.NoError(t, err)
		var recovered any
		var stack []byte
		func() {
			defer func() {
				recovered = recover()
				stack = debug.Stack()
			}()
			if route == "whoami" {
				_, _ = c.Account.Whoami(context.Background()) // panics before returning
			} else {
				_, _ = c.Access.Self.Get(context.Background())
			}
		}()
		require.NotNil(t, recovered, "the hook's panic reaches the caller")
		a, ok := recovered.(Attempt)
		require.True(t, ok, "%T", recovered)
		assert.Equal(t, 1, a.Attempt)
		for _, verb := range hygieneVerbs {
			assertNoSecret(t, fmt.Sprintf(verb, recovered), "panic value "+verb)
		}
		assertNoSecret(t, string(stack), "panic stack")
	}
}

// A server echoing the key in any field of an error, or in a 2xx body that
// does not decode, gets it masked before the hook, the logger or the
// caller see it; the masked code then falls back to the status sentinel.
func TestEchoedKeyIsMaskedBeforeAnyoneSeesIt(t *testing.T) {
	srv := hygieneServer(t)
	var seen []Attempt
	c, err := NewClient(hygieneKey, WithBaseURL(srv.URL), WithConnectionID("conn_1"), WithMaxRetries(0),
		WithAttemptHook(func(a Attempt) { seen = append(seen, a) }))
	require.NoError(t, err)

	_, err = c.Access.Self.Get(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "[REDACTED]", apiErr.Code)
	assert.Equal(t, "[REDACTED]", apiErr.ActionRequired)
	assert.Equal(t, "[REDACTED]", apiErr.RequestID)
	assert.Equal(t, "invalid key [REDACTED]", apiErr.Message)
	assert.JSONEq(t, `{"apiKey":"[REDACTED]"}`, string(apiErr.Details))
	assert.NotContains(t, string(apiErr.Body), hygieneKey)
	assert.ErrorIs(t, err, ErrUnauthorized)
	require.Len(t, seen, 1)
	assert.Equal(t, "[REDACTED]", seen[0].Code, "the hook sees the masked code")

	_, err = c.DynamicRules.Rules(context.Background())
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Contains(t, string(de.Body), `"app_token":"[REDACTED]"`)
}

// A completed Link login carries the creator's session: fmt shows neither
// its cookie nor its x-bc, through Completed or through Data, while a 2FA
// state still prints its data.
func TestLinkLoginStatusPrintsNoSession(t *testing.T) {
	var done LinkLoginStatus
	require.NoError(t, json.Unmarshal([]byte(`{"status":"completed","data":{"id":"l","session":{"user-id":"42","cookie":"sess=SECRET","x-bc":"BCSECRET"},"userData":{"id":"42"}}}`), &done))
	require.Equal(t, "sess=SECRET", done.Completed.Session.Cookie)
	for _, v := range []any{done, &done} {
		for _, verb := range hygieneVerbs {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "SECRET", "%s of %T", verb, v)
			assert.NotContains(t, out, hex.EncodeToString([]byte("SECRET")), "%s of %T", verb, v)
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", done), "Status:completed")
	assert.Contains(t, fmt.Sprintf("%+v", done), "UserID:42")

	var twoFA LinkLoginStatus
	require.NoError(t, json.Unmarshal([]byte(`{"status":"awaiting_2fa","data":{"twoFactorState":{"options":["phone"]}}}`), &twoFA))
	assert.Contains(t, fmt.Sprintf("%s", twoFA), `{"twoFactorState":{"options":["phone"]}}`)
}
