package rupa

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
)

// OrderedTest is one test of an order (type "ordered_test"), linked to the lab test of
// Rupa's catalog it orders. Its results arrive as files: results_pdf and results_hl7.
type OrderedTest struct {
	*Resource `phi:"id:id=ID;token:type=Type"`
	// Attributes are the ordered test's attributes, typed.
	Attributes OrderedTestAttributes
}

// OrderedTestAttributes are the attributes of an ordered test in Rupa's example.
type OrderedTestAttributes struct {
	// DateResultsReceivedFromLab is when the lab's results reached Rupa; nil while none have.
	DateResultsReceivedFromLab *time.Time `json:"date_results_received_from_lab"`
	// Requisition is the requisition form.
	Requisition Document `json:"requisition"`
	// ResultsPDF is the results report as PDF.
	ResultsPDF Document `json:"results_pdf"`
	// ResultsHL7 is the results as HL7.
	ResultsHL7 Document `json:"results_hl7"`
}

// HasResults reports whether Rupa attached results (PDF or HL7) to the ordered test.
func (a OrderedTestAttributes) HasResults() bool {
	return !a.ResultsPDF.IsNull() || !a.ResultsHL7.IsNull()
}

// AsOrderedTest decodes r as an OrderedTest; see AsOrder for the errors.
func (r *Resource) AsOrderedTest() (*OrderedTest, error) {
	a, err := decodeAs[OrderedTestAttributes](r, ResourceTypeOrderedTest)
	if err != nil {
		return nil, err
	}
	return &OrderedTest{Resource: r, Attributes: a}, nil
}

// UnmarshalJSON decodes an ordered test resource.
func (t *OrderedTest) UnmarshalJSON(b []byte) error {
	return unmarshalAs(b, t, (*Resource).AsOrderedTest)
}

// LabTest returns the catalog lab test this ordered test is for. Rupa does not include lab
// tests in its events; the catalog endpoint is not public.
func (t *OrderedTest) LabTest() (Identifier, error) { return Link(t.Resource, RelLabTest) }

// Document is a file attribute of an ordered test: a requisition or a results report.
// Rupa's examples show only null, and its documentation does not say whether a file is a
// URL, inline content or an object, so Document keeps the JSON value as sent: URL returns
// it when it is a string. A results file is patient data: Document prints and logs only
// whether it is present.
type Document struct {
	raw json.RawMessage `phi:"present"`
}

// UnmarshalJSON keeps any JSON value.
func (d *Document) UnmarshalJSON(b []byte) error {
	d.raw = append(json.RawMessage(nil), b...)
	return nil
}

// IsNull reports whether the attribute was null or absent.
func (d Document) IsNull() bool {
	t := bytes.TrimSpace(d.raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

// URL returns the value when it is a JSON string (presumably a link to the file; Rupa does
// not say), with ok false otherwise.
func (d Document) URL() (url string, ok bool) {
	if d.IsNull() || bytes.TrimSpace(d.raw)[0] != '"' {
		return "", false
	}
	if err := jsonx.UnmarshalStd(d.raw, &url); err != nil {
		return "", false
	}
	return url, true
}

// RawJSON returns the value as sent (nil when absent). It is patient data.
func (d Document) RawJSON() json.RawMessage { return d.raw }
