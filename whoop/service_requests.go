package whoop

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// ServiceRequest is one lab test of a requisition (a FHIR ServiceRequest).
type ServiceRequest struct {
	// ID is the service request's UUID.
	ID string `json:"id" phi:"id"`
	// Status is the FHIR status: active, completed or revoked.
	Status ServiceRequestStatus `json:"status" phi:"token"`
	// Intent is the FHIR intent, "order" in every example.
	Intent string `json:"intent"`
	// Code is the lab test, e.g. "LIPID_PANEL" or "CBC".
	Code string `json:"code"`
	// TaskBusinessStatus is the partner-set workflow state; empty (JSON null) until the
	// partner confirms the order.
	TaskBusinessStatus TaskBusinessStatus `json:"task_business_status" phi:"token"`
	// TaskDescription describes the task, e.g. "Fasting lipid panel".
	TaskDescription string `json:"task_description,omitempty"`

	raw jsonx.Raw
}

// bindRaw records where the service request is in the answer.
func (r *ServiceRequest) bindRaw(raw jsonx.Raw) { r.raw = raw }

// RawJSON returns the service request exactly as WHOOP sent it. It is set on service
// requests this package decoded from WHOOP and shares its bytes with the answer: do not
// modify it.
func (r *ServiceRequest) RawJSON() json.RawMessage { return r.raw.JSON() }

// ServiceRequestsService is Client.ServiceRequests.
type ServiceRequestsService struct{ c *Client }

// Get returns one service request.
//
// GET /v2/partner/service-request/{id}
func (s *ServiceRequestsService) Get(ctx context.Context, id string, opts ...RequestOption) (*ServiceRequest, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out ServiceRequest
	err := s.c.send(ctx, transport.Request{
		Op: "service_requests.get", Method: http.MethodGet,
		Route: "/v2/partner/service-request/{id}", Params: []string{id},
		HasID: func() bool { return out.ID != "" },
	}, opts, jsonx.Into(&out, (*ServiceRequest).bindRaw))
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ServiceRequestUpdateStatusParams moves a service request through the workflow.
type ServiceRequestUpdateStatusParams struct {
	// TaskBusinessStatus is the status to set. Required and one of the documented values.
	TaskBusinessStatus TaskBusinessStatus `json:"task_business_status" phi:"token"`
	// Reason is an optional note on the change.
	Reason *string `json:"reason,omitempty"`
	// CheckTransition makes UpdateStatus first fetch the service request and refuse, with a
	// *TransitionError and without sending the update, a change the documented workflow
	// does not allow (see TaskBusinessStatus.CanTransitionTo). The fetch is a call of its
	// own: it does not take the update's RequestOptions.
	CheckTransition bool `json:"-"`
}

// UpdateStatus sets the task business status of a service request and returns the updated
// service request (WHOOP answers 200 with it).
//
// PATCH /v2/partner/service-request/{id}/status
func (s *ServiceRequestsService) UpdateStatus(ctx context.Context, id string, p *ServiceRequestUpdateStatusParams, opts ...RequestOption) (*ServiceRequest, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	}
	if err := checkStatus("TaskBusinessStatus", p.TaskBusinessStatus); err != nil {
		return nil, err
	}
	if p.CheckTransition {
		cur, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if !cur.TaskBusinessStatus.CanTransitionTo(p.TaskBusinessStatus) {
			return nil, &TransitionError{ServiceRequestID: id, From: cur.TaskBusinessStatus, To: p.TaskBusinessStatus}
		}
	}
	var out ServiceRequest
	err := s.c.send(ctx, transport.Request{
		Op: "service_requests.update_status", Method: http.MethodPatch,
		Route: "/v2/partner/service-request/{id}/status", Params: []string{id},
		JSON:  statusUpdateWire{TaskBusinessStatus: p.TaskBusinessStatus, Reason: p.Reason},
		HasID: func() bool { return out.ID != "" },
	}, opts, jsonx.Into(&out, (*ServiceRequest).bindRaw))
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// SubmitResults creates a diagnostic report with the results of a service request. WHOOP
// answers 201 with no body, so there is no report id. WHOOP offers no idempotency key, so
// a submission that may have reached WHOOP is never retried: on ErrOutcomeUnknown, check
// with WHOOP before submitting again, or a second report may be created.
//
// POST /v2/partner/service-request/{id}/results
func (s *ServiceRequestsService) SubmitResults(ctx context.Context, id string, p *ServiceRequestSubmitResultsParams, opts ...RequestOption) error {
	if err := checkID("id", id); err != nil {
		return err
	}
	if err := p.validate(); err != nil {
		return err
	}
	return s.c.send(ctx, transport.Request{
		Op: "service_requests.submit_results", Method: http.MethodPost,
		Route: "/v2/partner/service-request/{id}/results", Params: []string{id},
		JSON: p,
	}, opts, nil)
}
