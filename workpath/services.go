package workpath

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// Service is a service Workpath performs, e.g. a blood draw. Workpath describes /services in
// prose only (id, name, description, kit and supplies, steps, scheduling requirements), so
// the fields below follow the service objects of its appointment example and everything it
// sends, modelled or not, is kept in RawJSON.
type Service struct {
	ID int64 `json:"id" phi:"id"`
	// Vendor is the vendor offering the service (an id only).
	Vendor            *Ref    `json:"vendor,omitempty"`
	Name              string  `json:"name,omitempty"`
	Description       string  `json:"description,omitempty"`
	VendorFee         Decimal `json:"vendor_fee,omitzero"`
	SpecialistPayment Decimal `json:"specialist_payment,omitzero"`
	// Duration is in minutes, as in the example's 15.
	Duration  Decimal `json:"duration,omitzero"`
	Shippable bool    `json:"shippable,omitempty"`
	Archived  bool    `json:"archived,omitempty"`
	Tags      []Tag   `json:"tags,omitempty"`
	Steps     []Step  `json:"steps,omitempty"`

	raw jsonx.Raw
}

// bindRaw records where the service is in the answer.
func (s *Service) bindRaw(raw jsonx.Raw) { s.raw = raw }

// RawJSON returns the service as Workpath sent it, with the fields only its prose names;
// nil for a service nested in another object or not decoded by this package.
func (s *Service) RawJSON() json.RawMessage { return s.raw.JSON() }

// Step is one step of a service.
type Step struct {
	ID          int64    `json:"id" phi:"id"`
	Rank        int      `json:"rank,omitempty"`
	Title       string   `json:"title,omitempty"`
	Description string   `json:"description,omitempty"`
	Address     *Address `json:"address,omitempty"`
	// Type is e.g. "action"; Stage e.g. "pre".
	Type  string `json:"type,omitempty"`
	Stage string `json:"stage,omitempty"`
}

// ServicesService is Client.Services. Workpath states no authentication for these routes;
// they are sent with the Bearer token like the rest of the intake API.
type ServicesService struct{ c *Client }

// List returns the services you can order. Workpath documents no answer shape: a bare array
// and an array wrapped under "data", "items", "results" or "services" both decode.
//
// GET /services
func (s *ServicesService) List(ctx context.Context, opts ...RequestOption) ([]Service, error) {
	var out list[Service]
	out.key = "services"
	if err := s.c.send(ctx, transport.Request{Op: "services.list", Method: http.MethodGet, Route: "/services"}, authBearer, opts, &out); err != nil {
		return nil, err
	}
	return out.items, nil
}

// Get returns one service.
//
// GET /services/{id}
func (s *ServicesService) Get(ctx context.Context, id int64, opts ...RequestOption) (*Service, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out Service
	if err := s.c.sendOne(ctx, transport.Request{Op: "services.get", Method: http.MethodGet, Route: "/services/{id}", Params: []string{itoa(id)}}, authBearer, opts, jsonx.Into(&out, (*Service).bindRaw)); err != nil {
		return nil, err
	}
	return &out, nil
}
