package rupa

import (
	"bytes"
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

// jsonapiHeader are the headers of a JSON:API call. They are shared by every call and never
// modified: the transport copies them into each request, and before an option changes them.
var jsonapiHeader = http.Header{"Accept": {mediaTypeJSONAPI}, "Content-Type": {mediaTypeJSONAPI}}

// patientsRoute is the patients list route as Rupa's checkout guide writes it.
const patientsRoute = "/patients"

// Patient is a patient of the practitioner's clinic (type "patient").
type Patient struct {
	*Resource `phi:"id:id=ID;token:type=Type"`
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
	// links.next (PatientPage.Next); nil for the first page.
	PageQuery url.Values
}

// PatientPage is one page of patients: a JSON:API document. The page is decoded once; its
// raw JSON and each patient's Resource.Attributes share the answer's bytes: do not modify
// them.
type PatientPage struct {
	// Patients are the page's patients.
	Patients []*Patient `phi:"count"`
	// Included are resources Rupa included with the page, if any.
	Included []Resource
	// NextLink is the document's links.next, empty when there is none.
	NextLink string
	// Meta is the document's meta object as sent, nil when absent.
	Meta json.RawMessage

	raw jsonx.Raw
}

// RawJSON returns the page exactly as Rupa sent it. It is patient data.
func (l *PatientPage) RawJSON() json.RawMessage { return l.raw.JSON() }

// patientsDoc is the decode target (a jsonx.Target) of a page, which it decodes once:
// jsonx's decoder fills each patient's attributes straight into PatientAttributes (no raw
// copy, no second decode per resource), into a slice sized beforehand. The strict check of
// the answer (jsonx.CheckElementMembers) also locates each patient's attributes object,
// whose bytes are shared, not copied.
type patientsDoc struct {
	Data     []patientElem   `json:"data"`
	Included []Resource      `json:"included"`
	Links    pageLinks       `json:"links"`
	Meta     json.RawMessage `json:"meta"`

	raw jsonx.Raw
	// invalid is why the page is not a page of patients, when the typed decode failed
	// where the generic one succeeds; see DecodeJSON.
	invalid error
	page    PatientPage // what List returns: allocated with the document
}

// pageLinks is a page's links object, of which only next is read.
type pageLinks struct{ next string }

// UnmarshalJSON reads links.next, which JSON:API allows as a string or an object with an
// href, without decoding anything else. Any other links value (JSON:API allows null) is no
// next page, never an error.
func (l *pageLinks) UnmarshalJSON(b []byte) error {
	l.next = nextLink(b)
	return nil
}

// patientElem is a resource of the page's data on the wire: its typed Attributes, at the
// top, take the attributes member from Resource.Attributes, which DecodeJSON sets from the
// bytes. It holds the Patient that list makes of it, so that a page allocates no Patient of
// its own.
type patientElem struct {
	Resource
	Attributes PatientAttributes `json:"attributes"`

	patient Patient
}

// DecodeJSON decodes data; see patientsDoc.
func (d *patientsDoc) DecodeJSON(data []byte) error {
	// The check of the answer locates the attributes in the same pass: what the decoder
	// fills each patientElem from.
	var buf [64][]byte // a page of up to 64 resources locates them without allocating
	attrs, err := jsonx.CheckElementMembers(data, "data", "attributes", buf[:0])
	if err != nil {
		return err
	}
	d.Data = make([]patientElem, 0, len(attrs))
	err = jsonx.DecodeChecked(data, d, (*patientsDoc).bindRaw)
	switch {
	case errors.Is(err, jsonx.ErrMismatch):
		// A resource whose attributes are not a patient's (not an object, or a value of
		// the wrong type): the page is well formed when its resources decode with their
		// attributes kept raw, and then the checks of a resource and of its type say which
		// and why, as List always has. Only a failing answer takes this second decode.
		cause, decodeErr := explainInvalidPage(data)
		if cause != nil {
			*d = patientsDoc{invalid: cause}
			return nil
		}
		if decodeErr != nil {
			return decodeErr // names the fields as a generic page does (data.id, not data.Resource.id)
		}
		return err
	case err != nil:
		return err
	case len(attrs) != len(d.Data): // never: the answer passed Check
		return errors.New("the page's data could not be located")
	}
	for i := range d.Data {
		d.Data[i].Resource.Attributes = attrs[i]
	}
	return nil
}

// explainInvalidPage decodes a checked page whose typed decode failed as a generic page
// (attributes kept raw) and returns why it is not a page of patients: cause, when its
// resources decode, else the generic decode's error.
func explainInvalidPage(data []byte) (cause, decodeErr error) {
	var page struct {
		Data     []Resource `json:"data"`
		Included []Resource `json:"included"`
	}
	if err := jsonx.Unmarshal(data, &page); err != nil {
		return nil, err
	}
	for i := range page.Data {
		if err := page.Data[i].check(); err != nil {
			return err, nil
		}
		if _, err := page.Data[i].AsPatient(); err != nil {
			return err, nil
		}
	}
	return nil, nil
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

// list turns the decoded document into a PatientPage; a resource that is not a valid
// patient fails the page.
func (d *patientsDoc) list() (*PatientPage, error) {
	if d.invalid != nil {
		return nil, d.invalid
	}
	d.page = PatientPage{Included: d.Included, Meta: d.Meta, NextLink: d.Links.next, raw: d.raw,
		Patients: make([]*Patient, len(d.Data))}
	for i := range d.Data {
		e := &d.Data[i]
		if err := e.check(); err != nil {
			return nil, err
		}
		if err := checkType(&e.Resource, ResourceTypePatient); err != nil {
			return nil, err
		}
		e.patient = Patient{Resource: &e.Resource, Attributes: e.Attributes}
		d.page.Patients[i] = &e.patient
	}
	return &d.page, nil
}

// nextLink reads links.next, which JSON:API allows as a string or an object with an href,
// from the checked links value, without decoding anything else.
func nextLink(links []byte) string {
	next, ok := jsonx.Member(links, "next")
	if !ok {
		return ""
	}
	if s, ok := stringValue(next); ok {
		return s
	}
	if href, ok := jsonx.Member(next, "href"); ok {
		s, _ := stringValue(href)
		return s
	}
	return ""
}

// stringValue returns the text of v, a checked JSON value, when it is a string.
func stringValue(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	if inner := v[1 : len(v)-1]; bytes.IndexByte(inner, '\\') < 0 {
		return string(inner), true // checked: valid UTF-8, no control byte, no escape
	}
	var s string
	return s, jsonx.UnmarshalStd(v, &s) == nil
}

// Next returns the params of the next page, from links.next, with ok false on the last page.
// Only the link's query is used: the next request goes to the same route on the client's
// base URL, wherever the link points. A link to another route ends the paging.
func (l *PatientPage) Next() (p *PatientListParams, ok bool) {
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
func (s *PatientsService) List(ctx context.Context, p *PatientListParams, opts ...RequestOption) (*PatientPage, error) {
	var q url.Values
	if p != nil && len(p.PageQuery) > 0 {
		q = maps.Clone(p.PageQuery)
	}
	var doc patientsDoc
	meta, err := s.c.tc.Do(ctx, transport.Request{
		Op: "patients.list", Method: http.MethodGet, Route: patientsRoute, Query: q, Header: jsonapiHeader,
	}.Apply(opts), &doc)
	if err != nil {
		return nil, err
	}
	l, err := doc.list()
	if err != nil {
		return nil, &RequestError{Vendor: vendor, Method: http.MethodGet, Route: patientsRoute,
			Attempts: meta.Attempts, LastStatus: meta.StatusCode, Err: errors.Join(ErrInvalidResponse, err)}
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
