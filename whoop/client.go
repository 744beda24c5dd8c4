package whoop

import (
	"context"

	"github.com/labwire/labwire/internal/transport"
)

const vendor = "whoop"

// Client calls the WHOOP partner API. Create it with NewClient; it is immutable and safe for
// concurrent use, and all its calls share one token.
type Client struct {
	tc *transport.Client

	// Requisitions reads lab requisitions and sets the status of all their service requests.
	Requisitions *RequisitionsService
	// ServiceRequests reads service requests, moves them through the workflow and submits
	// their results.
	ServiceRequests *ServiceRequestsService
	// Development creates test data on non-production deployments.
	Development *DevelopmentService
}

// NewClient returns a client configured by opts. Credentials are required: one of
// WithClientCredentials, WithBearerToken or WithTokenSource. Every error is a
// *ValidationError matching ErrValidation whose Field names the option.
func NewClient(opts ...Option) (*Client, error) {
	required := []transport.Slot{{Name: transport.DefaultSlot, Options: credentialOptions}}
	all := append([]Option{withErrorDecoder}, opts...)
	tc, _, err := transport.NewFromOptions(vendor, DefaultBaseURL, required, all...)
	if err != nil {
		return nil, err
	}
	c := &Client{tc: tc}
	c.Requisitions = &RequisitionsService{c: c}
	c.ServiceRequests = &ServiceRequestsService{c: c}
	c.Development = &DevelopmentService{c: c}
	return c, nil
}

// Do calls a route this package does not wrap yet, through the same credentials, retries,
// caps and logging as every method. r names the method, the route template (such as
// "/v2/partner/service-request/{id}", under the base URL, /developer included), the
// values that fill its placeholders (each escaped as one path segment), the query and a
// body sent as JSON. A 2xx JSON answer is decoded into out (if not nil). The method is
// upper-cased; a bad method or route is a *ValidationError and nothing is sent. Errors and
// logs show the route template, never the path values or the query. A POST or PATCH is
// never retried once it may have reached WHOOP.
func (c *Client) Do(ctx context.Context, r *RawRequest, out any, opts ...RequestOption) (*Response, error) {
	return c.tc.DoRaw(ctx, r, out, opts...)
}

func (c *Client) send(ctx context.Context, r transport.Request, opts []RequestOption, out any) error {
	_, err := c.tc.Do(ctx, r.Apply(opts), out)
	return err
}
