package ovation

import (
	"context"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/pager"
	"github.com/labwire/labwire/internal/transport"
)

// RequisitionsService is Client.Requisitions: the requisition routes scoped to a project
// template (/project_templates/{projectTemplateId}/...). The project template id is the 789
// in https://lab.ovation.io/orgs/123/projects/456/requisition-settings/789/template-information.
type RequisitionsService struct{ c *Client }

// RequisitionListParams filters and pages a requisition list. Every field is optional; the
// zero value lists the first page of 5000.
type RequisitionListParams struct {
	// StartDate and EndDate bound the requisitions listed (see DateFilter: a date-only
	// EndDate excludes that day; use ThroughDate to include it).
	StartDate DateFilter
	EndDate   DateFilter
	// AccessionStatus, ReportingStatus, ProcessingStatus, BillingStatus and OverallStatus
	// keep requisitions whose status is one of the given values; each is sent as one
	// comma-delimited parameter.
	AccessionStatus  []AccessionStatus
	ReportingStatus  []ReportingStatus
	ProcessingStatus []ProcessingStatus
	BillingStatus    []BillingStatus
	OverallStatus    []RequisitionStatus
	// Page is the page to get, from 1 (Ovation's default when 0).
	Page int
	// PerPage is the page size, at most 5000 (Ovation's default when 0). A larger value is
	// refused before sending.
	PerPage int
}

func (p *RequisitionListParams) query() (url.Values, error) {
	if p == nil {
		return nil, nil
	}
	if err := checkPaging(p.Page, p.PerPage, maxPerPage); err != nil {
		return nil, err
	}
	for _, err := range []error{
		checkList("AccessionStatus", p.AccessionStatus), checkList("ReportingStatus", p.ReportingStatus),
		checkList("ProcessingStatus", p.ProcessingStatus), checkList("BillingStatus", p.BillingStatus),
		checkList("OverallStatus", p.OverallStatus),
	} {
		if err != nil {
			return nil, err
		}
	}
	q := query{}
	q.date("startDate", p.StartDate)
	q.date("endDate", p.EndDate)
	list(q, "accessionStatus", p.AccessionStatus)
	list(q, "reportingStatus", p.ReportingStatus)
	list(q, "processingStatus", p.ProcessingStatus)
	list(q, "billingStatus", p.BillingStatus)
	list(q, "overallStatus", p.OverallStatus)
	q.int("page", p.Page)
	q.int("perPage", p.PerPage)
	return url.Values(q), nil
}

// RequisitionPage is one page of a requisition list.
type RequisitionPage struct {
	// Requisitions hold the list's limited details: id, identifier, template id, the five
	// statuses, created and updated times, and workflows with their samples.
	Requisitions []Requisition `phi:"count:requisitions"`
	// Meta is the paging metadata; nil if Ovation sent none.
	Meta *Meta
}

// List returns one page of the template's requisitions, with limited details (use Get for
// a whole requisition). The answer is decoded as a stream.
//
// GET /project_templates/{projectTemplateId}/requisitions
func (s *RequisitionsService) List(ctx context.Context, projectTemplateID ID, p *RequisitionListParams, opts ...RequestOption) (*RequisitionPage, error) {
	page := &RequisitionPage{}
	_, err := s.listPage(ctx, projectTemplateID, p, opts, func(r *Requisition) bool {
		page.Requisitions = append(page.Requisitions, *r)
		return true
	}, &page.Meta)
	if err != nil {
		return nil, err
	}
	return page, nil
}

// All iterates the template's requisitions over every page from p.Page, fetching each page
// when the previous one is used up and decoding it as a stream, so that only one
// requisition is held at a time (not a page of 5000). Breaking out of the loop stops all
// I/O; an error is yielded once, last. A page that makes no progress (only requisitions
// already seen, the same ones as an earlier page, or a short or empty page whose meta
// promises more) ends it with an error matching ErrInvalidResponse. p is not modified.
//
// GET /project_templates/{projectTemplateId}/requisitions
func (s *RequisitionsService) All(ctx context.Context, projectTemplateID ID, p *RequisitionListParams, opts ...RequestOption) iter.Seq2[*Requisition, error] {
	var first RequisitionListParams
	if p != nil {
		first = *p
	}
	return pager.AllStream(ctx, first, scopedList, func(ctx context.Context, p RequisitionListParams, yield func(*Requisition) bool) (pager.Next[RequisitionListParams], error) {
		return s.listPage(ctx, projectTemplateID, &p, opts, yield, nil)
	})
}

