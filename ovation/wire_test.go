package ovation

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/labwire/labwire/internal/phi"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wireJSON is the body the transport sends for v.
func wireJSON(v any) ([]byte, error) {
	p, err := phi.Plain(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

// What is sent for a requisition decoded from Ovation's template: the documented numbers
// for the consent flags, the piped entitlements, unknown values unchanged, ids as numbers,
// and no reports.
func TestWireFormOfADecodedRequisition(t *testing.T) {
	b, err := os.ReadFile("testdata/seed_requisition.json")
	require.NoError(t, err)
	var env struct {
		Requisition Requisition `json:"requisition"`
	}
	require.NoError(t, json.Unmarshal(b, &env))
	r := env.Requisition
	r.ID, r.ReportingStatus, r.Reports = "77", "brand-new", []Report{{Status: "signed"}}
	out, err := wireJSON(writeBody(&r, Ptr(true)))
	require.NoError(t, err)
	s := string(out)
	assert.Contains(t, s, `"hasMedicalConsent":0`)
	assert.Contains(t, s, `"hasSecondaryUseNotification":1`)
	assert.Contains(t, s, `"secondaryUseEntitlements":"can-use-specimen|can-use-clinical-data|can-recontact-patient"`)
	assert.Contains(t, s, `"reportingStatus":"brand-new"`, "unknown values round-trip")
	assert.Contains(t, s, `"id":77`)
	assert.Contains(t, s, `"patient":{"identifier":"string","lastName":"string","customAttributes":{"someAttributeKey":"some value"}}`)
	assert.Contains(t, s, `"insuranceProviderName":"Aetna health of California"`)
	assert.Contains(t, s, `"markAsSigned":true`)
	assert.NotContains(t, s, `"reports"`)
	assert.NotContains(t, s, "REDACTED")
}
