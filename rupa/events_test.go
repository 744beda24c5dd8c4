package rupa_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa"
)

func seedEvent(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/order_new_result.json")
	require.NoError(t, err)
	return b
}

func TestParseEventSeed(t *testing.T) {
	t.Parallel()
	body := seedEvent(t)
	e, err := rupa.ParseEvent(body)
	require.NoError(t, err)

	assert.Equal(t, "evt_9b2m8O7", e.ID)
	assert.Equal(t, rupa.EventTypeOrderNewResult, e.Type)
	assert.True(t, e.Type.IsKnown())
	assert.True(t, e.CreatedAt.Equal(time.Date(2021, 1, 1, 8, 0, 0, 0, time.UTC)), e.CreatedAt)
	_, off := e.CreatedAt.Zone()
	assert.Equal(t, -8*3600, off, "the offset is kept")
	assert.JSONEq(t, string(body), string(e.RawJSON()))
	assert.Equal(t, 3, e.Index().Len(), "the order, its ordered test and the practitioner")

	clinic, err := e.ClinicID()
	require.NoError(t, err)
	assert.Equal(t, "cli_Epqpo2g", clinic)

	n, err := e.OrderNewResult()
	require.NoError(t, err)
	o := n.Order
	assert.Equal(t, "ord_qNJ1nl1", o.ID)
	assert.Equal(t, rupa.OrderStatusInProgress, o.Attributes.Status)
	assert.True(t, o.Attributes.Status.IsKnown())
	assert.Equal(t, rupa.PayerPatient, o.Attributes.Payer)
	require.False(t, o.Attributes.TotalPrice.IsZero())
	assert.Equal(t, "0", o.Attributes.TotalPrice.String())
	require.NotNil(t, o.Attributes.DateSubmitted)
	want := time.Date(2024, 6, 13, 20, 28, 50, 776301000, time.UTC)
	assert.True(t, o.Attributes.DateSubmitted.Equal(want), "microseconds and the -07:00 offset: %v", o.Attributes.DateSubmitted)
	assert.Equal(t, "2024-06-13T13:28:50.776301-07:00", o.Attributes.DateSubmitted.Format(time.RFC3339Nano))
	assert.Nil(t, o.Attributes.DateCanceled)
	assert.Nil(t, o.Attributes.DateCompleted)
	assert.Nil(t, o.Attributes.DatePaid)
	assert.Nil(t, o.Attributes.NotesToPatient)

	for rel, want := range map[string]rupa.Identifier{
		rupa.RelPatient:              {ID: "pat_NqXmvRr", Type: "patient"},
		rupa.RelPatientsPractitioner: {ID: "pra_PbpNmjM", Type: "practitioner"},
		rupa.RelSigningPractitioner:  {ID: "pra_PbpNmjM", Type: "practitioner"},
		rupa.RelOrderIntent:          {ID: "ordin_FdpEhkM", Type: "order_intent"},
	} {
		got, err := rupa.Link(o.Resource, rel)
		require.NoError(t, err, rel)
		assert.Equal(t, want, got, rel)
	}
	tests, err := o.OrderedTests()
	require.NoError(t, err)
	assert.Equal(t, []rupa.Identifier{{ID: "ordts_lv57vnP", Type: "ordered_test"}}, tests)
	rel, _ := o.Relationship(rupa.RelOrderedTests)
	assert.True(t, rel.ToMany)
	require.NotNil(t, rel.Count)
	assert.Equal(t, 1, *rel.Count)
	items, _ := o.Relationship(rupa.RelLineItems)
	assert.True(t, items.ToMany, "an empty array is still to-many")
	assert.Empty(t, items.Data)
	require.NotNil(t, items.Count)
	assert.Equal(t, 0, *items.Count)
	li, err := o.LineItems()
	require.NoError(t, err)
	assert.Empty(t, li)

	require.Len(t, n.OrderedTests, 1)
	ot := n.OrderedTests[0]
	assert.Equal(t, "ordts_lv57vnP", ot.ID)
	assert.False(t, ot.Attributes.HasResults())
	assert.Nil(t, ot.Attributes.DateResultsReceivedFromLab)
	assert.True(t, ot.Attributes.Requisition.IsNull())
	lab, err := ot.LabTest()
	require.NoError(t, err)
	assert.Equal(t, rupa.Identifier{ID: "labts_N0EW1vP", Type: "lab_test"}, lab)

	p, err := n.PatientsPractitioner()
	require.NoError(t, err)
	a := p.Attributes
	assert.Equal(t, "Sabrina", a.FirstName)
	assert.Equal(t, "Davis", a.LastName)
	assert.Equal(t, "Sabrina Davis", a.TitledFullName)
	assert.Equal(t, "+12025550124", a.Phone)
	require.NotNil(t, a.Address)
	assert.Equal(t, rupa.Address{Street1: "535 Brown Valley Apt. 287", City: "Port Nancyshire", State: "AR", Zip: "59945"}, *a.Address)
	require.NotNil(t, a.OrderingAuthorizationStatus)
	require.NotNil(t, a.OrderingAuthorizationStatus.PhysicianAuthorizationApproved)
	assert.False(t, *a.OrderingAuthorizationStatus.PhysicianAuthorizationApproved)
	require.NotNil(t, a.VerificationStatus)
	require.NotNil(t, a.VerificationStatus.Email)
	assert.True(t, *a.VerificationStatus.Email)
	require.NotNil(t, a.PrimaryPractitionerType)
	assert.Equal(t, "8c343e08-42b1-43ca-b9d5-1e7e793548c3", a.PrimaryPractitionerType.Name)
	c, err := p.Clinic()
	require.NoError(t, err)
	assert.Equal(t, rupa.Identifier{ID: "cli_Epqpo2g", Type: "clinic"}, c)
}