// scopedList and unscopedList are the routes the requisition iterators walk.
var (
	scopedList   = requisitionList("/project_templates/{projectTemplateId}/requisitions")
	unscopedList = requisitionList("/requisitions")
)

func requisitionList(route string) pager.List[Requisition] {
	return pager.List[Requisition]{Vendor: vendor, Method: http.MethodGet, Route: route, ID: func(r *Requisition) string { return string(r.ID) }}
}

// listPage fetches one page, streaming its requisitions to yield; it returns where paging
// goes next (no page when done or stopped).
func (s *RequisitionsService) listPage(ctx context.Context, templateID ID, p *RequisitionListParams, opts []RequestOption, yield func(*Requisition) bool, metaOut **Meta) (pager.Next[RequisitionListParams], error) {
	if err := checkID("projectTemplateID", templateID); err != nil {
		return pager.Next[RequisitionListParams]{}, err
	}
	q, err := p.query()
	if err != nil {
		return pager.Next[RequisitionListParams]{}, err
	}
	meta, n, stopped, err := s.c.streamList(ctx, transport.Request{
		Op: "requisitions.list", Method: http.MethodGet,
		Route: "/project_templates/{projectTemplateId}/requisitions", Params: []string{string(templateID)}, Query: q,
	}, opts, yield, metaOut)
	if err != nil || stopped {
		return pager.Next[RequisitionListParams]{}, err
	}
	return nextPage(p, meta, n)
}

// nextPage returns where paging goes after the page p asked for, which held n requisitions.
func nextPage(p *RequisitionListParams, meta *Meta, n int) (pager.Next[RequisitionListParams], error) {
	var cur RequisitionListParams
	if p != nil {
		cur = *p
	}
	next, size, err := meta.nextPage(cur.Page, cur.PerPage, maxPerPage, n)
	if err != nil {
		return pager.Next[RequisitionListParams]{}, err
	}
	return pageNext(cur, func(p *RequisitionListParams, n int) { p.Page = n }, next, size), nil
}

// requisitionPage is how a requisition list page is read: its requisitions under
// "requisitions", one at a time, and its meta.
func requisitionPage(meta **Meta) pager.PageSpec {
	return pager.PageSpec{Items: "requisitions", Members: []pager.Member{{Name: "meta", Into: meta}}}
}

// streamList fetches one requisition list page, streaming its requisitions to yield
// (pager.DecodePage over the transport's capped stream: a page of 5000 requisitions is
// never held whole). Once the page has started to arrive the call is not retried, so no
// requisition is yielded twice.
func (c *Client) streamList(ctx context.Context, r transport.Request, opts []RequestOption, yield func(*Requisition) bool, metaOut **Meta) (meta *Meta, n int, stopped bool, err error) {
	r.Decode = func(body io.Reader) error {
		var err error
		n, stopped, err = pager.DecodePage(body, requisitionPage(&meta), requisitionsOfWire(), yield)
		return fieldUnder("", err)
	}
	_, err = c.tc.Do(ctx, r.Apply(opts), nil)
	if metaOut != nil {
		*metaOut = meta
	}
	return meta, n, stopped, classify(err)
}

// Get returns a whole requisition by its identifier.
//
// GET /project_templates/{projectTemplateId}/requisitions/{requisitionIdentifier}
func (s *RequisitionsService) Get(ctx context.Context, projectTemplateID ID, identifier string, opts ...RequestOption) (*Requisition, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	if err := checkPathValue("identifier", identifier); err != nil {
		return nil, err
	}
	return s.c.requisition(ctx, transport.Request{
		Op: "requisitions.get", Method: http.MethodGet,
		Route:  "/project_templates/{projectTemplateId}/requisitions/{requisitionIdentifier}",
		Params: []string{string(projectTemplateID), identifier},
	}, opts)
}

