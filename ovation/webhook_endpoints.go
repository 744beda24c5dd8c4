package ovation

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/pager"
	"github.com/labwire/labwire/internal/transport"
)

// WebhookEndpoint is where Ovation sends one event type of a project template. Ovation
// answers it in snake_case (target_url); camelCase decodes too. The password is never
// answered. Managing endpoints needs the Webhook Admin or Webhook User permission.
type WebhookEndpoint struct {
	// ID is the endpoint's id.
	ID ID `json:"id" phi:"id"`
	// TargetURL is where Ovation POSTs the events ("target_url"; "targetUrl" decodes too).
	TargetURL string `json:"target_url,omitempty"`
	// Event is the one event type the endpoint receives.
	Event EventType `json:"event,omitempty" phi:"token:event"`
	// Username is the HTTP Basic username Ovation sends (the password is never answered).
	Username string `json:"username,omitempty"`
	// ProjectRequisitionTemplateAssociationID links the endpoint to its template.
	ProjectRequisitionTemplateAssociationID ID `json:"project_requisition_template_association_id,omitempty"`
	// RequestHeaders are the custom headers Ovation adds to each delivery. They may hold
	// secrets.
	RequestHeaders map[string]string `json:"requestHeaders,omitempty"`
}

// webhookEndpointWire is a WebhookEndpoint with both key spellings and no method.
type webhookEndpointWire struct {
	webhookEndpointPlain
	TargetURLCamel string            `json:"targetUrl"`
	HeadersSnake   map[string]string `json:"request_headers"`
}

type webhookEndpointPlain WebhookEndpoint

func (v *webhookEndpointWire) endpoint() WebhookEndpoint {
	e := WebhookEndpoint(v.webhookEndpointPlain)
	either(&e.TargetURL, v.TargetURLCamel)
	if e.RequestHeaders == nil {
		e.RequestHeaders = v.HeadersSnake
	}
	return e
}

// UnmarshalJSON decodes both key spellings.
func (e *WebhookEndpoint) UnmarshalJSON(b []byte) error {
	var v webhookEndpointWire
	if err := jsonx.UnmarshalStd(b, &v); err != nil {
		return err
	}
	*e = v.endpoint()
	return nil
}

// WebhookEndpointParams creates or updates an endpoint; it is sent as {"webhookEndpoint":
// {targetUrl, username, password, event}}. The 2022 docs require all four to create; on
// update every field is optional.
type WebhookEndpointParams struct {
	// TargetURL is your receiver; https (http only for a loopback host).
	TargetURL string `json:"targetUrl,omitempty"`
	// Username and Password are the HTTP Basic credentials Ovation will send; give the same
	// pair to NewWebhookVerifier.
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	// Event is the event type to receive.
	Event EventType `json:"event,omitempty" phi:"token:event"`
}

func (p *WebhookEndpointParams) check(create bool) error {
	if p == nil {
		return &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	}
	if p.TargetURL != "" {
		u, err := url.Parse(p.TargetURL)
		if err != nil || u.Scheme != "https" && !(u.Scheme == "http" && transport.IsLoopback(u.Hostname())) || u.Host == "" {
			return &ValidationError{Vendor: vendor, Field: "TargetURL", Reason: "must be an absolute https URL"}
		}
	}
	if !create {
		return nil
	}
	for _, f := range []struct{ name, v string }{{"TargetURL", p.TargetURL}, {"Username", p.Username}, {"Password", p.Password}, {"Event", string(p.Event)}} {
		if f.v == "" {
			return &ValidationError{Vendor: vendor, Field: f.name, Reason: "is required to create an endpoint"}
		}
	}
	return nil
}

// WebhookEndpointsService is Client.WebhookEndpoints. Ovation documents no route to delete
// an endpoint.
type WebhookEndpointsService struct{ c *Client }

// List returns the template's endpoints (Ovation answers them under the singular key
// "webhook_endpoint").
//
// GET /project_templates/{projectTemplateId}/webhook_endpoints
func (s *WebhookEndpointsService) List(ctx context.Context, projectTemplateID ID, opts ...RequestOption) ([]WebhookEndpoint, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	out := listAnswer[webhookEndpointWire]{keys: []string{"webhook_endpoint", "webhook_endpoints", "webhookEndpoints"}}
	err := s.c.get(ctx, "webhook_endpoints.list", "/project_templates/{projectTemplateId}/webhook_endpoints",
		[]string{string(projectTemplateID)}, nil, opts, &out)
	return itemsOf(&out, func(w *webhookEndpointWire, _ jsonx.Raw) WebhookEndpoint { return w.endpoint() }), err
}

