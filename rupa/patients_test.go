package rupa_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
)

// A page decoded once keeps what the API sends beyond the typed attributes: unknown
// attributes in Resource.Attributes, relationships, included resources, links.next as an
// object, meta, and each value's raw JSON.
func TestPatientsListKeepsUnmodelledMembers(t *testing.T) {
	t.Parallel()
	srv, c := connect(t)
	page := `{"data":[{"id":"pat_1","type":"patient","attributes":{"first_name":"Ann","last_name":"Example","email":"ann@example.com","birthday":"1980-01-15","phone_number":"+12025550199","tags":["a"]},` +
		`"relationships":{"clinic":{"data":{"id":"cli_1","type":"clinic"}},"orders":{"data":[{"id":"ord_1","type":"order"}],"meta":{"count":1}}}}],` +
		`"included":[{"id":"cli_1","type":"clinic","attributes":{"name":"Test Clinic"}}],` +
		`"links":{"next":{"href":"https://api.rupahealth.com/patients?page%5Bnumber%5D=2"}},"meta":{"count":9}}`
	srv.Script(rupatest.Fault{Route: rupatest.RouteListPatients, Status: 200, Body: json.RawMessage(page)})

	l, err := c.Patients.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, l.Patients, 1)
	p := l.Patients[0]
	assert.Equal(t, rupa.PatientAttributes{FirstName: "Ann", LastName: "Example", Email: "ann@example.com",
		Birthday: rupa.Date{Year: 1980, Month: time.January, Day: 15}}, p.Attributes)
	assert.JSONEq(t, `{"first_name":"Ann","last_name":"Example","email":"ann@example.com","birthday":"1980-01-15","phone_number":"+12025550199","tags":["a"]}`,
		string(p.Resource.Attributes), "attributes not modelled are kept raw")
	var extra struct {
		Phone string `json:"phone_number"`
	}
	require.NoError(t, p.DecodeAttributes(&extra))
	assert.Equal(t, "+12025550199", extra.Phone)
	clinic, err := rupa.Link(p.Resource, rupa.RelClinic)
	require.NoError(t, err)
	assert.Equal(t, rupa.Identifier{ID: "cli_1", Type: "clinic"}, clinic)
	orders, ok := p.Relationship("orders")
	require.True(t, ok)
	assert.Equal(t, 1, *orders.Count)
	assert.Contains(t, string(p.RawJSON()), `"relationships":{"clinic"`)
	require.Len(t, l.Included, 1)
	assert.JSONEq(t, `{"name":"Test Clinic"}`, string(l.Included[0].Attributes))
	assert.JSONEq(t, `{"id":"cli_1","type":"clinic","attributes":{"name":"Test Clinic"}}`, string(l.Included[0].RawJSON()))
	assert.JSONEq(t, `{"count":9}`, string(l.Meta))
	assert.JSONEq(t, page, string(l.RawJSON()))
	next, ok := l.Next()
	require.True(t, ok)
	assert.Equal(t, "2", next.PageQuery.Get("page[number]"))

	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "Ann", "a patient marshals redacted")
	assert.NotContains(t, string(b), "+12025550199")
}

// A page that is not a page of patients fails as ErrInvalidResponse, naming the field or the
// type and never quoting a value; the error carries the attempts and status of the answer,
// also when the caller asks for the Response.
func TestPatientsListRefusesInvalidPages(t *testing.T) {
	t.Parallel()
	const canary = "Jane Canary"
	tests := []struct {
		name, page string
		is         error
		says       string
	}{
		{"another type", `{"data":[{"id":"pra_1","type":"practitioner","attributes":{"first_name":"` + canary + `"}}]}`, rupa.ErrUnexpectedType, "practitioner"},
		{"another type, other attributes", `{"data":[{"id":"pra_1","type":"practitioner","attributes":{"first_name":{"x":"` + canary + `"}}}]}`, rupa.ErrUnexpectedType, "practitioner"},
		{"attribute of the wrong type", `{"data":[{"id":"pat_1","type":"patient","attributes":{"first_name":["` + canary + `"]}}]}`, nil, "first_name"},
		{"bad birthday", `{"data":[{"id":"pat_1","type":"patient","attributes":{"birthday":"` + canary + `"}}]}`, nil, "patient attributes"},
		{"attributes not an object", `{"data":[{"id":"pat_1","type":"patient","attributes":["` + canary + `"]}]}`, nil, "attributes must be an object"},
		{"no id", `{"data":[{"type":"patient","attributes":{"first_name":"` + canary + `"}}]}`, nil, "needs an id"},
		{"duplicate key", `{"data":[{"id":"pat_1","type":"patient","attributes":{"first_name":"` + canary + `","First_Name":"x"}}]}`, nil, "duplicate"},
		{"bad relationship", `{"data":[{"id":"pat_1","type":"patient","relationships":{"clinic":{"data":"` + canary + `"}}}]}`, nil, "decoding"},
		{"data not an array", `{"data":{"id":"pat_1","type":"patient"}}`, nil, "data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := connect(t)
			srv.Script(rupatest.Fault{Route: rupatest.RouteListPatients, Status: 200, Body: json.RawMessage(tc.page)})
			var resp rupa.Response
			_, err := c.Patients.List(context.Background(), nil, rupa.WithResponse(&resp))
			require.ErrorIs(t, err, rupa.ErrInvalidResponse)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			assert.Contains(t, err.Error(), tc.says)
			assert.NotContains(t, err.Error(), "Canary")
			var re *rupa.RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 1, re.Attempts)
			assert.Equal(t, 200, re.LastStatus)
			assert.Equal(t, 200, resp.StatusCode, "the caller's Response is filled too")
		})
	}
}
