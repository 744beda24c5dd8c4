package ovation_test

import (
	"encoding/json"
	"testing"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/stretchr/testify/require"
)

const tid = ovation.ID("789")

// start returns a fake and a client on it, retries fast.
func start(t *testing.T, opts ...ovationtest.Option) (*ovation.Client, *ovationtest.Server) {
	t.Helper()
	srv := ovationtest.Start(t, opts...)
	c, err := ovation.NewClient(ovation.WithBaseURL(srv.URL), ovation.WithAPIKey(ovationtest.DefaultAPIKey),
		ovation.WithRetryWait(1e6, 2e6))
	require.NoError(t, err)
	return c, srv
}

// twoSamples is a requisition with two samples, as the example creates.
func twoSamples() *ovation.Requisition {
	consent := ovation.MedicalConsentGiven
	return &ovation.Requisition{
		RequestedTests: []ovation.RequestedTest{{PanelCode: "COVID", Tests: []ovation.Test{{TestCode: "SARS2"}}}},
		Diagnosis:      []string{"Z20.822"},
		Medications:    []ovation.Medication{{RxCUI: "197361"}},
		Patient: &ovation.Patient{Identifier: "MRN-0001", FirstName: "CANARY-Jane", LastName: "Doe",
			DateOfBirth: ovation.Date{Year: 1980, Month: 4, Day: 8}, Gender: ovation.GenderFemale},
		ProviderAccount:   &ovation.ProviderAccountRef{Name: "Clinic", AccountNumber: "A-1"},
		Physician:         &ovation.Physician{NPI: "1234567893"},
		HasMedicalConsent: &consent,
		Samples: []ovation.Sample{
			{Identifier: "S-1", Group: "Swab", Label: "NP Swab", ContainerType: ovation.ContainerTypeTube},
			{Identifier: "S-2", Group: "Blood", Label: "Serum"},
		},
	}
}

// last returns the last recorded request matching pattern.
func last(t *testing.T, srv *ovationtest.Server, pattern string) ovationtest.Request {
	t.Helper()
	rs := srv.RequestsMatching(pattern)
	require.NotEmpty(t, rs, pattern)
	return rs[len(rs)-1]
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
