package rupa

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/labwire/labwire/internal/jsonx"
)

// twoPassDoc is the patients page as List decoded it before it decoded once: every resource
// generic (attributes copied raw), then each patient's attributes decoded again (AsPatient).
// The reference of FuzzPatientsPage.
type twoPassDoc struct {
	Data     []Resource      `json:"data"`
	Included []Resource      `json:"included"`
	Links    json.RawMessage `json:"links"`
	Meta     json.RawMessage `json:"meta"`

	raw jsonx.Raw
}

func (d *twoPassDoc) bindRaw(raw jsonx.Raw) {
	d.raw = raw
	for i := range d.Data {
		d.Data[i].raw = d.raw.Elem("data", i)
	}
	for i := range d.Included {
		d.Included[i].raw = d.raw.Elem("included", i)
	}
}

func twoPassNextLink(links json.RawMessage) string {
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

// twoPassPage decodes a page as List did: decodeErr is the transport's decode failure,
// listErr the page's (a resource that is not a valid patient).
func twoPassPage(data []byte) (l *PatientPage, decodeErr, listErr error) {
	var d twoPassDoc
	if err := jsonx.Decode(data, &d, (*twoPassDoc).bindRaw); err != nil {
		return nil, err, nil
	}
	l = &PatientPage{Included: d.Included, Meta: d.Meta, NextLink: twoPassNextLink(d.Links), raw: d.raw,
		Patients: make([]*Patient, 0, len(d.Data))}
	for i := range d.Data {
		if err := d.Data[i].check(); err != nil {
			return nil, nil, err
		}
		p, err := d.Data[i].AsPatient()
		if err != nil {
			return nil, nil, err
		}
		l.Patients = append(l.Patients, p)
	}
	return l, nil, nil
}

// onePassPage decodes a page as List does.
func onePassPage(data []byte) (l *PatientPage, decodeErr, listErr error) {
	var d patientsDoc
	if err := d.DecodeJSON(data); err != nil {
		return nil, err, nil
	}
	l, err := d.list()
	return l, nil, err
}

// samePage fails t unless the two pages hold the same values and raw JSON.
func samePage(t *testing.T, got, want *PatientPage) {
	t.Helper()
	if got.NextLink != want.NextLink || !bytes.Equal(got.Meta, want.Meta) || (got.Meta == nil) != (want.Meta == nil) ||
		!bytes.Equal(got.RawJSON(), want.RawJSON()) {
		t.Fatalf("page: next %q meta %q; two passes: next %q meta %q", got.NextLink, got.Meta, want.NextLink, want.Meta)
	}
	if (got.Patients == nil) != (want.Patients == nil) || len(got.Patients) != len(want.Patients) {
		t.Fatalf("%d patients, two passes %d", len(got.Patients), len(want.Patients))
	}
	for i := range got.Patients {
		g, w := got.Patients[i], want.Patients[i]
		if !reflect.DeepEqual(g.Attributes, w.Attributes) {
			t.Fatalf("patient %d: attributes %+v, two passes %+v", i, g.Attributes, w.Attributes)
		}
		sameResource(t, g.Resource, w.Resource)
	}
	if (got.Included == nil) != (want.Included == nil) || len(got.Included) != len(want.Included) {
		t.Fatalf("%d included, two passes %d", len(got.Included), len(want.Included))
	}
	for i := range got.Included {
		sameResource(t, &got.Included[i], &want.Included[i])
	}
}

func sameResource(t *testing.T, g, w *Resource) {
	t.Helper()
	if g.ID != w.ID || g.Type != w.Type || !bytes.Equal(g.Attributes, w.Attributes) || (g.Attributes == nil) != (w.Attributes == nil) ||
		!reflect.DeepEqual(g.Relationships, w.Relationships) || !bytes.Equal(g.RawJSON(), w.RawJSON()) {
		t.Fatalf("resource %s/%s (attributes %q) differs from two passes: %s/%s (attributes %q)",
			g.Type, g.ID, g.Attributes, w.Type, w.ID, w.Attributes)
	}
}

// sameDecodeError reports whether two decode errors say the same: the same text, or, for a
// value that does not fit its field, the same field (the Go type of the top-level target,
// which some name, differs).
func sameDecodeError(got, want error) bool {
	var g, w *jsonx.FieldError
	if errors.As(got, &g) && errors.As(want, &w) {
		return g.Field == w.Field
	}
	return got.Error() == want.Error()
}

// FuzzPatientsPage: a patients page decoded once (patientsDoc, Patients.List) is the page the
// two-pass decode made: the same patients, typed attributes, raw attributes, relationships,
// included resources, links.next, meta and raw JSON; where that failed, it fails with the
// same error, and a page of resources that are not valid patients fails with the same error.
func FuzzPatientsPage(f *testing.F) {
	for _, s := range []string{
		`{"data":[{"id":"pat_1","type":"patient","attributes":{"first_name":"Ann","last_name":"Example","email":"a@example.com","birthday":"1980-01-15"}},` +
			`{"id":"pat_2","type":"patient","attributes":{"first_name":"Bea","birthday":null}}],"links":{"next":"https://x/patients?page%5Bnumber%5D=2"},"meta":{"count":5}}`,
		`{"data":[{"id":"pat_1","type":"patient","attributes":{"FIRST_NAME":"Ann","phone":"+1","extra":{"a":[1]}},` +
			`"relationships":{"clinic":{"data":{"id":"cli_1","type":"clinic"}},"orders":{"data":[],"meta":{"count":0}}}}],` +
			`"included":[{"id":"cli_1","type":"clinic","attributes":{"name":"x"}}],"links":{"next":{"href":"/patients?p=2"}},"meta":null}`,
		`{"data":[],"links":{"next":null}}`,
		`{"data":null,"Links":{"Next":"a\u0041"},"META":{}}`,
		`{}`,
		`{"data":[{"id":"pat_1","type":"practitioner","attributes":{"first_name":5}}]}`,
		`{"data":[{"id":"pat_1","type":"patient","attributes":{"first_name":5}}]}`,
		`{"data":[{"id":"pat_1","type":"patient","attributes":{"birthday":"01/15/1980"}}]}`,
		`{"data":[{"id":"pat_1","type":"patient","attributes":[1]}]}`,
		`{"data":[{"id":"pat_1","type":"patient","attributes":"x"}]}`,
		`{"data":[{"type":"patient","attributes":{"first_name":5}}]}`,
		`{"data":[{"id":"pat_1","type":"patient","attributes":{"first_name":5},"relationships":{"x":{"data":"y"}}}]}`,
		`{"data":[{"id":"pat_1","type":"patient"}],"included":[{"id":"c","type":"clinic","relationships":{"x":{"data":5}}}]}`,
		`{"data":[{"id":"pat_1","type":"patient","attributes":{"first_name":5}}],"included":[{"id":"c","relationships":{"x":{"data":5}}}]}`,
		`{"data":[null,5]}`,
		`{"data":{"id":"pat_1","type":"patient"}}`,
		`{"data":[{"id":1,"type":"patient"}]}`,
		`[]`,
		`null`,
		`{"data":[{"id":"pat_1","type":"patient","attributes":null}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantDecodeErr, wantListErr := twoPassPage(data)
		got, gotDecodeErr, gotListErr := onePassPage(data)
		switch {
		case (gotDecodeErr == nil) != (wantDecodeErr == nil) || gotDecodeErr != nil && !sameDecodeError(gotDecodeErr, wantDecodeErr):
			t.Fatalf("decode error %v; two passes %v", gotDecodeErr, wantDecodeErr)
		case wantDecodeErr != nil:
			return
		case (gotListErr == nil) != (wantListErr == nil) || gotListErr != nil && gotListErr.Error() != wantListErr.Error():
			t.Fatalf("page error %v; two passes %v", gotListErr, wantListErr)
		case wantListErr != nil:
			return
		}
		samePage(t, got, want)
	})
}