func (s *WebhookEndpointsService) one(ctx context.Context, r transport.Request, opts []RequestOption) (*WebhookEndpoint, error) {
	a := &oneAnswer[webhookEndpointWire]{keys: webhookEndpointKeys}
	if err := sendOne(ctx, s.c, r, opts, a, func(w *webhookEndpointWire) ID { return w.ID }); err != nil {
		return nil, err
	}
	out := a.v.endpoint()
	return &out, nil
}

// webhookEndpointKeys are the wrappers of an endpoint answer (or it is bare).
var webhookEndpointKeys = []string{"webhook_endpoint", "webhookEndpoint"}

// Get returns an endpoint.
//
// GET /project_templates/{projectTemplateId}/webhook_endpoints/{id}
func (s *WebhookEndpointsService) Get(ctx context.Context, projectTemplateID, id ID, opts ...RequestOption) (*WebhookEndpoint, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return s.one(ctx, transport.Request{Op: "webhook_endpoints.get", Method: http.MethodGet,
		Route: "/project_templates/{projectTemplateId}/webhook_endpoints/{id}", Params: []string{string(projectTemplateID), string(id)}}, opts)
}

// Create adds an endpoint (201). A POST: never retried once it may have reached Ovation.
//
// POST /project_templates/{projectTemplateId}/webhook_endpoints
func (s *WebhookEndpointsService) Create(ctx context.Context, projectTemplateID ID, p *WebhookEndpointParams, opts ...RequestOption) (*WebhookEndpoint, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	if err := p.check(true); err != nil {
		return nil, err
	}
	return s.one(ctx, transport.Request{Op: "webhook_endpoints.create", Method: http.MethodPost,
		Route: "/project_templates/{projectTemplateId}/webhook_endpoints", Params: []string{string(projectTemplateID)},
		JSON: map[string]any{"webhookEndpoint": p}}, opts)
}

// Update changes an endpoint; only the fields set are sent.
//
// PUT /project_templates/{projectTemplateId}/webhook_endpoints/{id}
func (s *WebhookEndpointsService) Update(ctx context.Context, projectTemplateID, id ID, p *WebhookEndpointParams, opts ...RequestOption) (*WebhookEndpoint, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := p.check(false); err != nil {
		return nil, err
	}
	return s.one(ctx, transport.Request{Op: "webhook_endpoints.update", Method: http.MethodPut,
		Route:  "/project_templates/{projectTemplateId}/webhook_endpoints/{id}",
		Params: []string{string(projectTemplateID), string(id)}, JSON: map[string]any{"webhookEndpoint": p}}, opts)
}

// WebhookEndpointEvent is one delivery of an event to an endpoint.
type WebhookEndpointEvent struct {
	// ID is the delivery's id, for WebhookEventsService.Retry.
	ID ID `json:"id" phi:"id"`
	// Status is sent, send-failed or pending.
	Status EventStatus `json:"status" phi:"token:status"`
	// EventType is the event delivered.
	EventType EventType `json:"eventType" phi:"token:event_type"`
	// LastSentAt is the last attempt (zero if none yet).
	LastSentAt time.Time `json:"lastSentAt,omitzero"`
	// ResponseMsg is what your receiver answered, as Ovation recorded it.
	ResponseMsg string `json:"responseMsg,omitempty"`
	// RequisitionIdentifier is the event's requisition.
	RequisitionIdentifier string `json:"requisitionIdentifier,omitempty" phi:"id:requisition"`
	// WebhookEndpointID is the endpoint it went to.
	WebhookEndpointID ID `json:"webhook_endpoint_id,omitempty" phi:"id:webhook_endpoint"`
}

// WebhookEventListParams filters and pages webhook deliveries.
type WebhookEventListParams struct {
	// OrganizationID is required (it is in the path).
	OrganizationID ID `phi:"id"`
	// ProjectTemplateIDs and WebhookEndpointIDs filter by template and by endpoint
	// (comma-separated on the wire).
	ProjectTemplateIDs, WebhookEndpointIDs []ID `phi:"none"`
	// EventStatus filters by delivery status.
	EventStatus EventStatus
	// StartDate and EndDate are in UTC.
	StartDate, EndDate DateFilter
	// Page (from 1) and PerPage (at most and by default 1000).
	Page, PerPage int
}

// maxEventsPerPage is the largest (and default) page of webhook endpoint events.
const maxEventsPerPage = 1000

