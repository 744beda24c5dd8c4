package rupa

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/pager"
	"github.com/labwire/labwire/internal/transport"
)

// mediaTypeJSONAPI is the media type of Rupa's JSON:API routes.
const mediaTypeJSONAPI = "application/vnd.api+json"

// patientsRoute is the patients list route as Rupa's checkout guide writes it.
const patientsRoute = "/patients"

// Patient is a patient of the practitioner's clinic (type "patient").
type Patient struct {
	*Resource
	// Attributes are the patient's attributes, typed.
	Attributes PatientAttributes
}

// PatientAttributes are the patient attributes Rupa's checkout guide names. Every attribute,
// named here or not, is in Resource.Attributes. They are patient data: they print, log and
// marshal redacted (use RawJSON to store them).
type PatientAttributes struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Email     string `json:"email"`
	// Birthday is the date of birth; zero when null or absent.
	Birthday Date `json:"birthday"`
}

// AsPatient decodes r as a Patient; see AsOrder for the errors.
func (r *Resource) AsPatient() (*Patient, error) {
	a, err := decodeAs[PatientAttributes](r, ResourceTypePatient)
	if err != nil {
		return nil, err
	}
	return &Patient{Resource: r, Attributes: a}, nil
}

// UnmarshalJSON decodes a patient resource.
func (p *Patient) UnmarshalJSON(b []byte) error { return unmarshalAs(b, p, (*Resource).AsPatient) }

// PatientListParams selects a page of patients. Rupa documents no paging or filter
// parameters; the first page takes none.
type PatientListParams struct {
	// PageQuery is the query of the page to fetch, taken from the previous page's
	// links.next (PatientList.Next); nil for the first page.
	PageQuery url.Values
}

// PatientList is one page of patients: a JSON:API document.
type PatientList struct {
	// Patients are the page's patients.
	Patients []*Patient
	// Included are resources Rupa included with the page, if any.
	Included []Resource
	// NextLink is the document's links.next, empty when there is none.
	NextLink string
	// Meta is the document's meta object as sent, nil when absent.
	Meta json.RawMessage

	raw jsonx.Raw
}

// RawJSON returns the page exactly as Rupa sent it. It is patient data.
func (l *PatientList) RawJSON() json.RawMessage { return l.raw.JSON() }

// patientsDoc is the wire form of a page: decoded once, its resources bound to the body.
type patientsDoc struct {
	Data     []Resource      `json:"data"`
	Included []Resource      `json:"included"`
	Links    json.RawMessage `json:"links"`
	Meta     json.RawMessage `json:"meta"`

	raw jsonx.Raw
}

func (d *patientsDoc) bindRaw(raw jsonx.Raw) {
	d.raw = raw
	for i := range d.Data {
		d.Data[i].raw = d.raw.Elem("data", i)
	}
	for i := range d.Included {
		d.Included[i].raw = d.raw.Elem("included", i)
	}
}

// list turns the decoded document into a PatientList; a resource that is not a valid
// patient fails the page.
func (d *patientsDoc) list() (*PatientList, error) {
	l := &PatientList{Included: d.Included, Meta: d.Meta, NextLink: nextLink(d.Links), raw: d.raw,
		Patients: make([]*Patient, 0, len(d.Data))}
	for i := range d.Data {
		if err := d.Data[i].check(); err != nil {
			return nil, err
		}
		p, err := d.Data[i].AsPatient()
		if err != nil {
			return nil, err
		}
		l.Patients = append(l.Patients, p)
	}
	return l, nil
}

// nextLink reads links.next, which JSON:API allows as a string or an object with an href.
func nextLink(links json.RawMessage) string {
	if len(links) == 0 {
		return ""
	}
	var w struct {
		Next json.RawMessage `json:"next"`
	}
	if json.Unmarshal(links, &w) != nil || len(w.Next) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(w.Next, &s) == nil {
		return s
	}
	var obj struct {
		Href string `json:"href"`
	}
	if json.Unmarshal(w.Next, &obj) == nil {
		return obj.Href
	}
	return ""
}

// Next returns the params of the next page, from links.next, with ok false on the last page.
// Only the link's query is used: the next request goes to the same route on the client's
// base URL, wherever the link points. A link to another route ends the paging.
func (l *PatientList) Next() (p *PatientListParams, ok bool) {
	if l.NextLink == "" {
		return nil, false
	}
	u, err := url.Parse(l.NextLink)
	if err != nil || !strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), patientsRoute) {
		return nil, false
	}
	q := u.Query()
	if len(q) == 0 {
		return nil, false
	}
	return &PatientListParams{PageQuery: q}, true
}

// PatientsService is Client.Patients.
type PatientsService struct{ c *Client }

// List returns one page of the patients of the practitioner's clinic, sent and answered as
// JSON:API (application/vnd.api+json). p may be nil for the first page.
//
// GET /patients
func (s *PatientsService) List(ctx context.Context, p *PatientListParams, opts ...RequestOption) (*PatientList, error) {
	var q url.Values
	if p != nil && len(p.PageQuery) > 0 {
		q = maps.Clone(p.PageQuery)
	}
	var doc patientsDoc
	var resp Response
	err := s.c.send(ctx, transport.Request{
		Op: "patients.list", Method: http.MethodGet, Route: patientsRoute, Query: q,
		Header:   http.Header{"Accept": {mediaTypeJSONAPI}, "Content-Type": {mediaTypeJSONAPI}},
		Response: &resp,
	}, opts, jsonx.Into(&doc, (*patientsDoc).bindRaw))
	if err != nil {
		return nil, err
	}
	l, err := doc.list()
	if err != nil {
		return nil, &RequestError{Vendor: vendor, Method: http.MethodGet, Route: patientsRoute,
			Attempts: resp.Attempts, LastStatus: resp.StatusCode, Err: errors.Join(ErrInvalidResponse, err)}
	}
	return l, nil
}

// All returns an iterator over the patients of every page, following links.next (Rupa
// documents no paging; JSON:API's links.next is followed when Rupa sends it). It fetches a
// page only when the loop needs it, stops all I/O on break, and yields one error and stops.
// A page that makes no progress (only patients already seen, or the same patients as an
// earlier page, as when links.next leads back to a page already read) ends it with an
// error matching ErrInvalidResponse.
//
// GET /patients
func (s *PatientsService) All(ctx context.Context, p *PatientListParams, opts ...RequestOption) iter.Seq2[*Patient, error] {
	var first PatientListParams
	if p != nil {
		first.PageQuery = maps.Clone(p.PageQuery)
	}
	return pager.All(ctx, first, patientList, func(ctx context.Context, p PatientListParams) ([]*Patient, pager.Next[PatientListParams], error) {
		page, err := s.List(ctx, &p, opts...)
		if err != nil {
			return nil, pager.Next[PatientListParams]{}, err
		}
		next, ok := page.Next()
		if !ok {
			return page.Patients, pager.Next[PatientListParams]{}, nil
		}
		return page.Patients, pager.Next[PatientListParams]{Page: next}, nil
	})
}

// patientList is the route All walks, and how its patients are told apart.
var patientList = pager.List[*Patient]{Vendor: vendor, Method: http.MethodGet, Route: patientsRoute,
	ID: func(p **Patient) string { return (*p).ID }}
