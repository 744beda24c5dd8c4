package workpath

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// TagAddParams applies a tag to an appointment. It is sent wrapped, {"tag": {"id": ...,
// "expires_at": ...}}, as Workpath's example shows (its table lists the fields flat).
type TagAddParams struct {
	// ID is the tag's id. Required.
	ID int64 `json:"id"`
	// ExpiresAt is when the tag expires; zero for never.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// AddTag applies a tag to an appointment. Workpath does not document the answer. Applying the
// same tag twice leaves one tag, so an add whose outcome is unknown is retried.
//
// POST /appointments/{id}/tags
func (s *AppointmentsService) AddTag(ctx context.Context, id int64, p *TagAddParams, opts ...RequestOption) (*Receipt, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, invalid("params", "must not be nil")
	}
	if err := checkID("ID", p.ID); err != nil {
		return nil, err
	}
	body := struct {
		Tag *TagAddParams `json:"tag"`
	}{p}
	return s.c.sendReceipt(ctx, transport.Request{Op: "appointments.add_tag", Method: http.MethodPost, Route: "/appointments/{id}/tags", Params: []string{itoa(id)}, JSON: body, Idempotent: true}, authBearer, opts)
}

// DeleteTag removes a tag from an appointment.
//
// DELETE /appointments/{id}/tags/{tagId}
func (s *AppointmentsService) DeleteTag(ctx context.Context, id, tagID int64, opts ...RequestOption) (*Receipt, error) {
	return s.deleteChild(ctx, "appointments.delete_tag", "/appointments/{id}/tags/{tagId}", id, "tagID", tagID, opts)
}

// Note is a note on an appointment.
type Note struct {
	ID int64 `json:"id" phi:"id"`
	// Author is the user who wrote it. Workpath's field description is a placeholder ("PUT
	// STUFF HERE"); its example is a user object.
	Author *User  `json:"author,omitempty"`
	Body   string `json:"body"`
	// Type is the kind of note, e.g. "Warning".
	Type  string `json:"type" phi:"token"`
	Title string `json:"title"`

	raw jsonx.Raw
}

// bindRaw records where the note is in the answer.
func (n *Note) bindRaw(raw jsonx.Raw) { n.raw = raw }

// RawJSON returns the note as Workpath sent it (nil when not decoded by this package).
func (n *Note) RawJSON() json.RawMessage { return n.raw.JSON() }

// NoteParams is the content of a note. Notes often hold patient data.
type NoteParams struct {
	Body string `json:"body"`
	// Type is the kind of note, e.g. "Warning"; Workpath's answer table marks it required.
	Type  string `json:"type" phi:"token"`
	Title string `json:"title"`
}

func (p *NoteParams) validate() error {
	if p == nil {
		return invalid("params", "must not be nil")
	}
	if err := required("Type", p.Type); err != nil {
		return err
	}
	return checkCarets("", p)
}

// AddNote adds a note to an appointment and returns it. Not retried once it may have reached
// Workpath (a second note would be added): on ErrOutcomeUnknown, read the appointment first.
//
// POST /appointments/{id}/notes
func (s *AppointmentsService) AddNote(ctx context.Context, id int64, p *NoteParams, opts ...RequestOption) (*Note, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out Note
	if err := s.c.sendOne(ctx, transport.Request{Op: "appointments.add_note", Method: http.MethodPost, Route: "/appointments/{id}/notes", Params: []string{itoa(id)}, JSON: p}, authBearer, opts, jsonx.Into(&out, (*Note).bindRaw)); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateNote replaces a note and returns it.
//
// PUT /appointments/{id}/notes/{noteId}
func (s *AppointmentsService) UpdateNote(ctx context.Context, id, noteID int64, p *NoteParams, opts ...RequestOption) (*Note, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := checkID("noteID", noteID); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out Note
	if err := s.c.sendOne(ctx, transport.Request{Op: "appointments.update_note", Method: http.MethodPut, Route: "/appointments/{id}/notes/{noteId}", Params: []string{itoa(id), itoa(noteID)}, JSON: p}, authBearer, opts, jsonx.Into(&out, (*Note).bindRaw)); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteNote deletes a note.
//
// DELETE /appointments/{id}/notes/{noteId}
func (s *AppointmentsService) DeleteNote(ctx context.Context, id, noteID int64, opts ...RequestOption) (*Receipt, error) {
	return s.deleteChild(ctx, "appointments.delete_note", "/appointments/{id}/notes/{noteId}", id, "noteID", noteID, opts)
}

// DeleteDocument removes a document from an appointment.
//
// DELETE /appointments/{id}/documents/{documentId}
func (s *AppointmentsService) DeleteDocument(ctx context.Context, id, documentID int64, opts ...RequestOption) (*Receipt, error) {
	return s.deleteChild(ctx, "appointments.delete_document", "/appointments/{id}/documents/{documentId}", id, "documentID", documentID, opts)
}

// AppointmentDataParams is collected data for an appointment, e.g. a shipping id. Workpath
// documents no request body for this route; the fields are those of the data objects its
// appointments carry ({value, label, type}).
type AppointmentDataParams struct {
	// Value is the datum, e.g. a tracking number. Required.
	Value string `json:"value"`
	// Label names it, e.g. "Shipping ID".
	Label string `json:"label,omitempty"`
	// Type classifies it, e.g. "shipping".
	Type string `json:"type,omitempty"`
}

// AddData adds collected data (shipping ids and the like) to an appointment. Workpath
// documents neither body nor answer. Not retried once it may have reached Workpath.
//
// POST /appointments/{id}/data
func (s *AppointmentsService) AddData(ctx context.Context, id int64, p *AppointmentDataParams, opts ...RequestOption) (*Receipt, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, invalid("params", "must not be nil")
	}
	if err := required("Value", p.Value); err != nil {
		return nil, err
	}
	if err := checkCarets("", p); err != nil {
		return nil, err
	}
	return s.c.sendReceipt(ctx, transport.Request{Op: "appointments.add_data", Method: http.MethodPost, Route: "/appointments/{id}/data", Params: []string{itoa(id)}, JSON: p}, authBearer, opts)
}

func (s *AppointmentsService) deleteChild(ctx context.Context, op, route string, id int64, childField string, child int64, opts []RequestOption) (*Receipt, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := checkID(childField, child); err != nil {
		return nil, err
	}
	return s.c.sendReceipt(ctx, transport.Request{Op: op, Method: http.MethodDelete, Route: route, Params: []string{itoa(id), itoa(child)}}, authBearer, opts)
}
