package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/whoop"
)

// route is one vendor's mounted endpoint.
type route struct {
	vendor   string
	path     string
	handler  http.Handler
	shutdown func(context.Context) error // nil for synchronous routes
}

// routeFunc builds one vendor's route, or returns nil when its secret is not
// configured.
type routeFunc func(getenv func(string) string, out *eventPrinter, logger *slog.Logger) (*route, error)

// newMux mounts every configured vendor and logs the ones left out. whoopOpts go to the WHOOP
// handler (the -inbox flag). With no vendor configured, or one configured wrongly, it logs
// nothing and returns a *configError.
func newMux(getenv func(string) string, out *eventPrinter, logger *slog.Logger, whoopOpts ...dispatch.HandlerOption) (*http.ServeMux, []*route, error) {
	var (
		routes  []*route
		skipped []struct{ vendor, path, env string } // the vendors left out
	)
	shutdown := func() {
		for _, r := range routes {
			if r.shutdown != nil {
				_ = r.shutdown(context.Background())
			}
		}
	}
	for _, rf := range []struct {
		vendor, path, env string
		build             routeFunc
	}{
		{"whoop", "/webhooks/whoop", "WHOOP_WEBHOOK_SECRET", whoopRoute(whoopOpts)},
		{"workpath", "/webhooks/workpath", "WORKPATH_WEBHOOK_SECRET", workpathRoute},
		{"ovation", "/webhooks/ovation", "OVATION_WEBHOOK_USERNAME and OVATION_WEBHOOK_PASSWORD", ovationRoute},
		{"rupa", "/webhooks/rupa", "RUPA_WEBHOOK_SECRET", rupaRoute},
	} {
		r, err := rf.build(getenv, out, logger.With("vendor", rf.vendor))
		if err != nil {
			shutdown()
			return nil, nil, &configError{fmt.Sprintf("%s: %v", rf.vendor, err)}
		}
		if r == nil {
			skipped = append(skipped, struct{ vendor, path, env string }{rf.vendor, rf.path, rf.env})
			continue
		}
		r.vendor, r.path = rf.vendor, rf.path
		routes = append(routes, r)
	}
	if len(routes) == 0 {
		return nil, nil, &configError{"no webhook secret is set; nothing to receive"}
	}
	mux := http.NewServeMux()
	for _, r := range routes {
		mux.Handle("POST "+r.path, r.handler)
		logger.Info("route mounted", "vendor", r.vendor, "path", r.path)
	}
	for _, sk := range skipped {
		logger.Warn(sk.env+" not set; route not mounted", "vendor", sk.vendor, "path", sk.path)
	}
	return mux, routes, nil
}

// whoopRoute uses the typed whoop package: WHOOP signs the raw body with the partner
// signing secret (lowercase hex HMAC-SHA256 in WHOOP-Signed), signs no timestamp, counts a
// delivery as failed unless it gets 204 within one second, and never redelivers after a 2xx.
// whoop.NewWebhookHandler answers 204 at once, deduplicates on the body's digest and hands the
// parsed event to a worker; with -inbox the delivery is stored in an inbox before the 204.
func whoopRoute(opts []dispatch.HandlerOption) routeFunc {
	return func(getenv func(string) string, out *eventPrinter, logger *slog.Logger) (*route, error) {
		secret := getenv("WHOOP_WEBHOOK_SECRET")
		if secret == "" {
			return nil, nil
		}
		v, err := whoop.NewWebhookVerifier([]string{secret})
		if err != nil {
			return nil, err
		}
		h, err := whoop.NewWebhookHandler(v, func(_ context.Context, e *whoop.Event) error {
			return out.print("whoop", string(e.Type), e.ResourceID)
		}, append([]dispatch.HandlerOption{dispatch.WithLogger(logger), dispatch.WithSource("whoop")}, opts...)...)
		if err != nil {
			return nil, err
		}
		return &route{handler: h, shutdown: h.Shutdown}, nil
	}
}