// The seed's included has no patient, clinic or lab test: following those links fails
// with ErrNotIncluded, naming the relationship, and never panics.
func TestResolveMissingIncludedFailsCleanly(t *testing.T) {
	t.Parallel()
	e, err := rupa.ParseEvent(seedEvent(t))
	require.NoError(t, err)
	ix := e.Index()
	o, err := e.Order()
	require.NoError(t, err)

	_, err = ix.Related(o.Resource, rupa.RelPatient)
	require.ErrorIs(t, err, rupa.ErrNotIncluded)
	var re *rupa.ResolveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, rupa.RelPatient, re.Relationship)
	assert.Equal(t, rupa.Identifier{ID: "pat_NqXmvRr", Type: "patient"}, re.Target)
	assert.NotContains(t, err.Error(), "pat_NqXmvRr", "ids stay out of the text")
	assert.Equal(t, `rupa: order relationship "patient": rupa: linked resource not included (patient)`, err.Error())

	pr, err := ix.Related(o.Resource, rupa.RelPatientsPractitioner)
	require.NoError(t, err)
	_, err = ix.Related(pr, rupa.RelClinic)
	require.ErrorIs(t, err, rupa.ErrNotIncluded)

	ot, err := ix.Related(o.Resource, rupa.RelOrderedTests)
	require.ErrorIs(t, err, rupa.ErrRelationshipCardinality, "ordered_tests is to-many")
	assert.Nil(t, ot)
	tests, err := ix.RelatedMany(o.Resource, rupa.RelOrderedTests)
	require.NoError(t, err)
	require.Len(t, tests, 1)
	_, err = ix.Related(tests[0], rupa.RelLabTest)
	require.ErrorIs(t, err, rupa.ErrNotIncluded)

	_, err = ix.Related(o.Resource, "no_such_relationship")
	require.ErrorIs(t, err, rupa.ErrRelationshipMissing)
	_, err = ix.RelatedMany(o.Resource, rupa.RelPatient)
	require.ErrorIs(t, err, rupa.ErrRelationshipCardinality)
	_, err = pr.AsOrder()
	require.ErrorIs(t, err, rupa.ErrUnexpectedType)
}

