// Command linkapp is a small web app that walks OFAuth's integration
// checklist with the Go SDK: it connects OnlyFans creator accounts through
// the hosted Link flow, stores connection ids from signed webhooks, reads
// profile and fans through the Access API, and sends creators back through
// Link when their session expires.
//
// Without OFAUTH_API_KEY it runs against an in-process fake OFAuth API
// (package ofauthtest), so it works offline:
//
//	go run .
//
// With a key it talks to the real API; see README.md for the variables.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// config is the command's configuration, from flags and the environment.
type config struct {
	Addr      string // listen address
	PublicURL string // where browsers reach the app; "" derives it from Addr
	DBPath    string // SQLite file, or ":memory:"

	APIKey        string // "" runs the in-process fake API
	BaseURL       string // OFAuth API base URL; "" for the SDK's default
	WebhookSecret string // signing secret of the webhook endpoint
	ClientAppID   string // OFAuth client app (app_…); "" lets OFAuth choose
	RedisURL      string // Redis shared by replicas; "" keeps dedupe and rate budgets in process
}

// demo reports whether the app runs against the in-process fake API.
func (c config) demo() bool { return c.APIKey == "" }

// shutdownTimeout bounds how long in-flight requests may finish on exit.
const shutdownTimeout = 10 * time.Second

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg, err := loadConfig(os.Args[1:], os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ready := func(appURL string) { fmt.Fprintf(os.Stdout, "linkapp: open %s\n", appURL) }
	if err := run(ctx, cfg, log, ready); err != nil {
		log.Error("linkapp stopped", "err", err)
		os.Exit(1)
	}
	log.Info("linkapp stopped")
}

// loadConfig reads flags from args and OFAUTH_* variables through getenv.
func loadConfig(args []string, getenv func(string) string) (config, error) {
	cfg := config{
		APIKey:        strings.TrimSpace(getenv("OFAUTH_API_KEY")),
		BaseURL:       getenv("OFAUTH_BASE_URL"),
		WebhookSecret: getenv("OFAUTH_WEBHOOK_SECRET"),
		ClientAppID:   getenv("OFAUTH_CLIENT_APP_ID"),
	}
	fs := flag.NewFlagSet("linkapp", flag.ContinueOnError)
	fs.StringVar(&cfg.Addr, "addr", envOr(getenv, "LINKAPP_ADDR", "127.0.0.1:8080"), "listen address")
	fs.StringVar(&cfg.PublicURL, "public-url", getenv("LINKAPP_PUBLIC_URL"),
		"URL browsers and OFAuth use to reach the app (default: http://<addr>)")
	fs.StringVar(&cfg.DBPath, "db", getenv("LINKAPP_DB"), "SQLite database file, or :memory: (default: a file in the temp dir)")
	fs.StringVar(&cfg.RedisURL, "redis", getenv("OFAUTH_REDIS_URL"),
		"redis://host:port shared by replicas for webhook dedupe and rate budgets (default: in process)")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("linkapp: unexpected arguments %q", fs.Args())
	}
	if cfg.DBPath == "" {
		name := "linkapp.db"
		if cfg.demo() {
			name = "linkapp-demo.db"
		}
		cfg.DBPath = filepath.Join(os.TempDir(), "ofauth-linkapp", name)
	}
	return cfg, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// run serves the app until ctx ends, then shuts down gracefully. ready, if
// not nil, gets the app's URL once it accepts connections.
func run(ctx context.Context, cfg config, log *slog.Logger, ready func(appURL string)) (err error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer func() { _ = ln.Close() }() // for early returns; serve's Shutdown closes it otherwise
	publicURL := strings.TrimSuffix(cfg.PublicURL, "/")
	if publicURL == "" {
		publicURL = "http://" + ln.Addr().String()
	}

	store, err := openStore(ctx, cfg.DBPath)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }() // a failed close can lose writes

	m, err := newMetrics()
	if err != nil {
		return err
	}
	defer func() { _ = m.Shutdown(context.WithoutCancel(ctx)) }()

	shared, err := openShared(ctx, cfg.RedisURL, log)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, shared.Close()) }()

	api, closeAPI, err := connectAPI(ctx, cfg, publicURL, store, log, append(shared.clientOptions(log), m.clientOption())...)
	if err != nil {
		return err
	}
	defer closeAPI()

	a, err := newApp(appConfig{
		Client: api.client, Verifier: api.verifier, Store: store,
		PublicURL: publicURL, ClientAppID: cfg.ClientAppID, Mode: api.mode, Logger: log, Metrics: m,
		WebhookOptions: shared.webhookOptions(log),
	})
	if err != nil {
		return err
	}
	return serve(ctx, ln, a, log, func() {
		log.Info("linkapp listening", "url", publicURL, "mode", api.mode, "db", cfg.DBPath)
		if ready != nil {
			ready(publicURL)
		}
	})
}

// apiSetup is the OFAuth side of the app.
type apiSetup struct {
	client   *ofauth.Client
	verifier *ofauth.WebhookVerifier // nil: webhooks off
	mode     string
}

// connectAPI builds the SDK client and webhook verifier: for the real API
// from cfg, else for a fresh in-process fake whose webhooks go to the
// app's own endpoint; extra options are added to the client's. The
// returned func releases what it started.
func connectAPI(ctx context.Context, cfg config, publicURL string, store *sqliteStore, log *slog.Logger, extra ...ofauth.Option) (apiSetup, func(), error) {
	apiKey, baseURL, secret := cfg.APIKey, cfg.BaseURL, cfg.WebhookSecret
	mode, closeFn := "OFAuth API", func() {}
	if cfg.demo() {
		// The fake's connections die with the process, so rows from an
		// earlier run would point at nothing.
		if err := store.Reset(ctx); err != nil {
			return apiSetup{}, nil, err
		}
		fake := ofauthtest.NewServer(ofauthtest.WithWebhookURL(publicURL + "/webhooks/ofauth"))
		apiKey, baseURL, secret = fake.APIKey, fake.URL, fake.WebhookSecret
		mode, closeFn = "demo: in-process fake OFAuth API", fake.Close
		log.Info("no OFAUTH_API_KEY: using an in-process fake OFAuth API", "api", fake.URL)
	}
	opts := append([]ofauth.Option{ofauth.WithLogger(log)}, extra...)
	if baseURL != "" {
		opts = append(opts, ofauth.WithBaseURL(baseURL))
	}
	client, err := ofauth.NewClient(apiKey, opts...)
	if err != nil {
		closeFn()
		return apiSetup{}, nil, err
	}
	setup := apiSetup{client: client, mode: mode}
	if secret == "" {
		log.Warn("OFAUTH_WEBHOOK_SECRET is not set: the webhook endpoint answers 503 and connections are learnt from the Link redirect only")
		return setup, closeFn, nil
	}
	if setup.verifier, err = ofauth.NewWebhookVerifier(secret); err != nil {
		closeFn()
		return apiSetup{}, nil, fmt.Errorf("linkapp: webhook secret: %w", err)
	}
	return setup, closeFn, nil
}

// serve runs h on ln until ctx ends, then lets in-flight requests finish
// within shutdownTimeout.
func serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, started func()) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	started()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("linkapp shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