// RequisitionCreateParams is the create payload: the requisition, and markAsSigned beside
// it (not inside it).
type RequisitionCreateParams struct {
	// Requisition is the requisition to create. Required, with at least one requested test
	// panel. Each sample needs an Identifier (unique in the requisition) and a Label. Fields
	// the requisition schema marks required are needed to complete a requisition, not to
	// create one: Create never refuses a requisition for lacking them.
	Requisition *Requisition `json:"requisition"`
	// MarkAsSigned asks Ovation to set the accession status to signed if every required
	// field is present.
	MarkAsSigned *bool `json:"markAsSigned,omitempty"`
}

// Create creates a requisition in the template and returns it as Ovation answers (201),
// with its id and, if the template autogenerates them, its identifier. A 404 means the
// project template was not found; a 422 is ErrValidation, and ErrorDetailsOf gives each
// field's messages. Create is a POST: it is not retried once it may have reached Ovation
// (ErrOutcomeUnknown), so a requisition is never created twice by the client.
//
// POST /project_templates/{projectTemplateId}/requisitions
func (s *RequisitionsService) Create(ctx context.Context, projectTemplateID ID, p *RequisitionCreateParams, opts ...RequestOption) (*Requisition, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	}
	if err := checkRequisition(p.Requisition, true); err != nil {
		return nil, err
	}
	return s.c.requisition(ctx, transport.Request{
		Op: "requisitions.create", Method: http.MethodPost,
		Route: "/project_templates/{projectTemplateId}/requisitions", Params: []string{string(projectTemplateID)},
		JSON: writeBody(p.Requisition, p.MarkAsSigned),
	}, opts)
}

// RequisitionUpdateParams is the update payload, the same as the create payload.
type RequisitionUpdateParams struct {
	// Requisition holds the new values. Required. Its Identifier is ignored (the path
	// names the requisition); a sample added needs an Identifier and a Label.
	Requisition *Requisition `json:"requisition"`
	// MarkAsSigned asks Ovation to set the accession status to signed if every required
	// field is present.
	MarkAsSigned *bool `json:"markAsSigned,omitempty"`
}

// Update replaces a requisition's values and returns the updated requisition. A 406 is
// ErrNotAcceptable (an update may not change a sample's received date; changing a
// requisition identifier, sample identifier or container id needs a permission; the
// organization has no time zone): ErrorDetailsOf gives the message. A 422 is
// ErrValidation. A PUT sends the same whole state each time, so it is retried like a read.
//
// Ovation's docs print this path as /projectTemplates/{projectTemplateID}/...; every other
// route, and Ovation's own API reference, spell it project_templates, which is sent.
//
// PUT /project_templates/{projectTemplateId}/requisitions/{requisitionIdentifier}
func (s *RequisitionsService) Update(ctx context.Context, projectTemplateID ID, identifier string, p *RequisitionUpdateParams, opts ...RequestOption) (*Requisition, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	if err := checkPathValue("identifier", identifier); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	}
	if err := checkRequisition(p.Requisition, false); err != nil {
		return nil, err
	}
	return s.c.requisition(ctx, transport.Request{
		Op: "requisitions.update", Method: http.MethodPut,
		Route:  "/project_templates/{projectTemplateId}/requisitions/{requisitionIdentifier}",
		Params: []string{string(projectTemplateID), identifier}, JSON: writeBody(p.Requisition, p.MarkAsSigned),
	}, opts)
}

// Message is the answer of routes that only confirm: {"message": "Requisition successfully
// archived"}.
type Message struct {
	// Message is Ovation's confirmation text.
	Message string `json:"message"`
}