func TestClinicIDErrors(t *testing.T) {
	t.Parallel()
	seed := string(seedEvent(t))
	tests := []struct {
		name    string
		edit    func(string) string
		wantErr error
	}{
		{"practitioner not included", func(s string) string {
			return strings.Replace(s, `"id": "pra_PbpNmjM",
        "relationships"`, `"id": "pra_OTHER",
        "relationships"`, 1)
		}, rupa.ErrNotIncluded},
		{"no patients_practitioner", func(s string) string {
			return strings.Replace(s, `"patients_practitioner"`, `"other_practitioner"`, 1)
		}, rupa.ErrRelationshipMissing},
		{"null patients_practitioner", func(s string) string {
			return strings.Replace(s, `"patients_practitioner": {
          "data": {"id": "pra_PbpNmjM", "type": "practitioner"}
        }`, `"patients_practitioner": {"data": null}`, 1)
		}, rupa.ErrRelationshipMissing},
		{"practitioner without clinic", func(s string) string {
			return strings.Replace(s, `"clinic": {"data": {"id": "cli_Epqpo2g", "type": "clinic"}}`, `"clinic": {"data": null}`, 1)
		}, rupa.ErrRelationshipMissing},
		{"object is not an order", func(s string) string {
			return strings.Replace(s, `"type": "order"
    }`, `"type": "order_intent"
    }`, 1)
		}, rupa.ErrUnexpectedType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := tc.edit(seed)
			require.NotEqual(t, seed, body, "the edit applied")
			e, err := rupa.ParseEvent([]byte(body))
			require.NoError(t, err)
			_, err = e.ClinicID()
			require.ErrorIs(t, err, tc.wantErr)
			assert.NotContains(t, err.Error(), "pra_")
		})
	}
}

