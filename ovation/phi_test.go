package ovation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/labwire/labwire/internal/phi/phitest"
	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPHITypesRedactEverywhere(t *testing.T) {
	r := twoSamples() // the patient's first name is CANARY-Jane
	r.BillingInformation = &ovation.BillingInformation{BillTo: ovation.BillToInsurance, MemberID: "CANARY-member",
		InsuranceInformations: []ovation.InsuranceInformation{{SubscriberNumber: "CANARY-subscriber"}}}
	r.Reports = []ovation.Report{{Status: ovation.ReportingStatusSigned, Result: "CANARY-positive"}}
	phitest.AssertRedacted(t, *r, "CANARY-Jane", "CANARY-member", "CANARY-subscriber", "CANARY-positive")
	phitest.AssertRedacted(t, *r.Patient, "CANARY-Jane")
	phitest.AssertRedacted(t, *r.BillingInformation, "CANARY-member")
	phitest.AssertRedacted(t, r.BillingInformation.InsuranceInformations[0], "CANARY-subscriber")
	phitest.AssertRedacted(t, r.Reports[0], "CANARY-positive")

	e, err := ovation.ParseEvent([]byte(`{"eventType":"report_signed","requisitionIdentifier":"R-1","patientMRN":"CANARY-MRN","reportResult":"CANARY-Detected"}`))
	require.NoError(t, err)
	phitest.AssertRedacted(t, *e, "CANARY-MRN", "CANARY-Detected")

	up := ovation.ReportUploadParams{RequisitionIdentifier: "R-1", Content: []byte("%PDF CANARY-report")}
	for _, out := range []string{fmt.Sprint(up), fmt.Sprintf("%+v %#v %s %x", up, &up, up, up)} {
		assert.NotContains(t, out, "CANARY")
	}
	rp := ovation.ResourceUploadParams{SampleIdentifier: "S-1", FileContent: []byte("%PDF CANARY-resource")}
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", rp, &rp, []ovation.ResourceUploadParams{rp}), "CANARY")

	var res ovation.WorkflowSampleResult
	require.NoError(t, json.Unmarshal([]byte(`{"requisition":{"patient":{"lastName":"CANARY-Doe"}},"testResults":[{"result":"CANARY-pos"}]}`), &res))
	phitest.AssertRedacted(t, res, "CANARY-Doe", "CANARY-pos")
}

// The client's logs and errors never hold the key, patient data, or what Ovation echoes.
func TestNoPHIInLogsOrErrors(t *testing.T) {
	srv := ovationtest.Start(t, ovationtest.WithAPIKey("CANARY-api-key"))
	var logs bytes.Buffer
	c, err := ovation.NewClient(ovation.WithBaseURL(srv.URL), ovation.WithAPIKey("CANARY-api-key"),
		ovation.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))), ovation.WithMaxRetries(0))
	require.NoError(t, err)
	ctx := context.Background()
	r := twoSamples()
	r.Identifier = "CANARY-ident"
	r.Samples[0].Label = "CANARY-label" // not a label of the template: 422 echoing nothing, but the request holds it
	_, err = c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: r})
	require.ErrorIs(t, err, ovation.ErrValidation)
	srv.Script(ovationtest.Fault{Route: ovationtest.RouteGetRequisition, Status: 422,
		Body: map[string]any{"errors": map[string]any{"patient": map[string]any{"lastName": []string{"CANARY-Jane is not valid"}}}}})
	_, err2 := c.Requisitions.Get(ctx, tid, "CANARY-ident")
	require.ErrorIs(t, err2, ovation.ErrValidation)
	d, ok := ovation.ErrorDetailsOf(err2)
	require.True(t, ok)
	assert.Equal(t, []string{"CANARY-Jane is not valid"}, d.Fields["patient.lastName"])
	_, err3 := c.Requisitions.List(ctx, tid, &ovation.RequisitionListParams{AccessionStatus: []ovation.AccessionStatus{"CANARY-status"}})
	require.NoError(t, err3)
	for _, s := range []string{err.Error(), err2.Error(), logs.String()} {
		assert.NotContains(t, s, "CANARY")
	}
	assert.NotEmpty(t, logs.String())
}