// Delete archives a requisition (Ovation's DELETE does not erase it).
//
// DELETE /project_templates/{projectTemplateId}/requisitions/{requisitionIdentifier}
func (s *RequisitionsService) Delete(ctx context.Context, projectTemplateID ID, identifier string, opts ...RequestOption) (*Message, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	if err := checkPathValue("identifier", identifier); err != nil {
		return nil, err
	}
	var out Message
	err := s.c.send(ctx, transport.Request{
		Op: "requisitions.delete", Method: http.MethodDelete,
		Route:  "/project_templates/{projectTemplateId}/requisitions/{requisitionIdentifier}",
		Params: []string{string(projectTemplateID), identifier},
	}, opts, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// requisitionKeys is the wrapper of a requisition answer: {"requisition": {...}}; a bare
// requisition is accepted too.
var requisitionKeys = []string{"requisition"}

// requisition sends r and decodes the requisition it answers, in one pass (oneAnswer).
// Every answer of these routes carries the requisition's id: {} (or an object of other
// members) is no requisition (sendOne).
func (c *Client) requisition(ctx context.Context, r transport.Request, opts []RequestOption) (*Requisition, error) {
	a := &oneAnswer[requisitionWire]{keys: requisitionKeys}
	if err := sendOne(ctx, c, r, opts, a, func(w *requisitionWire) ID { return w.ID }); err != nil {
		return nil, err
	}
	return requisitionOf(a), nil
}

// requisitionsOfWire returns the conversion of a page's requisitions: each decoded into w,
// whose JSON is raw, their workflows and samples taken from slabs.
func requisitionsOfWire() func(w *requisitionWire, raw jsonx.Raw) Requisition {
	s := new(slabs)
	return func(w *requisitionWire, raw jsonx.Raw) Requisition {
		var r Requisition
		w.into(&r, raw, s)
		return r
	}
}

// requisitionOf returns the requisition a decoded.
func requisitionOf(a *oneAnswer[requisitionWire]) *Requisition {
	req := new(Requisition)
	a.v.into(req, a.raw, nil)
	return req
}

// checkRequisition applies the rules Ovation's docs state as musts, before sending: at
// least one panel on create, a panel code per panel, an identifier and a label per sample,
// unique sample identifiers, the patient's gender and race from the documented sets, and
// entitlements when the patient opted out.
func checkRequisition(r *Requisition, create bool) error {
	bad := func(field, reason string) error {
		return &ValidationError{Vendor: vendor, Field: "Requisition" + field, Reason: reason}
	}
	if r == nil {
		return bad("", "must not be nil")
	}
	if create && len(r.RequestedTests) == 0 {
		return bad(".RequestedTests", "must hold at least one test panel")
	}
	for i, t := range r.RequestedTests {
		if t.PanelCode == "" {
			return bad(".RequestedTests["+strconv.Itoa(i)+"].PanelCode", "must not be empty")
		}
	}
	seen := make(map[string]bool, len(r.Samples))
	for i, sm := range r.Samples {
		at := ".Samples[" + strconv.Itoa(i) + "]"
		switch {
		case sm.Identifier == "":
			return bad(at+".Identifier", "must not be empty")
		case seen[sm.Identifier]:
			return bad(at+".Identifier", "is not unique in the requisition")
		case sm.Label == "":
			return bad(at+".Label", "must not be empty (the sample type is required on create and update)")
		}
		seen[sm.Identifier] = true
	}
	if p := r.Patient; p != nil {
		switch {
		case p.Gender != "" && !p.Gender.IsKnown():
			return bad(".Patient.Gender", "must be one of GenderValues (M, F or U)")
		case p.Race != "" && !p.Race.IsKnown():
			return bad(".Patient.Race", "must be one of RaceValues (white, black, asian, islander, native or undisclosed)")
		}
	}
	if n := r.HasSecondaryUseNotification; n != nil && *n == SecondaryUseOptedOut && r.SecondaryUseEntitlements == nil {
		return bad(".SecondaryUseEntitlements", "is required when HasSecondaryUseNotification is SecondaryUseOptedOut")
	}
	for i, e := range r.SecondaryUseEntitlements {
		if e == "" || containsPipe(string(e)) {
			return bad(".SecondaryUseEntitlements["+strconv.Itoa(i)+"]", "must be non-empty and hold no |")
		}
	}
	return nil
}

func containsPipe(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '|' {
			return true
		}
	}
	return false
}
