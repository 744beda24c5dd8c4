package whoop

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// LabRequisition is a lab order from WHOOP: one or more service requests (one lab test
// each) for one patient, with its appointments.
type LabRequisition struct {
	// ID is the requisition's UUID.
	ID string `json:"id" phi:"id"`
	// CreatedAt and UpdatedAt are when WHOOP created and last changed the requisition.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Patient is the member; its shape is partner-specific (see Patient).
	Patient Patient `json:"patient" phi:"id:patient_id=ID"`
	// ServiceRequests are the lab tests of the requisition.
	ServiceRequests []ServiceRequest `json:"service_requests" phi:"count"`
	// Appointments are the scheduled collections. WHOOP's docs table omits the field; the
	// OpenAPI requires it.
	Appointments []Appointment `json:"appointments" phi:"count"`

	raw jsonx.Raw
}

// bindRaw records where the requisition and its nested values are in the answer.
func (r *LabRequisition) bindRaw(raw jsonx.Raw) {
	r.raw = raw
	r.Patient.raw = r.raw.Field("patient")
	for i := range r.ServiceRequests {
		r.ServiceRequests[i].raw = r.raw.Elem("service_requests", i)
	}
	for i := range r.Appointments {
		r.Appointments[i].raw = r.raw.Elem("appointments", i)
	}
}

// RawJSON returns the requisition exactly as WHOOP sent it, including fields this package
// does not model. It holds PHI. It is set on requisitions this package decoded from WHOOP
// (nil on one you decoded yourself) and shares its bytes with the answer: do not modify it.
func (r *LabRequisition) RawJSON() json.RawMessage { return r.raw.JSON() }

// Appointment is a scheduled sample collection covering some service requests. It prints,
// logs and marshals redacted, like LabRequisition.
type Appointment struct {
	// ServiceRequestIDs are the service requests collected at this appointment.
	ServiceRequestIDs []string `json:"service_request_ids" phi:"count:service_requests"`
	// StartTime is when the appointment starts.
	StartTime time.Time `json:"start_time"`
	// SlotID and CollectionAddress are set for partners whose variant carries them
	// (UnilabsAppointment).
	SlotID            string             `json:"slot_id,omitempty" phi:"id"`
	CollectionAddress *CollectionAddress `json:"collection_address,omitempty"`

	raw jsonx.Raw
}

// RawJSON returns the appointment exactly as WHOOP sent it. It holds PHI.
func (a Appointment) RawJSON() json.RawMessage { return a.raw.JSON() }

// RequisitionsService is Client.Requisitions.
type RequisitionsService struct{ c *Client }

// Get returns a requisition with its patient, service requests and appointments.
// A requisition your partner account does not own is ErrNotFound, like an unknown id.
//
// GET /v2/partner/requisition/{id}
func (s *RequisitionsService) Get(ctx context.Context, id string, opts ...RequestOption) (*LabRequisition, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out LabRequisition
	err := s.c.send(ctx, transport.Request{
		Op: "requisitions.get", Method: http.MethodGet,
		Route: "/v2/partner/requisition/{id}", Params: []string{id},
		HasID: func() bool { return out.ID != "" },
	}, opts, jsonx.Into(&out, (*LabRequisition).bindRaw))
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RequisitionUpdateStatusParams sets the status of every service request of a requisition.
type RequisitionUpdateStatusParams struct {
	// TaskBusinessStatus is the status to set. Required and one of the documented values.
	TaskBusinessStatus TaskBusinessStatus `json:"task_business_status" phi:"token"`
	// Reason is an optional note on the change.
	Reason *string `json:"reason,omitempty"`
	// CheckTransition makes UpdateStatus first fetch the requisition and refuse, with a
	// *TransitionError and without sending the update, if any service request cannot move
	// to TaskBusinessStatus under the documented workflow. The fetch is a call of its own:
	// it does not take the update's RequestOptions.
	CheckTransition bool `json:"-"`
}

// statusUpdateWire is the body of both status PATCH routes, as sent.
type statusUpdateWire struct {
	TaskBusinessStatus TaskBusinessStatus `json:"task_business_status"`
	Reason             *string            `json:"reason,omitempty"`
}

// UpdateStatus sets the task business status of all service requests of a requisition.
// WHOOP answers 204 with no body. Like every write, it is not retried once it may have
// reached WHOOP (see ErrOutcomeUnknown).
//
// PATCH /v2/partner/requisition/{id}/status
func (s *RequisitionsService) UpdateStatus(ctx context.Context, id string, p *RequisitionUpdateStatusParams, opts ...RequestOption) error {
	if err := checkID("id", id); err != nil {
		return err
	}
	if p == nil {
		return &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	}
	if err := checkStatus("TaskBusinessStatus", p.TaskBusinessStatus); err != nil {
		return err
	}
	if p.CheckTransition {
		req, err := s.Get(ctx, id)
		if err != nil {
			return err
		}
		for _, sr := range req.ServiceRequests {
			if !sr.TaskBusinessStatus.CanTransitionTo(p.TaskBusinessStatus) {
				return &TransitionError{ServiceRequestID: sr.ID, From: sr.TaskBusinessStatus, To: p.TaskBusinessStatus}
			}
		}
	}
	return s.c.send(ctx, transport.Request{
		Op: "requisitions.update_status", Method: http.MethodPatch,
		Route: "/v2/partner/requisition/{id}/status", Params: []string{id},
		JSON: statusUpdateWire{TaskBusinessStatus: p.TaskBusinessStatus, Reason: p.Reason},
	}, opts, nil)
}

// checkStatus refuses an empty or undocumented status before sending.
func checkStatus(field string, st TaskBusinessStatus) error {
	switch {
	case st == "":
		return &ValidationError{Vendor: vendor, Field: field, Reason: "must not be empty"}
	case !st.IsKnown():
		return &ValidationError{Vendor: vendor, Field: field, Reason: "is not one of the documented statuses"}
	}
	return nil
}
