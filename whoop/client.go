package whoop

import (
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
