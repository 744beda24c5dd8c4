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

// jsonapiHeader are the headers of a JSON:API call. They are shared by every call and never
// modified: the transport copies them into each request, and before an option changes them.
var jsonapiHeader = http.Header{"Accept": {mediaTypeJSONAPI}, "Content-Type": {mediaTypeJSONAPI}}

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

// PatientList is one page of patients: a JSON:API document. The page is decoded once; its
// raw JSON, Meta and each patient's Resource.Attributes share the answer's bytes: do not
// modify them.
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

// patientsDoc is the decode target (a jsonx.Target) of a page, which it decodes once: the
// answer is checked strictly, encoding/json decodes each patient's attributes straight into
// PatientAttributes (no raw copy, no second decode per resource), and links.next, meta and
// each patient's attributes object are then located in the checked bytes by a scan that
// decodes nothing (jsonx.Member, jsonx.Elements), shared, not copied.
type patientsDoc struct {
	Data     []patientElem `json:"data"`
	Included []Resource    `json:"included"`

	raw jsonx.Raw
	// invalid is why the page is not a page of patients, when the typed decode failed
	// where the generic one succeeds; see DecodeJSON.
	invalid error
}

// patientElem is a resource of the page's data on the wire: its typed Attributes, at the
// top, take the attributes member from Resource.Attributes, which list sets from the bytes.
type patientElem struct {
	Resource
	Attributes PatientAttributes `json:"attributes"`
}

// DecodeJSON decodes data; see patientsDoc.
func (d *patientsDoc) DecodeJSON(data []byte) error {
	err := jsonx.Decode(data, d, (*patientsDoc).bindRaw)
	if errors.Is(err, jsonx.ErrMismatch) {
		// A resource whose attributes are not a patient's (not an object, or a value of
		// the wrong type): the page is well formed when its resources decode with their
		// attributes kept raw, and then the checks of a resource and of its type say which
		// and why, as List always has. Only a failing answer takes this second decode.
		if cause := explainInvalidPage(data); cause != nil {
			*d = patientsDoc{invalid: cause}
			return nil
		}
	}
	return err
}

// explainInvalidPage returns why a checked page whose typed decode failed is not a page of
// patients, or nil when its resources do not decode even with their attributes kept raw.
func explainInvalidPage(data []byte) error {
	var page struct {
		Data     []Resource `json:"data"`
		Included []Resource `json:"included"`
	}
	if json.Unmarshal(data, &page) != nil {
		return nil
	}
	for i := range page.Data {
		if err := page.Data[i].check(); err != nil {
			return err
		}
		if _, err := page.Data[i].AsPatient(); err != nil {
			return err
		}
	}
	return nil
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
	if d.invalid != nil {
		return nil, d.invalid
	}
	doc := d.raw.JSON()
	l := &PatientList{Included: d.Included, raw: d.raw,
		Patients: make([]*Patient, len(d.Data))}
	l.Meta, _ = jsonx.Member(doc, "meta")
	links, _ := jsonx.Member(doc, "links")
	l.NextLink = nextLink(links)
	data, _ := jsonx.Member(doc, "data")
	patients := make([]Patient, len(d.Data))
	i := 0
	for v := range jsonx.Elements(data) {
		if i == len(d.Data) {
			break
		}
		e := &d.Data[i]
		e.Resource.Attributes, _ = jsonx.Member(v, "attributes")
		if err := e.check(); err != nil {
			return nil, err
		}
		if err := checkType(&e.Resource, ResourceTypePatient); err != nil {
			return nil, err
		}
		patients[i] = Patient{Resource: &e.Resource, Attributes: e.Attributes}
		l.Patients[i] = &patients[i]
		i++
	}
	if i != len(d.Data) { // never for a checked document
		return nil, errors.New("the page's data could not be located")
	}
	return l, nil
}

// nextLink reads links.next, which JSON:API allows as a string or an object with an href,
// from the checked links object, without decoding it.
func nextLink(links []byte) string {
	if s, ok := jsonx.StringMember(links, "next"); ok {
		return s
	}
	next, ok := jsonx.Member(links, "next")
	if !ok {
		return ""
	}
	s, _ := jsonx.StringMember(next, "href")
	return s
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
//
// GET /patients
func (s *PatientsService) All(ctx context.Context, p *PatientListParams, opts ...RequestOption) iter.Seq2[*Patient, error] {
	var first PatientListParams
	if p != nil {
		first.PageQuery = maps.Clone(p.PageQuery)
	}
	return func(yield func(*Patient, error) bool) {
		seen := map[string]bool{first.PageQuery.Encode(): true} // per range: a next link seen before would loop
		pager.All(ctx, first, func(ctx context.Context, p PatientListParams) ([]*Patient, *PatientListParams, error) {
			page, err := s.List(ctx, &p, opts...)
			if err != nil {
				return nil, nil, err
			}
			next, ok := page.Next()
			if !ok || seen[next.PageQuery.Encode()] {
				return page.Patients, nil, nil
			}
			seen[next.PageQuery.Encode()] = true
			return page.Patients, next, nil
		})(yield)
	}
}
