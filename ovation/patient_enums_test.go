package ovation_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/ovation"
)

// Issue 18 item 2: a patient's gender and race outside Ovation's documented sets (gender
// M, F, U; race white, black, asian, islander, native, undisclosed) are refused before
// sending, by create, update and the un-scoped create, with a *ValidationError naming the
// field and not the value; the documented values and an empty one go out.
func TestIssue18Item2GenderAndRaceCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	c, srv := start(t)
	ctx := context.Background()
	for _, tc := range []struct {
		field string
		set   func(p *ovation.Patient)
	}{
		{"Requisition.Patient.Gender", func(p *ovation.Patient) { p.Gender = "female" }},
		{"Requisition.Patient.Gender", func(p *ovation.Patient) { p.Gender = "m" }},
		{"Requisition.Patient.Race", func(p *ovation.Patient) { p.Race = "hispanic" }},
		{"Requisition.Patient.Race", func(p *ovation.Patient) { p.Race = "White" }},
		{"Requisition.Patient.Gender", func(p *ovation.Patient) { p.Gender = "CANARY" }},
		{"Requisition.Patient.Race", func(p *ovation.Patient) { p.Race = "CANARY" }},
	} {
		calls := map[string]func(r *ovation.Requisition) error{
			"create": func(r *ovation.Requisition) error {
				_, err := c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: r})
				return err
			},
			"update": func(r *ovation.Requisition) error {
				_, err := c.Requisitions.Update(ctx, tid, "R1", &ovation.RequisitionUpdateParams{Requisition: r})
				return err
			},
			"unscoped create": func(r *ovation.Requisition) error {
				_, err := c.UnscopedRequisitions.Create(ctx, &ovation.UnscopedCreateParams{OrganizationID: "123", Requisition: r})
				return err
			},
		}
		for name, call := range calls {
			r := twoSamples()
			tc.set(r.Patient)
			err := call(r)
			var ve *ovation.ValidationError
			require.ErrorAs(t, err, &ve, "%s %s", name, tc.field)
			assert.Equal(t, tc.field, ve.Field, name)
			assert.ErrorIs(t, err, ovation.ErrValidation)
			assert.NotContains(t, err.Error(), "CANARY", "the value is not echoed")
		}
	}
	assert.Empty(t, srv.Requests(), "nothing was sent")

	for _, g := range append(ovation.GenderValues(), "") {
		for _, race := range append(ovation.RaceValues(), "") {
			r := twoSamples()
			r.Patient.Gender, r.Patient.Race = g, race
			_, err := c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: r})
			require.NoError(t, err, "%q %q", g, race)
		}
	}
}

// Issue 18 item 2: the fake refuses what Ovation refuses: a gender or race outside the
// documented sets is 422 with the field's message, on create and update.
func TestIssue18Item2FakeRefusesUndocumentedGenderAndRace(t *testing.T) {
	t.Parallel()
	c, _ := start(t)
	ctx := context.Background()
	req := map[string]any{
		"requestedTests": []any{map[string]any{"panelCode": "COVID"}},
		"samples":        []any{map[string]any{"identifier": "S-1", "label": "NP Swab"}},
		"patient":        map[string]any{"lastName": "Doe", "gender": "female", "race": "hispanic"},
	}
	_, err := c.Do(ctx, &ovation.RawRequest{Method: http.MethodPost, Route: "/project_templates/{tid}/requisitions",
		Params: []string{string(tid)}, Body: map[string]any{"requisition": req}}, nil)
	require.ErrorIs(t, err, ovation.ErrValidation)
	d, ok := ovation.ErrorDetailsOf(err)
	require.True(t, ok)
	assert.Contains(t, d.Fields, "patient.gender")
	assert.Contains(t, d.Fields, "patient.race")

	created, err := c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: twoSamples()})
	require.NoError(t, err)
	_, err = c.Do(ctx, &ovation.RawRequest{Method: http.MethodPut, Route: "/project_templates/{tid}/requisitions/{identifier}",
		Params: []string{string(tid), created.Identifier},
		Body:   map[string]any{"requisition": map[string]any{"patient": map[string]any{"race": "latino"}}}}, nil)
	require.ErrorIs(t, err, ovation.ErrValidation)
	d, ok = ovation.ErrorDetailsOf(err)
	require.True(t, ok)
	assert.Equal(t, []string{"patient.race"}, keys(d.Fields))
}

func keys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
