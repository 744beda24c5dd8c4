package ovation_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

func TestSeedRequisitionTemplateDecodes(t *testing.T) {
	var env struct {
		Requisition  ovation.Requisition `json:"requisition"`
		MarkAsSigned bool                `json:"markAsSigned"`
	}
	require.NoError(t, json.Unmarshal(readFile(t, "testdata/seed_requisition.json"), &env))
	r := env.Requisition
	assert.True(t, env.MarkAsSigned)
	assert.Equal(t, "somePanelCode", r.RequestedTests[0].PanelCode)
	assert.Equal(t, "someTestCode", r.RequestedTests[0].Tests[0].TestCode)
	assert.Equal(t, "some physician identifier", r.Physician.NPI)
	assert.Equal(t, "some value", r.Patient.CustomAttributes["someAttributeKey"])
	require.NotNil(t, r.HasMedicalConsent)
	assert.Equal(t, ovation.MedicalConsentGiven, *r.HasMedicalConsent, "boolean true is consent given (0)")
	assert.Equal(t, ovation.SecondaryUseNotified, *r.HasSecondaryUseNotification, "boolean true is notified (1)")
	assert.Equal(t, ovation.Entitlements{ovation.EntitlementCanUseSpecimen, ovation.EntitlementCanUseClinicalData, ovation.EntitlementCanRecontactPatient}, r.SecondaryUseEntitlements)
	assert.Equal(t, "343432343", r.BillingInformation.InsuranceInformations[0].PreAuthorization.AuthorizationNumber)
	assert.False(t, r.BillingInformation.UsesInsurance(), `billTo "string" is not "Bill Insurance"`)

	// json.Marshal of a Requisition is its redacted summary (what is sent: wire_test.go).
	assert.NotContains(t, mustJSON(t, r), "some physician identifier")
}

func TestSeedListDecodesSnakeCase(t *testing.T) {
	var page struct {
		Requisitions []ovation.Requisition `json:"requisitions"`
		Meta         ovation.Meta          `json:"meta"`
	}
	require.NoError(t, json.Unmarshal(readFile(t, "testdata/seed_list_response.json"), &page))
	r := page.Requisitions[0]
	assert.Equal(t, ovation.ID("12345"), r.ID)
	assert.Equal(t, ovation.ID("12345"), r.TemplateID)
	assert.Equal(t, ovation.RequisitionStatusProcessing, r.Status)
	assert.Equal(t, ovation.AccessionStatusIncomplete, r.AccessionStatus)
	assert.Equal(t, ovation.ProcessingStatusUnprocessed, r.ProcessingStatus)
	assert.Equal(t, ovation.ReportingStatus("not-started"), r.ReportingStatus)
	assert.Equal(t, ovation.BillingStatusNotSubmitted, r.BillingStatus)
	assert.Equal(t, time.Date(2020, 8, 22, 8, 0, 0, 0, time.UTC), r.CreatedAt)
	w := r.Workflows[0]
	assert.Equal(t, ovation.ID("12345"), w.WorkflowDefinitionID)
	assert.Equal(t, time.Date(2020, 8, 22, 12, 0, 0, 0, time.UTC), w.CompletedAt)
	assert.Equal(t, []ovation.ID{"12345"}, w.Samples[0].WorkflowSampleResultIDs)
	assert.Equal(t, ovation.Meta{CurrentPage: 1, PerPage: 5000, TotalEntries: 2}, page.Meta)

	var created struct {
		Requisition ovation.Requisition `json:"requisition"`
	}
	require.NoError(t, json.Unmarshal(readFile(t, "testdata/seed_create_response.json"), &created))
	assert.Equal(t, ovation.ID("26355"), created.Requisition.ID)
	assert.Equal(t, "COVID-107", created.Requisition.Identifier)
}

func TestLenientFields(t *testing.T) {
	var r ovation.Requisition
	require.NoError(t, json.Unmarshal([]byte(`{"id":"77","templateId":5,"accessionStatus":"signed","accession_status":"complete",
		"provider":{"npi":"111"},"signedConsent":false,"hasMedicalConsent":"3","reportingStatus":"brand-new",
		"customAttributes":{"n":12,"b":true,"z":null},"reports":[{"status":"signed","sampleTatHours":12.50,"signedBy":["Dr A",{"name":"Dr B"}]}]}`), &r))
	assert.Equal(t, ovation.ID("77"), r.ID)
	assert.Equal(t, ovation.AccessionStatusSigned, r.AccessionStatus, "camelCase wins")
	assert.Equal(t, "111", r.Physician.NPI, "older provider.npi")
	assert.Equal(t, ovation.SecondaryUseNotNotified, *r.HasSecondaryUseNotification, "signedConsent false is 0")
	assert.Equal(t, ovation.MedicalConsentUnknown, *r.HasMedicalConsent)
	assert.False(t, r.ReportingStatus.IsKnown())
	assert.Equal(t, ovation.CustomAttributes{"n": "12", "b": "true", "z": ""}, r.CustomAttributes)
	assert.Equal(t, "12.50", r.Reports[0].SampleTatHours.String(), "digits kept")
	assert.Equal(t, []ovation.Signer{{Name: "Dr A"}, {Name: "Dr B"}}, r.Reports[0].SignedBy)

	for _, bad := range []string{`{"hasMedicalConsent":"yes"}`, `{"id":{}}`, `{"customAttributes":[1]}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &ovation.Requisition{}), bad)
	}
}

func TestEnumsAndIDs(t *testing.T) {
	assert.Len(t, ovation.EventTypeValues(), 8)
	for _, v := range ovation.ReportingStatusValues() {
		assert.True(t, v.IsKnown())
	}
	assert.True(t, ovation.BillToInsurance.IsKnown())
	assert.False(t, ovation.Gender("X").IsKnown())
	n, ok := ovation.ID("26355").Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(26355), n)
	assert.Equal(t, ovation.ID("9"), ovation.IDFromInt(9))
	assert.Equal(t, `"A-1"`, mustJSON(t, ovation.ID("A-1")))
	assert.Equal(t, `"007"`, mustJSON(t, ovation.ID("007")))
	assert.Equal(t, ovation.Sandbox.BaseURL(), ovation.SandboxBaseURL)
}