// WebhookEventPage is one page of deliveries, with the endpoints they went to.
type WebhookEventPage struct {
	// WebhookEndpoints are the endpoints of the page's deliveries.
	WebhookEndpoints []WebhookEndpoint `json:"webhook_endpoints" phi:"count:webhook_endpoints"`
	// WebhookEndpointEvents are the deliveries.
	WebhookEndpointEvents []WebhookEndpointEvent `json:"webhook_endpoint_events" phi:"count:webhook_endpoint_events"`
	// Meta is the paging metadata.
	Meta *Meta `json:"meta"`
}

// WebhookEventsService is Client.WebhookEvents.
type WebhookEventsService struct{ c *Client }

// List returns one page of deliveries. A 422 "param not found" names an unknown filter.
//
// GET /organizations/{organizationId}/webhook_endpoint_events
func (s *WebhookEventsService) List(ctx context.Context, p *WebhookEventListParams, opts ...RequestOption) (*WebhookEventPage, error) {
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil (OrganizationID is required)"}
	}
	if err := checkID("OrganizationID", p.OrganizationID); err != nil {
		return nil, err
	}
	if err := checkPaging(p.Page, p.PerPage, maxEventsPerPage); err != nil {
		return nil, err
	}
	if err := checkList("ProjectTemplateIDs", p.ProjectTemplateIDs); err != nil {
		return nil, err
	}
	if err := checkList("WebhookEndpointIDs", p.WebhookEndpointIDs); err != nil {
		return nil, err
	}
	q := query{}
	list(q, "projectTemplateIds", p.ProjectTemplateIDs)
	list(q, "webhookEndpointIds", p.WebhookEndpointIDs)
	q.str("eventStatus", string(p.EventStatus))
	q.date("startDate", p.StartDate)
	q.date("endDate", p.EndDate)
	q.int("page", p.Page)
	q.int("perPage", p.PerPage)
	var out WebhookEventPage
	err := s.c.get(ctx, "webhook_events.list", "/organizations/{organizationId}/webhook_endpoint_events",
		[]string{string(p.OrganizationID)}, url.Values(q), opts, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// All iterates deliveries over every page from p.Page. p is not modified.
//
// GET /organizations/{organizationId}/webhook_endpoint_events
func (s *WebhookEventsService) All(ctx context.Context, p *WebhookEventListParams, opts ...RequestOption) iter.Seq2[*WebhookEndpointEvent, error] {
	var first WebhookEventListParams
	if p != nil {
		first = *p
	}
	return pager.All(ctx, first, webhookEventList, func(ctx context.Context, p WebhookEventListParams) ([]*WebhookEndpointEvent, pager.Next[WebhookEventListParams], error) {
		page, err := s.List(ctx, &p, opts...)
		if err != nil {
			return nil, pager.Next[WebhookEventListParams]{}, err
		}
		next, size, err := page.Meta.nextPage(p.Page, p.PerPage, maxEventsPerPage, len(page.WebhookEndpointEvents))
		if err != nil {
			return nil, pager.Next[WebhookEventListParams]{}, err
		}
		return ptrsOf(page.WebhookEndpointEvents), pageNext(p, func(p *WebhookEventListParams, n int) { p.Page = n }, next, size), nil
	})
}

// webhookEventList is the route All walks.
var webhookEventList = pager.List[*WebhookEndpointEvent]{Vendor: vendor, Method: http.MethodGet,
	Route: "/organizations/{organizationId}/webhook_endpoint_events", ID: func(e **WebhookEndpointEvent) string { return string((*e).ID) }}

// Retry requeues deliveries (422 "Error while trying to requeue"). A POST: never retried
// once it may have reached Ovation, so an event is not requeued twice by the client.
//
// POST /organizations/{organizationId}/webhook_endpoint_events/retry_events
func (s *WebhookEventsService) Retry(ctx context.Context, organizationID ID, eventIDs []ID, opts ...RequestOption) (*Message, error) {
	if err := checkID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if len(eventIDs) == 0 {
		return nil, &ValidationError{Vendor: vendor, Field: "eventIDs", Reason: "must hold at least one id"}
	}
	for i, id := range eventIDs {
		if err := checkID("eventIDs["+strconv.Itoa(i)+"]", id); err != nil {
			return nil, err
		}
	}
	var out Message
	err := s.c.sendLenient(ctx, transport.Request{Op: "webhook_events.retry", Method: http.MethodPost,
		Route: "/organizations/{organizationId}/webhook_endpoint_events/retry_events", Params: []string{string(organizationID)},
		JSON: map[string]any{"webhookEndpointEventIds": eventIDs}}, opts, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
