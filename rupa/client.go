package rupa

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/labwire/labwire/internal/transport"
)

const vendor = "rupa"

type (
	// Middleware wraps every attempt of every request; see WithMiddleware.
	Middleware = transport.Middleware
	// RequestOption changes one call: WithHeader, WithResponse.
	RequestOption = transport.RequestOption
	// Response is the metadata of an answer: StatusCode, Header, RequestID, Attempts, and the
	// raw Body (which may hold patient data).
	Response = transport.Response
)

// WithHeader sets an extra header on one call.
func WithHeader(key, value string) RequestOption { return transport.WithHeader(key, value) }

// WithResponse stores the final answer's metadata and raw body in dst, also on error.
func WithResponse(dst *Response) RequestOption { return transport.WithResponse(dst) }

// Client calls Rupa's API as one practitioner: Rupa's API acts on behalf of the practitioner
// whose OAuth2 token it carries. Make one Client per connected practitioner (clients share
// connections, so this is cheap), each with that practitioner's OAuth.TokenSource. A Client
// is immutable and safe for concurrent use.
type Client struct {
	tc *transport.Client

	// OrderIntents creates order intents (carts the practitioner checks out at Rupa).
	OrderIntents *OrderIntentsService
	// Patients lists the patients of the practitioner's clinic.
	Patients *PatientsService
}

// NewClient returns a client configured by opts. A credential option is required:
// WithTokenSource (usually OAuth.TokenSource) or WithBearerToken.
func NewClient(opts ...Option) (*Client, error) {
	all := append([]Option{rupaErrors()}, opts...)
	tc, _, err := transport.NewFromOptions(vendor, ProductionBaseURL,
		[]transport.Slot{{Name: transport.DefaultSlot, Options: credentialOptions}}, all...)
	if err != nil {
		return nil, err
	}
	c := &Client{tc: tc}
	c.OrderIntents = &OrderIntentsService{c: c}
	c.Patients = &PatientsService{c: c}
	return c, nil
}

// DoParams describes a call to a route this package does not wrap yet.
type DoParams struct {
	// Method is the HTTP method, e.g. "GET". Required.
	Method string
	// Route is a route template such as "/orders/{id}"; its placeholders are filled,
	// escaped, from Params. It is what errors and logs show. Required.
	Route string
	// Params fill Route's placeholders in order.
	Params []string
	// Query is appended to the URL; it never reaches logs or errors. Keep patient data out.
	Query url.Values
	// Body, when not nil, is sent as JSON (Content-Type application/json).
	Body any
	// JSONAPI sends Content-Type and Accept application/vnd.api+json, as Rupa's JSON:API
	// routes (such as /patients) expect.
	JSONAPI bool
}

// Do calls a route this package does not wrap yet, through the same credentials, retries,
// caps and logging, and decodes a 2xx JSON answer into out (if not nil). A POST or PATCH
// is never retried once it may have reached Rupa.
func (c *Client) Do(ctx context.Context, p *DoParams, out any, opts ...RequestOption) (*Response, error) {
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	}
	method := strings.ToUpper(strings.TrimSpace(p.Method))
	if method == "" || strings.ContainsAny(method, " \t\r\n") {
		return nil, &ValidationError{Vendor: vendor, Field: "Method", Reason: "must be one HTTP method"}
	}
	r := transport.Request{Op: "do", Method: method, Route: p.Route, Params: p.Params, Query: p.Query}
	if p.JSONAPI {
		r.Header = http.Header{"Accept": {mediaTypeJSONAPI}}
		if p.Body != nil {
			b, err := marshalBody(p.Body)
			if err != nil {
				return nil, err
			}
			r.Body, r.ContentType = b, mediaTypeJSONAPI
		}
	} else {
		r.JSON = p.Body
	}
	return c.tc.Do(ctx, r.Apply(opts), out)
}

func (c *Client) send(ctx context.Context, r transport.Request, opts []RequestOption, out any) error {
	_, err := c.tc.Do(ctx, r.Apply(opts), out)
	return err
}
