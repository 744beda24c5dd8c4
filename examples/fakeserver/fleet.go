package main

import (
	"context"
	"fmt"
	"io"
	"net"
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

	// fronts are the public addresses, by vendor.
	fronts []*front
	seeds  seeds
}

// front is one vendor's public address: the fake listens on it itself.
type front struct {
	vendor  string
	baseURL string // the public base URL a client is given
}

// start starts the fakes, seeds them and opens the public listeners.
func start(ctx context.Context, cfg config) (_ *fleet, err error) {
	f := &fleet{}
	defer func() {
		if err != nil { // stop what was started
			_ = f.close(context.WithoutCancel(ctx))
		}
	}()
	// Every fake listens on its public address itself.
	wl, err := net.Listen("tcp", cfg.whoop)
	if err != nil {
		return nil, fmt.Errorf("whoop: %w", err)
	}
	if f.whoop, err = whooptest.NewServer(whooptest.WithListener(wl), whooptest.WithTokenTTL(tokenTTL)); err != nil {
		wl.Close()
		return nil, fmt.Errorf("whoop: %w", err)
	}
	f.fronts = append(f.fronts, &front{vendor: "whoop", baseURL: f.whoop.URL})
	pl, err := net.Listen("tcp", cfg.workpath)
	if err != nil {
		return nil, fmt.Errorf("workpath: %w", err)
	}
	if f.workpath, err = workpathtest.NewServer(workpathtest.WithListener(pl), workpathtest.WithTokenTTL(tokenTTL)); err != nil {
		pl.Close()
		return nil, fmt.Errorf("workpath: %w", err)
	}
	f.fronts = append(f.fronts, &front{vendor: "workpath", baseURL: f.workpath.URL})
	ol, err := net.Listen("tcp", cfg.ovation)
	if err != nil {
		return nil, fmt.Errorf("ovation: %w", err)
	}
	if f.ovation, err = ovationtest.NewServer(ovationtest.WithListener(ol)); err != nil {
		ol.Close()
		return nil, fmt.Errorf("ovation: %w", err)
	}
	f.fronts = append(f.fronts, &front{vendor: "ovation", baseURL: f.ovation.URL})
	rl, err := net.Listen("tcp", cfg.rupa)
	if err != nil {
		return nil, fmt.Errorf("rupa: %w", err)
	}
	if f.rupa, err = rupatest.NewServer(rupatest.WithListener(rl), rupatest.WithTokenTTL(tokenTTL)); err != nil {
		rl.Close()
		return nil, fmt.Errorf("rupa: %w", err)
	}
	f.fronts = append(f.fronts, &front{vendor: "rupa", baseURL: f.rupa.URL})
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

// close stops the fakes, which close their listeners.
func (f *fleet) close(_ context.Context) error {
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
	return nil
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
  OAuth app           client %s / %s, redirect %s
                      consent page %s, token URL %s
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
		f.rupa.AuthorizeURL(), f.baseURL("rupa")+rupatest.TokenPath,
		rupatest.DefaultPractitionerID, rupatest.DefaultClinicID, s.rupaAccess, s.rupaRefresh, s.rupaPatient,
	)
}