func TestParseEventUnknownTypesAndFieldsKept(t *testing.T) {
	t.Parallel()
	body := `{"id":"evt_1","type":"order.status_changed","created_at":"2024-06-13T13:28:50.776301+00:00",
	"data":{"object":{"id":"ord_1","type":"order","attributes":{"status":"Shipped","total_price":"12.50","shiny":{"a":1}},
	"relationships":{"patients_practitioner":{"data":{"id":"pra_1","type":"practitioner"}},"kits":{"data":[{"id":"kit_1","type":"kit"}],"meta":{"count":1},"links":{"related":"x"}}}},
	"included":[{"id":"kit_1","type":"kit","attributes":{"tracking":"1Z"}},{"id":"pra_1","type":"practitioner","relationships":{"clinic":{"data":{"id":"cli_1","type":"clinic"}}}}]},
	"extra":true}`
	e, err := rupa.ParseEvent([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, rupa.EventType("order.status_changed"), e.Type)
	assert.False(t, e.Type.IsKnown())
	_, err = e.OrderNewResult()
	require.ErrorIs(t, err, rupa.ErrUnexpectedType, "only order.new_result is typed")

	o, err := e.Order()
	require.NoError(t, err)
	assert.Equal(t, rupa.OrderStatus("Shipped"), o.Attributes.Status)
	assert.False(t, o.Attributes.Status.IsKnown())
	assert.Equal(t, "12.50", o.Attributes.TotalPrice.String(), "a numeric string keeps its digits")
	var extra struct {
		Shiny map[string]int `json:"shiny"`
	}
	require.NoError(t, o.DecodeAttributes(&extra))
	assert.Equal(t, 1, extra.Shiny["a"])

	kit, ok := e.Index().Get(rupa.Identifier{ID: "kit_1", Type: "kit"})
	require.True(t, ok)
	assert.JSONEq(t, `{"tracking":"1Z"}`, string(kit.Attributes))
	kits, err := e.Index().RelatedMany(o.Resource, "kits")
	require.NoError(t, err)
	assert.Equal(t, kit, kits[0])
	rel, _ := o.Relationship("kits")
	assert.Equal(t, 1, *rel.Count)
	assert.Contains(t, string(o.RawJSON()), `"links":{"related":"x"}`, "members not modelled are in the resource's raw JSON")
	assert.JSONEq(t, string(kit.RawJSON()), `{"id":"kit_1","type":"kit","attributes":{"tracking":"1Z"}}`)

	clinic, err := e.ClinicID()
	require.NoError(t, err)
	assert.Equal(t, "cli_1", clinic)

	// RawJSON keeps every member as sent; json.Marshal shows the summary only.
	assert.Contains(t, string(e.Data.Object.RawJSON()), `"shiny":{"a":1}`)
	b, err := json.Marshal(e.Data.Object)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"order","id":"ord_1","redacted":true}`, string(b))
}

func TestParseEventRejects(t *testing.T) {
	t.Parallel()
	obj := `{"id":"ord_1","type":"order"}`
	tests := map[string]string{
		"empty":                 ``,
		"not an object":         `[]`,
		"python quotes":         `{'id': 'evt_1'}`,
		"trailing comma":        `{"id":"evt_1","type":"order.new_result","data":{"object":` + obj + `},}`,
		"missing id":            `{"type":"order.new_result","data":{"object":` + obj + `}}`,
		"missing type":          `{"id":"evt_1","data":{"object":` + obj + `}}`,
		"missing object":        `{"id":"evt_1","type":"order.new_result","data":{}}`,
		"object without type":   `{"id":"evt_1","type":"order.new_result","data":{"object":{"id":"ord_1"}}}`,
		"duplicate key":         `{"id":"evt_1","id":"evt_2","type":"order.new_result","data":{"object":` + obj + `}}`,
		"case-variant key":      `{"id":"evt_1","ID":"evt_2","type":"order.new_result","data":{"object":` + obj + `}}`,
		"trailing data":         `{"id":"evt_1","type":"order.new_result","data":{"object":` + obj + `}} {}`,
		"invalid utf8":          "{\"id\":\"evt_\xff\",\"type\":\"order.new_result\",\"data\":{\"object\":" + obj + "}}",
		"relationship string":   `{"id":"evt_1","type":"x","data":{"object":{"id":"ord_1","type":"order","relationships":{"patient":{"data":"pat_1"}}}}}`,
		"linkage without type":  `{"id":"evt_1","type":"x","data":{"object":{"id":"ord_1","type":"order","relationships":{"patient":{"data":{"id":"pat_1"}}}}}}`,
		"attributes array":      `{"id":"evt_1","type":"x","data":{"object":{"id":"ord_1","type":"order","attributes":[1]}}}`,
		"included twice":        `{"id":"evt_1","type":"x","data":{"object":` + obj + `,"included":[{"id":"p","type":"t"},{"id":"p","type":"t"}]}}`,
		"object included again": `{"id":"evt_1","type":"x","data":{"object":` + obj + `,"included":[` + obj + `]}}`,
		"bad created_at":        `{"id":"evt_1","type":"x","created_at":"yesterday","data":{"object":` + obj + `}}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := rupa.ParseEvent([]byte(body))
			require.ErrorIs(t, err, rupa.ErrInvalidEvent)
			assert.NotContains(t, err.Error(), "\n", "one line")
			assert.NotContains(t, err.Error(), "pat_1")
		})
	}
}

func TestTypedAttributeErrorsDoNotQuoteValues(t *testing.T) {
	t.Parallel()
	body := `{"id":"evt_1","type":"order.new_result","data":{"object":{"id":"ord_1","type":"order","attributes":{"notes_to_patient":{"secret":"Jane Canary"},"status":"In Progress"}}}}`
	e, err := rupa.ParseEvent([]byte(body))
	require.NoError(t, err, "attributes are decoded on demand")
	_, err = e.OrderNewResult()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "notes_to_patient")
	assert.NotContains(t, err.Error(), "Canary")
}
