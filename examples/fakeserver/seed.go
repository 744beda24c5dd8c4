package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/whoop/whooptest"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// The ids of WHOOP's "Complete a Service Request" tutorial, seeded so that its examples
// find their requisition.
const (
	tutorialRequisitionID    = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
	tutorialServiceRequestID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	tutorialPatientID        = "569250ea-0a6b-49ab-804b-13cf486aacc7"
)

// seeds are the demo data the fleet starts with.
type seeds struct {
	whoopToken, whoopRequisition, whoopServiceRequest string
	workpathIntake, workpathAppointment               int64
	ovationRequisition                                string
	rupaAccess, rupaRefresh, rupaPatient              string
}

// seed fills each fake with demo data: directly where the fake offers it, otherwise through
// labwire's client over the public address (which checks that address works).
func (f *fleet) seed(ctx context.Context) error {
	s := &f.seeds
	req, err := f.whoop.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
		ID:      tutorialRequisitionID,
		Patient: json.RawMessage(`{"id":"` + tutorialPatientID + `"}`),
		ServiceRequests: []whooptest.ServiceRequest{{
			ID: tutorialServiceRequestID, Code: "LIPID_PANEL", TaskDescription: "Fasting lipid panel",
		}},
	})
	if err != nil {
		return fmt.Errorf("whoop: %w", err)
	}
	s.whoopRequisition, s.whoopServiceRequest = req.ID, req.ServiceRequests[0].ID
	if s.whoopToken, err = f.whoop.IssueToken(whooptest.DefaultClientID); err != nil {
		return fmt.Errorf("whoop: %w", err)
	}

	wp, err := workpath.NewClient(
		workpath.WithBaseURL(f.baseURL("workpath")),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBasic),
	)
	if err != nil {
		return fmt.Errorf("workpath: %w", err)
	}
	in, err := wp.Intakes.Create(ctx, &workpath.IntakeCreateParams{
		OrderForm: workpathtest.DefaultOrderForm,
		Patient: &workpath.Patient{FirstName: "Testy", LastName: "McTestface", Phone: "+18045550123",
			Email: "testy@example.test", BiologicalSex: workpath.BiologicalSexFemale},
		Services:  []workpath.IntakeService{{ID: workpathtest.DefaultService}},
		StartTime: time.Now().Add(48 * time.Hour).Truncate(time.Hour).UTC(),
		Location:  &workpath.Address{Street: "123 Fourth St", City: "Richmond", State: "VA", Zip: "23219", Country: "US"},
	})
	if err != nil {
		return fmt.Errorf("workpath: %w", err)
	}
	if in.Object == nil || in.Object.Appointment == nil {
		return fmt.Errorf("workpath: the seeded intake was not published")
	}
	s.workpathIntake, s.workpathAppointment = in.Object.ID, *in.Object.Appointment

	ov, err := ovation.NewClient(ovation.WithBaseURL(f.baseURL("ovation")), ovation.WithAPIKey(ovationtest.DefaultAPIKey))
	if err != nil {
		return fmt.Errorf("ovation: %w", err)
	}
	q, err := ov.Requisitions.Create(ctx, ovation.IDFromInt(ovationtest.DefaultTemplateID), &ovation.RequisitionCreateParams{
		Requisition: &ovation.Requisition{
			RequestedTests: []ovation.RequestedTest{{PanelCode: "COVID"}},
			Patient: &ovation.Patient{FirstName: "Testy", LastName: "McTestface",
				DateOfBirth: ovation.Date{Year: 1990, Month: 1, Day: 2}},
			Physician: &ovation.Physician{NPI: "1234567893"},
			Samples:   []ovation.Sample{{Identifier: "S-DEMO-1", Group: "Swab", Label: "NP Swab"}},
		},
	})
	if err != nil {
		return fmt.Errorf("ovation: %w", err)
	}
	s.ovationRequisition = q.Identifier

	p, err := f.rupa.AddPatient(rupatest.DefaultClinicID, rupatest.Patient{FirstName: "Testa", LastName: "Rossi",
		Email: "testa@example.test", Birthday: "1990-01-02"})
	if err != nil {
		return fmt.Errorf("rupa: %w", err)
	}
	s.rupaPatient = p.ID
	if s.rupaAccess, s.rupaRefresh, err = f.rupa.IssueToken(rupatest.DefaultPractitionerID); err != nil {
		return fmt.Errorf("rupa: %w", err)
	}
	return nil
}
