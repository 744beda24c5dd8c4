package ovation_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEventEveryType(t *testing.T) {
	files, err := filepath.Glob("testdata/events/*.json")
	require.NoError(t, err)
	seen := map[ovation.EventType]*ovation.Event{}
	for _, f := range files {
		e, err := ovation.ParseEvent(readFile(t, f))
		require.NoError(t, err, f)
		assert.Equal(t, strings.TrimSuffix(filepath.Base(f), ".json"), map[bool]string{true: string(e.Type), false: "unknown_type"}[e.Type.IsKnown()])
		seen[e.Type] = e
	}
	for _, typ := range ovation.EventTypeValues() {
		require.Contains(t, seen, typ)
	}
	rs := seen[ovation.EventTypeReportSigned]
	assert.Equal(t, ovation.ID("789"), rs.ProjectTemplateID, "a string id")
	assert.Equal(t, "1234567893", rs.ProviderNPI)
	assert.Empty(t, rs.PatientCustomAttributes, `patientCustomAttributes ""`)
	assert.Equal(t, "Lab Director", rs.SignedBy[0].Name)
	assert.Equal(t, "COVID", rs.ReportResultDetails["panel_code"])
	assert.Equal(t, "1234567893", seen[ovation.EventTypeReportCorrected].ProviderNPI, "physicianNPI")
	rr := seen[ovation.EventTypeReportReadyForGeneration]
	assert.Equal(t, ovation.ID("4401"), rr.ReportID)
	assert.Equal(t, ovation.ID("789"), rr.ProjectTemplateID, "a number id")
	assert.Equal(t, time.Unix(1614592800, 0).UTC(), rr.Timestamp.Time)
	assert.JSONEq(t, `{"assay":{"name":"SARS-CoV-2","result":"Not detected"}}`, string(rr.Results))
	rc := seen[ovation.EventTypeReportCorrectionReadyForGeneration]
	assert.Equal(t, ovation.ID("4402"), rc.ReportID)
	assert.Equal(t, time.Unix(1614679200, 0).UTC(), rc.Timestamp.Time)
	tr := seen[ovation.EventTypeTestResultReady]
	assert.Equal(t, []ovation.ID{"9001", "9002", "9003"}, []ovation.ID{tr.SampleTestResults[0].ID, tr.SampleTestResults[1].ID, tr.SampleTestResults[2].ID})
	unk := seen["sample_received"]
	assert.False(t, unk.Type.IsKnown())
	assert.Contains(t, string(unk.RawJSON()), "newField")
}

func TestParseEventRefuses(t *testing.T) {
	for _, body := range []string{``, `{}`, `[]`, `{"eventType":"report_signed","eventType":"x"}`,
		`{"eventType":"report_signed","EventType":"x"}`, `{"eventType":"report_signed"} x`,
		`{"eventType":"report_signed","reportId":{}}`, `{"eventType":"report_signed","timestamp":"soon"}`, "{\"eventType\":\"\xff\"}"} {
		_, err := ovation.ParseEvent([]byte(body))
		assert.ErrorIs(t, err, ovation.ErrInvalidEvent, body)
	}
	_, err := ovation.ParseEvent([]byte(`{"eventType":"report_signed","patientMRN":"CANARY-MRN","reportId":{"x":"CANARY-2"}}`))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "CANARY")
	assert.NotContains(t, err.Error(), "\n")
}