// workpathRoute: WP-Signature "t=<unix>,v1=<hex>", HMAC-SHA256 keyed with the
// webhook secret over t + "." + raw body, five-minute tolerance. Workpath
// sends no event id, so an exact replay is caught by the signature and kept
// for twice the tolerance.
func workpathRoute(getenv func(string) string, out *eventPrinter, logger *slog.Logger) (*route, error) {
	secret := getenv("WORKPATH_WEBHOOK_SECRET")
	if secret == "" {
		return nil, nil
	}
	v, err := webhook.NewTimestampedHMAC("WP-Signature", []string{secret})
	if err != nil {
		return nil, err
	}
	dedup, err := dispatch.NewMemoryDeduper(2*webhook.DefaultTolerance, 100_000)
	if err != nil {
		return nil, err
	}
	h, err := dispatch.NewHandler(v, out.handler("workpath", workpathSummary),
		dispatch.WithDeduper(dedup), dispatch.WithLogger(logger))
	if err != nil {
		return nil, err
	}
	return &route{handler: h}, nil
}

// ovationRoute: Ovation signs nothing; its only protection is optional HTTP
// Basic authentication with a username and password configured in Ovation.
// The body is not authenticated, so serve this route over TLS only. Both
// variables must be set together.
func ovationRoute(getenv func(string) string, out *eventPrinter, logger *slog.Logger) (*route, error) {
	user, pass := getenv("OVATION_WEBHOOK_USERNAME"), getenv("OVATION_WEBHOOK_PASSWORD")
	switch {
	case user == "" && pass == "":
		return nil, nil
	case user == "":
		return nil, fmt.Errorf("OVATION_WEBHOOK_PASSWORD is set but OVATION_WEBHOOK_USERNAME is not")
	case pass == "":
		return nil, fmt.Errorf("OVATION_WEBHOOK_USERNAME is set but OVATION_WEBHOOK_PASSWORD is not")
	}
	v, err := webhook.NewBasicAuth([]webhook.BasicCredentials{{Username: user, Password: pass}})
	if err != nil {
		return nil, err
	}
	h, err := dispatch.NewHandler(v, out.handler("ovation", ovationSummary), dispatch.WithLogger(logger))
	if err != nil {
		return nil, err
	}
	return &route{handler: h}, nil
}

// defaultRupaHeader is the header the Rupa route reads the signature from
// when RUPA_WEBHOOK_HEADER is not set. It is our choice, not Rupa's.
const defaultRupaHeader = "Rupa-Signature"

// rupaRoute: Rupa says events "should be verified" but publishes no scheme
// (no header name, algorithm or signed string). Until it does, this route
// takes the most common shape: a hex HMAC-SHA256 of the raw body keyed with
// RUPA_WEBHOOK_SECRET, in the header named by RUPA_WEBHOOK_HEADER (default
// Rupa-Signature). Adjust both to what your Rupa account shows, or write a
// webhook.Scheme. Rupa retries for up to three days, so keys are kept that
// long.
func rupaRoute(getenv func(string) string, out *eventPrinter, logger *slog.Logger) (*route, error) {
	secret := getenv("RUPA_WEBHOOK_SECRET")
	if secret == "" {
		return nil, nil
	}
	header := getenv("RUPA_WEBHOOK_HEADER")
	if header == "" {
		header = defaultRupaHeader
	}
	v, err := webhook.NewBodyHMAC(header, []string{secret})
	if err != nil {
		return nil, fmt.Errorf("RUPA_WEBHOOK_HEADER: %w", err)
	}
	dedup, err := dispatch.NewMemoryDeduper(72*time.Hour, 100_000)
	if err != nil {
		return nil, err
	}
	h, err := dispatch.NewHandler(v, out.handler("rupa", rupaSummary),
		dispatch.WithDeduper(dedup), dispatch.WithLogger(logger))
	if err != nil {
		return nil, err
	}
	return &route{handler: h}, nil
}
