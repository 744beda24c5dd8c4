package whooptest

import (
	"encoding/json"
	"time"
)

// The fake's own copy of WHOOP's wire format. It does not import the whoop
// client package, so that it stays an independent check of that format.

// LabRequisition is a WHOOP lab requisition as GET
// /v2/partner/requisition/{id} answers it; it is also the input of
// [Server.AddRequisition].
type LabRequisition struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Patient is the partner-specific patient object, kept as given: any
	// JSON object with a string "id".
	Patient         json.RawMessage  `json:"patient"`
	ServiceRequests []ServiceRequest `json:"service_requests"`
	Appointments    []Appointment    `json:"appointments"`
}

// ServiceRequest is one lab test of a requisition, as GET
// /v2/partner/service-request/{id} answers it.
type ServiceRequest struct {
	ID string `json:"id"`
	// Status is the FHIR status: active, completed or revoked.
	Status ServiceRequestStatus `json:"status"`
	// Intent is the FHIR intent; WHOOP shows "order".
	Intent string `json:"intent"`
	Code   string `json:"code"`
	// TaskBusinessStatus is the partner's workflow status; empty until
	// set, and then sent as JSON null.
	TaskBusinessStatus TaskBusinessStatus `json:"task_business_status"`
	// TaskDescription is omitted from the JSON when empty.
	TaskDescription string `json:"task_description,omitempty"`
}

// MarshalJSON encodes sr with task_business_status null while it is empty,
// as WHOOP does before a partner confirms the order.
func (sr ServiceRequest) MarshalJSON() ([]byte, error) {
	w := struct {
		ID                 string               `json:"id"`
		Status             ServiceRequestStatus `json:"status"`
		Intent             string               `json:"intent"`
		Code               string               `json:"code"`
		TaskBusinessStatus *TaskBusinessStatus  `json:"task_business_status"`
		TaskDescription    string               `json:"task_description,omitempty"`
	}{ID: sr.ID, Status: sr.Status, Intent: sr.Intent, Code: sr.Code, TaskDescription: sr.TaskDescription}
	if sr.TaskBusinessStatus != "" {
		w.TaskBusinessStatus = &sr.TaskBusinessStatus
	}
	return json.Marshal(w)
}

// Appointment is a sample-collection appointment of a requisition.
type Appointment struct {
	ServiceRequestIDs []string  `json:"service_request_ids"`
	StartTime         time.Time `json:"start_time"`
	// Extra holds partner-specific members as one JSON object (WHOOP's
	// UnilabsAppointment adds slot_id and collection_address); they are
	// sent alongside the two documented members.
	Extra json.RawMessage `json:"-"`
}

// MarshalJSON encodes the documented members and those of Extra in one
// object.
func (a Appointment) MarshalJSON() ([]byte, error) {
	ids := a.ServiceRequestIDs
	if ids == nil {
		ids = []string{}
	}
	members := map[string]any{"service_request_ids": ids, "start_time": a.StartTime}
	if len(a.Extra) > 0 {
		var extra map[string]json.RawMessage
		if err := json.Unmarshal(a.Extra, &extra); err != nil {
			return nil, err
		}
		for k, v := range extra {
			if _, documented := members[k]; !documented {
				members[k] = v
			}
		}
	}
	return json.Marshal(members)
}

// UnmarshalJSON decodes the documented members and keeps the others in
// Extra.
func (a *Appointment) UnmarshalJSON(b []byte) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	var out Appointment
	if v, ok := members["service_request_ids"]; ok {
		if err := json.Unmarshal(v, &out.ServiceRequestIDs); err != nil {
			return err
		}
		delete(members, "service_request_ids")
	}
	if v, ok := members["start_time"]; ok {
		if err := json.Unmarshal(v, &out.StartTime); err != nil {
			return err
		}
		delete(members, "start_time")
	}
	if len(members) > 0 {
		extra, err := json.Marshal(members)
		if err != nil {
			return err
		}
		out.Extra = extra
	}
	*a = out
	return nil
}

// DiagnosticReport is one set of results as POST
// /v2/partner/service-request/{id}/results received it.
type DiagnosticReport struct {
	// Status is the report status: final, partial, preliminary, amended,
	// corrected or cancelled.
	Status       ReportStatus  `json:"status"`
	Observations []Observation `json:"observations"`
}

// Observation is one result of a [DiagnosticReport]. Absent members are
// empty strings.
type Observation struct {
	Code string `json:"code"`
	// ValueNumeric is the number exactly as sent ("185", "5.20", "1e2").
	ValueNumeric json.Number       `json:"value_numeric,omitempty"`
	ValueText    string            `json:"value_text,omitempty"`
	Unit         string            `json:"unit,omitempty"`
	Status       ObservationStatus `json:"status,omitempty"`
}

// StatusChange is one accepted update of a service request's
// task_business_status, through either PATCH route.
type StatusChange struct {
	TaskBusinessStatus TaskBusinessStatus
	Reason             string // empty when none was sent
	At                 time.Time
}

// Event is the body of a WHOOP partner webhook.
type Event struct {
	Type       EventType `json:"event_type"`
	ResourceID string    `json:"resource_id"`
}

// Request bodies, decoded strictly (unknown members are rejected).

type tokenRequest struct {
	GrantType    string `json:"grant_type"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Scope        string `json:"scope"`
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
}

type statusRequest struct {
	TaskBusinessStatus string  `json:"task_business_status"`
	Reason             *string `json:"reason"`
}

type resultsRequest struct {
	Status       string               `json:"status"`
	Observations []observationRequest `json:"observations"`
}

type observationRequest struct {
	Code string `json:"code"`
	// ValueNumeric is raw so that a JSON string is refused rather than
	// accepted into a json.Number, and the number is kept as sent.
	ValueNumeric json.RawMessage `json:"value_numeric"`
	ValueText    *string         `json:"value_text"`
	Unit         *string         `json:"unit"`
	Status       *string         `json:"status"`
}
