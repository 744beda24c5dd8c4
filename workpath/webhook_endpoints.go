package workpath

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// WebhookEndpoint is a webhook subscription: Workpath POSTs events on the appointments of your
// organization's integration to URL, signed with Secret.
type WebhookEndpoint struct {
	ID  int64  `json:"id" phi:"id"`
	URL string `json:"url"`
	// Create, Modify and Destroy choose the events: appointment created, updated, deleted.
	Create  bool `json:"create"`
	Modify  bool `json:"modify"`
	Destroy bool `json:"destroy"`
	// Secret signs the deliveries (see NewWebhookVerifier). A Webhook prints, logs and
	// marshals redacted: its id only.
	Secret         string `json:"secret,omitempty"`
	OrganizationID int64  `json:"organization_id,omitempty"`

	raw jsonx.Raw
}

// bindRaw records where the subscription is in the answer.
func (w *WebhookEndpoint) bindRaw(raw jsonx.Raw) { w.raw = raw }

// RawJSON returns the subscription as Workpath sent it, secret included.
func (w *WebhookEndpoint) RawJSON() json.RawMessage { return w.raw.JSON() }

// WebhookEndpointParams creates or replaces a subscription. The deletion flag is sent as "destroy",
// as every example does (the request tables say "delete").
type WebhookEndpointParams struct {
	// URL receives the POSTed events. Required, absolute, https (http only for loopback).
	URL     string `json:"url"`
	Create  bool   `json:"create"`
	Modify  bool   `json:"modify"`
	Destroy bool   `json:"destroy"`
}

func (p *WebhookEndpointParams) validate() error {
	if p == nil {
		return invalid("params", "must not be nil")
	}
	u, err := url.Parse(p.URL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && transport.IsLoopback(u.Hostname()))) {
		return invalid("URL", "must be an absolute https URL (http only for loopback hosts)")
	}
	return checkCarets("", p)
}

// WebhookEndpointsService is Client.WebhookEndpoints. Its routes use HTTP Basic (WithAPIKeyAuth).
type WebhookEndpointsService struct{ c *Client }

// Create subscribes URL and returns the subscription with its signing Secret. Not retried
// once it may have reached Workpath: on ErrOutcomeUnknown, List before creating again, or
// two subscriptions may deliver every event twice.
//
// POST /webhooks
func (s *WebhookEndpointsService) Create(ctx context.Context, p *WebhookEndpointParams, opts ...RequestOption) (*WebhookEndpoint, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out WebhookEndpoint
	if err := s.c.sendOne(ctx, transport.Request{Op: "webhooks.create", Method: http.MethodPost, Route: "/webhooks", JSON: p}, authBasic, opts, jsonx.Into(&out, (*WebhookEndpoint).bindRaw)); err != nil {
		return nil, err
	}
	return &out, nil
}

// Get returns one subscription.
//
// GET /webhooks/{id}
func (s *WebhookEndpointsService) Get(ctx context.Context, id int64, opts ...RequestOption) (*WebhookEndpoint, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out WebhookEndpoint
	if err := s.c.sendOne(ctx, transport.Request{Op: "webhooks.get", Method: http.MethodGet, Route: "/webhooks/{id}", Params: []string{itoa(id)}}, authBasic, opts, jsonx.Into(&out, (*WebhookEndpoint).bindRaw)); err != nil {
		return nil, err
	}
	return &out, nil
}

// List returns the subscriptions (a bare array; a wrapped one decodes too).
//
// GET /webhooks
func (s *WebhookEndpointsService) List(ctx context.Context, opts ...RequestOption) ([]WebhookEndpoint, error) {
	var out list[WebhookEndpoint]
	out.key = "webhooks"
	if err := s.c.send(ctx, transport.Request{Op: "webhooks.list", Method: http.MethodGet, Route: "/webhooks"}, authBasic, opts, &out); err != nil {
		return nil, err
	}
	return out.items, nil
}

// Update replaces a subscription and returns it.
//
// PUT /webhooks/{id}
func (s *WebhookEndpointsService) Update(ctx context.Context, id int64, p *WebhookEndpointParams, opts ...RequestOption) (*WebhookEndpoint, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out WebhookEndpoint
	if err := s.c.sendOne(ctx, transport.Request{Op: "webhooks.update", Method: http.MethodPut, Route: "/webhooks/{id}", Params: []string{itoa(id)}, JSON: p}, authBasic, opts, jsonx.Into(&out, (*WebhookEndpoint).bindRaw)); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes a subscription.
//
// DELETE /webhooks/{id}
func (s *WebhookEndpointsService) Delete(ctx context.Context, id int64, opts ...RequestOption) (*Receipt, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return s.c.sendReceipt(ctx, transport.Request{Op: "webhooks.delete", Method: http.MethodDelete, Route: "/webhooks/{id}", Params: []string{itoa(id)}}, authBasic, opts)
}
