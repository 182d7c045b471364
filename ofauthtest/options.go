package ofauthtest

import (
	"strings"
	"time"
)

// ServerOption configures a Server; see NewServer.
type ServerOption func(*config)

type config struct {
	apiKey           string
	webhookSecret    string
	publicURL        string
	webhookURL       string
	redirectURLs     []string
	now              func() time.Time
	seed             uint64
	subscribers      int
	latency          time.Duration
	partSize         int64
	ratePerMinute    int
	rateBurst        int
	webhookAttempts  int
	webhookRetryWait time.Duration
	webhookSchemes   []WebhookScheme // none: WebhookSchemeSvix
	webhookEnvelope  WebhookEnvelope // "": WebhookEnvelopeSDK
	// lenient accepts any API key; lenientConnections makes connections
	// for unknown x-connection-id values (Responder).
	lenient, lenientConnections bool
	// inProcess drops events: there is no sender (Responder).
	inProcess bool
}

// Defaults of a Server.
const (
	DefaultSubscribers      = 45                   // fans of every connected creator
	DefaultUploadPartSize   = 5 << 20              // 5 MiB, as the API's upload plan
	DefaultRatePerMinute    = 60                   // Access requests per minute and connection
	DefaultRateBurst        = 90                   // Access token bucket capacity
	DefaultWebhookAttempts  = 5                    // delivery attempts per event, as OFAuth's
	DefaultWebhookRetryWait = 5 * time.Millisecond // first backoff; it doubles per attempt
)

func defaultConfig() config {
	return config{
		now:              time.Now,
		seed:             1,
		subscribers:      DefaultSubscribers,
		partSize:         DefaultUploadPartSize,
		ratePerMinute:    DefaultRatePerMinute,
		rateBurst:        DefaultRateBurst,
		webhookAttempts:  DefaultWebhookAttempts,
		webhookRetryWait: DefaultWebhookRetryWait,
	}
}

// WithAPIKey fixes the API key the server accepts instead of a random
// sk_sandbox_ key, e.g. to share one key between a server and a config
// file. An empty key is ignored.
func WithAPIKey(key string) ServerOption {
	return func(c *config) {
		if key != "" {
			c.apiKey = key
		}
	}
}

// WithWebhookSecret fixes the secret webhooks are signed with instead of a
// random one, e.g. for a receiver configured before the server starts. It
// should look like the dashboard's: "whsec_" and base64 (NewWebhookSecret
// makes one). An empty secret is ignored.
func WithWebhookSecret(secret string) ServerOption {
	return func(c *config) {
		if secret != "" {
			c.webhookSecret = secret
		}
	}
}

// WithPublicURL sets the base URL the server puts in the links it hands
// out (hosted Link pages, the default redirect) when clients reach it
// under another address than its listener's, e.g. a container name in a
// docker-compose stack. URL still reports the listener's address.
func WithPublicURL(u string) ServerOption {
	return func(c *config) { c.publicURL = strings.TrimRight(u, "/") }
}

// WithWebhookURL sets where connection.* events are POSTed. Use
// Server.SetWebhookURL when the receiver starts after the server.
func WithWebhookURL(u string) ServerOption {
	return func(c *config) { c.webhookURL = u }
}

// WithAllowedRedirectURLs restricts Link's redirect URLs to these, as a
// client app's "Allowed Redirect URIs" do: /v2/link/init answers 400 for any
// other, and a session without a redirect URL uses the first. A URL must
// match exactly; the query string is compared too.
func WithAllowedRedirectURLs(urls ...string) ServerOption {
	return func(c *config) { c.redirectURLs = append([]string(nil), urls...) }
}

// WithClock sets the server's clock: timestamps, Link expiry, webhook
// signatures and the rate-limit bucket follow it, so a test can move time
// forward. It must be safe for concurrent use. Waits (latency, delays,
// webhook backoff) still take real time.
func WithClock(now func() time.Time) ServerOption {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithSeed changes the seed of the generated data: creators' names, their
// fans, chats, posts and earnings. The same seed gives the same data.
func WithSeed(seed int64) ServerOption {
	return func(c *config) { c.seed = uint64(seed) } //nolint:gosec // the bits are the seed; the sign does not matter
}

// WithSubscribers sets how many fans every connected creator has
// (DefaultSubscribers unless set); 0 gives creators without fans.
func WithSubscribers(n int) ServerOption {
	return func(c *config) {
		if n >= 0 {
			c.subscribers = n
		}
	}
}

// WithLatency delays every API response by d, to exercise timeouts and
// slow paths; Fault.Delay slows single requests instead.
func WithLatency(d time.Duration) ServerOption {
	return func(c *config) {
		if d > 0 {
			c.latency = d
		}
	}
}

// WithUploadPartSize sets the part size of the upload plan: files larger
// than n bytes are uploaded in parts of n bytes (DefaultUploadPartSize
// unless set).
func WithUploadPartSize(n int64) ServerOption {
	return func(c *config) {
		if n > 0 {
			c.partSize = n
		}
	}
}

// WithRateLimit sets the Access token bucket of every connection: perMinute
// requests a minute refill a bucket of burst requests. perMinute 0 turns the
// limit and its headers off, like the API's unlimited plan.
func WithRateLimit(perMinute, burst int) ServerOption {
	return func(c *config) {
		if perMinute < 0 || burst < 0 {
			return
		}
		if burst < 1 {
			burst = 1
		}
		c.ratePerMinute, c.rateBurst = perMinute, burst
	}
}

// WithWebhookRetry sets how many times an event is tried (at least once)
// and the first wait between tries, which doubles after each failure.
func WithWebhookRetry(attempts int, wait time.Duration) ServerOption {
	return func(c *config) {
		if attempts >= 1 {
			c.webhookAttempts = attempts
		}
		if wait >= 0 {
			c.webhookRetryWait = wait
		}
	}
}

// WithWebhookScheme sets how webhooks are signed: WebhookSchemeSvix (the
// default, as OFAuth's SDKs verify), WebhookSchemeStandard,
// WebhookSchemeOFAuth (as OFAuth's docs describe), several of them, or
// WebhookSchemeAll; a delivery then carries exactly those schemes'
// headers, so a handler can be tested against each. With an unknown
// scheme Emit fails and other events are recorded as failed deliveries,
// never sent.
func WithWebhookScheme(schemes ...WebhookScheme) ServerOption {
	return func(c *config) { c.webhookSchemes = append([]WebhookScheme(nil), schemes...) }
}

// WithWebhookEnvelope sets the JSON shape of webhook bodies:
// WebhookEnvelopeSDK (the default, {"eventType", "live", "data"}) or
// WebhookEnvelopeDocs ({"type", "timestamp", "data"}). Connection events
// follow the chosen shape's data too. With an unknown envelope Emit fails
// and other events are recorded as failed deliveries, never sent.
func WithWebhookEnvelope(env WebhookEnvelope) ServerOption {
	return func(c *config) { c.webhookEnvelope = env }
}
