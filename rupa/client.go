package rupa

import (
	"github.com/labwire/labwire/internal/transport"
)

const vendor = "rupa"

// Client calls Rupa's API as one practitioner: Rupa's API acts on behalf of the practitioner
// whose OAuth2 token it carries. Make one Client per connected practitioner (clients share
// connections, so this is cheap), each with that practitioner's AuthCodeFlow.TokenSource. A Client
// is immutable and safe for concurrent use.
type Client struct {
	tc *transport.Client

	// OrderIntents creates order intents (carts the practitioner checks out at Rupa).
	OrderIntents *OrderIntentsService
	// Patients lists the patients of the practitioner's clinic.
	Patients *PatientsService
}

// NewClient returns a client configured by opts. A credential option is required:
// WithTokenSource (usually AuthCodeFlow.TokenSource) or WithBearerToken.
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
