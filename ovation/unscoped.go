package ovation

import (
	"context"
	"iter"
	"net/http"
	"net/url"

	"github.com/labwire/labwire/internal/pager"
	"github.com/labwire/labwire/internal/transport"
)

// UnscopedRequisitionsService is Client.UnscopedRequisitions: the requisition routes scoped
// to an organization instead of a project template. Ovation's article on them could be read
// only up to "Create": no un-scoped update or schema route is documented, so none is offered.
type UnscopedRequisitionsService struct{ c *Client }

// UnscopedListParams filters and pages an organization's requisitions.
type UnscopedListParams struct {
	// OrganizationID is the organization. Required.
	OrganizationID ID `phi:"id"`
	// ProjectTemplateID, when set, narrows the list to one template, as the scoped list.
	ProjectTemplateID ID `phi:"id"`
	// RequisitionListParams are the scoped list's filters and paging, which Ovation says
	// the un-scoped list shares "in many ways".
	RequisitionListParams
}

func (p *UnscopedListParams) query() (url.Values, error) {
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil (OrganizationID is required)"}
	}
	if err := checkID("OrganizationID", p.OrganizationID); err != nil {
		return nil, err
	}
	q, err := p.RequisitionListParams.query()
	if err != nil {
		return nil, err
	}
	q.Set("organizationId", string(p.OrganizationID))
	if p.ProjectTemplateID != "" {
		q.Set("projectTemplateID", string(p.ProjectTemplateID))
	}
	return q, nil
}

// List returns one page of the organization's requisitions, with limited details.
//
// GET /requisitions
func (s *UnscopedRequisitionsService) List(ctx context.Context, p *UnscopedListParams, opts ...RequestOption) (*RequisitionPage, error) {
	page := &RequisitionPage{}
	_, err := s.listPage(ctx, p, opts, func(r *Requisition) bool {
		page.Requisitions = append(page.Requisitions, *r)
		return true
	}, &page.Meta)
	if err != nil {
		return nil, err
	}
	return page, nil
}

// All iterates the organization's requisitions over every page, streamed as
// RequisitionsService.All is. p is not modified.
//
// GET /requisitions
func (s *UnscopedRequisitionsService) All(ctx context.Context, p *UnscopedListParams, opts ...RequestOption) iter.Seq2[*Requisition, error] {
	var first UnscopedListParams
	if p != nil {
		first = *p
	}
	return pager.AllStream(ctx, first, unscopedList, func(ctx context.Context, p UnscopedListParams, yield func(*Requisition) bool) (pager.Next[UnscopedListParams], error) {
		return s.listPage(ctx, &p, opts, yield, nil)
	})
}

func (s *UnscopedRequisitionsService) listPage(ctx context.Context, p *UnscopedListParams, opts []RequestOption, yield func(*Requisition) bool, metaOut **Meta) (pager.Next[UnscopedListParams], error) {
	q, err := p.query()
	if err != nil {
		return pager.Next[UnscopedListParams]{}, err
	}
	meta, n, stopped, err := s.c.streamList(ctx, transport.Request{
		Op: "unscoped_requisitions.list", Method: http.MethodGet, Route: "/requisitions", Query: q,
	}, opts, yield, metaOut)
	if err != nil || stopped {
		return pager.Next[UnscopedListParams]{}, err
	}
	next, err := nextPage(&p.RequisitionListParams, meta, n)
	if err != nil {
		return pager.Next[UnscopedListParams]{}, err
	}
	out := pager.Next[UnscopedListParams]{Size: next.Size}
	if next.Page != nil {
		up := *p
		up.RequisitionListParams = *next.Page
		out.Page = &up
	}
	return out, nil
}

// Get returns a whole requisition of the organization by identifier.
//
// GET /requisitions/{requisitionIdentifier}
func (s *UnscopedRequisitionsService) Get(ctx context.Context, organizationID ID, identifier string, opts ...RequestOption) (*Requisition, error) {
	if err := checkID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := checkPathValue("identifier", identifier); err != nil {
		return nil, err
	}
	return s.c.requisition(ctx, transport.Request{
		Op: "unscoped_requisitions.get", Method: http.MethodGet, Route: "/requisitions/{requisitionIdentifier}",
		Params: []string{identifier}, Query: url.Values{"organizationId": {string(organizationID)}},
	}, opts)
}

// UnscopedCreateParams creates a requisition without naming its template.
type UnscopedCreateParams struct {
	// OrganizationID is the organization. Required; sent as the organizationId parameter.
	OrganizationID ID `json:"-" phi:"id"`
	// ProjectTemplateID, when set, names the template (sent as projectTemplateID). When
	// empty, Ovation infers it from the provider account's order forms, the test panels
	// each template allows, and whether the order is a test order.
	ProjectTemplateID ID `json:"-" phi:"id"`
	// Requisition is the requisition to create, as in RequisitionCreateParams. Required.
	Requisition *Requisition `json:"requisition"`
	// MarkAsSigned asks Ovation to sign the accession if every required field is present.
	MarkAsSigned *bool `json:"markAsSigned,omitempty"`
}

// Create creates a requisition in the organization, in the template given or inferred. Like
// the scoped Create it is never retried once it may have reached Ovation.
//
// POST /requisitions
func (s *UnscopedRequisitionsService) Create(ctx context.Context, p *UnscopedCreateParams, opts ...RequestOption) (*Requisition, error) {
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	}
	if err := checkID("OrganizationID", p.OrganizationID); err != nil {
		return nil, err
	}
	if err := checkRequisition(p.Requisition, true); err != nil {
		return nil, err
	}
	q := url.Values{"organizationId": {string(p.OrganizationID)}}
	if p.ProjectTemplateID != "" {
		q.Set("projectTemplateID", string(p.ProjectTemplateID))
	}
	return s.c.requisition(ctx, transport.Request{
		Op: "unscoped_requisitions.create", Method: http.MethodPost, Route: "/requisitions", Query: q, JSON: writeBody(p.Requisition, p.MarkAsSigned),
	}, opts)
}
