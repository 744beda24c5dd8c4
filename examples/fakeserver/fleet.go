package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"

	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/whoop/whooptest"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// config is where each fake listens.
type config struct {
	whoop, workpath, ovation, rupa string
	whoopWebhookURL                string
}

// tokenTTL is the lifetime of the tokens the fakes issue: long enough for a demo session.
const tokenTTL = 24 * time.Hour

// fleet is the four running fakes, each behind its public listener.
type fleet struct {
	whoop    *whooptest.Server
	workpath *workpathtest.Server
	ovation  *ovationtest.Server
	rupa     *rupatest.Server

	// fronts are the public listeners, by vendor, in print order.
	fronts []*front
	seeds  seeds
}

// front is one vendor's public address: a reverse proxy in front of the fake's own
// loopback port (the fakes bind a random port of their own).
type front struct {
	vendor  string
	baseURL string // the public base URL a client is given
	srv     *http.Server
	ln      net.Listener
}

// start starts the fakes, seeds them and opens the public listeners.
func start(ctx context.Context, cfg config) (f *fleet, err error) {
	f = &fleet{}
	defer func() {
		if err != nil {
			_ = f.close(context.WithoutCancel(ctx))
		}
	}()
	if f.whoop, err = whooptest.NewServer(whooptest.WithTokenTTL(tokenTTL)); err != nil {
		return nil, fmt.Errorf("whoop: %w", err)
	}
	if f.workpath, err = workpathtest.NewServer(workpathtest.WithTokenTTL(tokenTTL)); err != nil {
		return nil, fmt.Errorf("workpath: %w", err)
	}
	if f.ovation, err = ovationtest.NewServer(); err != nil {
		return nil, fmt.Errorf("ovation: %w", err)
	}
	if f.rupa, err = rupatest.NewServer(rupatest.WithTokenTTL(tokenTTL)); err != nil {
		return nil, fmt.Errorf("rupa: %w", err)
	}
	for _, v := range []struct {
		vendor, addr, origin, path string
	}{
		{"whoop", cfg.whoop, f.whoop.Origin, whooptest.Prefix},
		{"workpath", cfg.workpath, f.workpath.URL, ""},
		{"ovation", cfg.ovation, f.ovation.URL, "/api/v3"},
		{"rupa", cfg.rupa, f.rupa.URL, ""},
	} {
		fr, err := listen(v.vendor, v.addr, v.origin, v.path)
		if err != nil {
			return nil, err
		}
		f.fronts = append(f.fronts, fr)
	}
	if cfg.whoopWebhookURL != "" {
		if err := f.whoop.SetWebhookURL(whooptest.DefaultClientID, cfg.whoopWebhookURL); err != nil {
			return nil, fmt.Errorf("whoop: -whoop-webhook-url: %w", err)
		}
	}
	if err := f.seed(ctx); err != nil {
		return nil, fmt.Errorf("seeding: %w", err)
	}
	return f, nil
}

// listen opens addr and serves a reverse proxy to origin on it; path is the base URL's
// path (WHOOP's /developer, Ovation's /api/v3).
func listen(vendor, addr, origin, path string) (*front, error) {
	target, err := url.Parse(origin)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", vendor, err)
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host // the fakes see the host the client used
		},
		FlushInterval: -1, // stream answers as the fake writes them
	}
	fr := &front{vendor: vendor, baseURL: "http://" + ln.Addr().String() + path, ln: ln, srv: &http.Server{
		Handler:           proxy,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          nil,
	}}
	go func() { _ = fr.srv.Serve(ln) }()
	return fr, nil
}

// close stops the public listeners (letting requests in flight finish) and the fakes.
func (f *fleet) close(ctx context.Context) error {
	var errs []error
	for _, fr := range f.fronts {
		if err := fr.srv.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", fr.vendor, err))
		}
	}
	if f.whoop != nil {
		f.whoop.Close()
	}
	if f.workpath != nil {
		f.workpath.Close()
	}
	if f.ovation != nil {
		f.ovation.Close()
	}
	if f.rupa != nil {
		f.rupa.Close()
	}
	return errors.Join(errs...)
}

// baseURL returns the public base URL of vendor.
func (f *fleet) baseURL(vendor string) string {
	for _, fr := range f.fronts {
		if fr.vendor == vendor {
			return fr.baseURL
		}
	}
	return ""
}

// print writes the base URLs, the demo credentials and the seeded ids.
func (f *fleet) print(w io.Writer) {
	s := f.seeds
	fmt.Fprintf(w, `fakeserver: labwire's vendor fakes (in memory, synthetic data; credentials are test values)

WHOOP     %s
  client credentials  POST /v2/partner/token {"grant_type":"client_credentials","client_id":%q,"client_secret":%q,"scope":"whoop-partner/token"}
  bearer token        %s (valid %s)
  webhook secret      %s (WHOOP-Signed: hex HMAC-SHA256 of the body)
  requisition         %s (service request %s, LIPID_PANEL)

Workpath  %s
  API key / password  %s / %s (HTTP Basic on /api-keys and /webhooks;
                      POST /oauth/token grant_type=client_credentials, form encoded, for the Bearer routes)
  order form          %d (auto-publishes intakes as appointments); service %d
  appointment         %d (from intake %d)

Ovation   %s
  API key             %s (Authorization: Bearer)
  project template    %d (organization %d)
  requisition         %s

Rupa      %s
  OAuth app           client %s / %s, redirect %s, token URL %s
  practitioner        %s of clinic %s
  access token        %s (refresh token %s)
  patient             %s

Stop with Ctrl-C (SIGINT) or SIGTERM.
`,
		f.baseURL("whoop"), whooptest.DefaultClientID, whooptest.DefaultClientSecret, s.whoopToken, tokenTTL,
		whooptest.DefaultWebhookSecret, s.whoopRequisition, s.whoopServiceRequest,
		f.baseURL("workpath"), workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword,
		workpathtest.DefaultOrderForm, workpathtest.DefaultService, s.workpathAppointment, s.workpathIntake,
		f.baseURL("ovation"), ovationtest.DefaultAPIKey, ovationtest.DefaultTemplateID, ovationtest.DefaultOrganizationID, s.ovationRequisition,
		f.baseURL("rupa"), rupatest.DefaultClientID, rupatest.DefaultClientSecret, rupatest.DefaultRedirectURL,
		f.baseURL("rupa")+rupatest.TokenPath,
		rupatest.DefaultPractitionerID, rupatest.DefaultClinicID, s.rupaAccess, s.rupaRefresh, s.rupaPatient,
	)
}
