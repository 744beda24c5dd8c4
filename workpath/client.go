package workpath

import (
	"bytes"
	"context"
	"strings"

	"github.com/labwire/labwire/internal/transport"
)

const vendor = "workpath"

// Client calls the Workpath Housecall API. Create it with NewClient; it is immutable and safe
// for concurrent use. Routes under /api-keys and /webhooks are sent with HTTP Basic
// (WithAPIKeyAuth); every other route with a Bearer token (WithClientCredentials,
// WithBearerToken or WithTokenSource).
type Client struct {
	tc     *transport.Client
	bearer bool           // a Bearer credential is configured (the client's default Auth)
	basic  transport.Auth // HTTP Basic for /api-keys and /webhooks; nil when not configured

	// APIKeys manages the API credentials of your client (HTTP Basic).
	APIKeys *APIKeysService
	// People creates, reads, updates and deletes people (patients, guarantors, insured).
	People *PeopleService
	// Intakes creates intakes, the start of a patient request, and uploads their documents.
	Intakes *IntakesService
	// Services reads the services you can order.
	Services *ServicesService
	// Appointments reads, searches and updates appointments, with their tags, notes,
	// documents and collected data.
	Appointments *AppointmentsService
	// WebhookEndpoints manages webhook subscriptions (HTTP Basic).
	WebhookEndpoints *WebhookEndpointsService
}

// NewClient returns a client configured by opts. At least one credential is required: a
// Bearer credential (WithClientCredentials, WithBearerToken or WithTokenSource) for the
// intake, people, service and appointment routes, and/or WithAPIKeyAuth for /api-keys and
// /webhooks. A call to a route whose credential is missing fails before sending with a
// *ValidationError naming the option.
func NewClient(opts ...Option) (*Client, error) {
	tc, cfg, err := transport.NewFromOptions(vendor, DefaultBaseURL, nil, append([]Option{withErrorDecoder}, opts...)...)
	if err != nil {
		return nil, err
	}
	c := &Client{tc: tc, bearer: cfg.OptionFor(transport.DefaultSlot) != "", basic: cfg.AuthFor(basicSlot)}
	if !c.bearer && c.basic == nil {
		return nil, optionError("credentials", "required: use "+strings.Join(bearerOptions, ", ")+" and/or "+basicOptions[0])
	}
	c.APIKeys = &APIKeysService{c: c}
	c.People = &PeopleService{c: c}
	c.Intakes = &IntakesService{c: c}
	c.Services = &ServicesService{c: c}
	c.Appointments = &AppointmentsService{c: c}
	c.WebhookEndpoints = &WebhookEndpointsService{c: c}
	return c, nil
}

// authMode is the credential a route needs.
type authMode int

const (
	authBearer authMode = iota // Authorization: Bearer <token>
	authBasic                  // Authorization: Basic base64(key:password)
)

// Do calls a route this package does not wrap yet, through the same credentials, retries,
// caps and logging, and decodes a 2xx JSON answer into out (if not nil). Routes under
// /api-keys and /webhooks are sent with the WithAPIKeyAuth credential, all others with the
// Bearer token. A POST is never retried once it may have reached Workpath. Query values
// never reach logs or errors.
func (c *Client) Do(ctx context.Context, r *RawRequest, out any, opts ...RequestOption) (*Response, error) {
	if r == nil {
		return nil, invalid("request", "must not be nil")
	}
	switch b := r.Body.(type) {
	case nil:
	case []byte:
		if bytes.IndexByte(b, '^') >= 0 {
			return nil, invalid("Body", "must not contain ^ (Workpath refuses it as a delimiter)")
		}
	default:
		if err := checkCarets("Body", r.Body); err != nil {
			return nil, err
		}
	}
	if err := c.tc.CheckRoute(r.Route); err != nil {
		return nil, err
	}
	mode := authBearer
	if underRoute(r.Route, "/api-keys") || underRoute(r.Route, "/webhooks") {
		mode = authBasic
	}
	if err := c.checkAuth(mode, r.Route); err != nil {
		return nil, err
	}
	if mode == authBasic {
		opts = append([]RequestOption{func(q *transport.Request) { q.Auth = c.basic }}, opts...)
	}
	return c.tc.DoRaw(ctx, r, out, opts...)
}

// underRoute reports whether route is root or a route under it ("/webhooks/{id}"), not a
// route that merely starts with the same letters ("/webhooks-log").
func underRoute(route, root string) bool {
	return route == root || strings.HasPrefix(route, root+"/") || strings.HasPrefix(route, root+"?")
}

// send is do without the response metadata.
func (c *Client) send(ctx context.Context, r transport.Request, mode authMode, opts []RequestOption, out any) error {
	_, err := c.do(ctx, r, mode, opts, out)
	return err
}

// sendOne is send for a call that returns one resource: an answer whose object has no id
// is ErrInvalidResponse (the transport's rule, Request.HasID; see idAnswer).
func (c *Client) sendOne(ctx context.Context, r transport.Request, mode authMode, opts []RequestOption, out any) error {
	a := &idAnswer{target: out}
	r.HasID = a.hasID
	return c.send(ctx, r, mode, opts, a)
}

// do puts the route's credential on r and sends it.
func (c *Client) do(ctx context.Context, r transport.Request, mode authMode, opts []RequestOption, out any) (*Response, error) {
	if err := c.checkAuth(mode, r.Route); err != nil {
		return nil, err
	}
	if mode == authBasic {
		r.Auth = c.basic
	}
	return c.tc.Do(ctx, r.Apply(opts), out)
}

// sendReceipt sends a write whose answer Workpath does not document: an empty answer, a
// non-JSON one and {"request_id": N} are all accepted.
func (c *Client) sendReceipt(ctx context.Context, r transport.Request, mode authMode, opts []RequestOption) (*Receipt, error) {
	resp, err := c.do(ctx, r, mode, opts, nil)
	if err != nil {
		return nil, err
	}
	var out Receipt
	if body := bytes.TrimSpace(resp.Body); len(body) > 0 {
		if body[0] == '{' {
			_ = out.UnmarshalJSON(body)
		} else {
			out.raw = bytes.Clone(body)
		}
	}
	return &out, nil
}

// checkAuth refuses, before sending, a route whose credential was not configured.
func (c *Client) checkAuth(mode authMode, route string) error {
	switch {
	case mode == authBasic && c.basic == nil:
		return optionError("WithAPIKeyAuth", route+" needs HTTP Basic with an API key and password")
	case mode == authBearer && !c.bearer:
		return optionError("WithClientCredentials", route+" needs a Bearer token (WithClientCredentials, WithBearerToken or WithTokenSource)")
	}
	return nil
}
