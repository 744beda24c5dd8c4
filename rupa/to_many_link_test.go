package rupa_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa"
)

const seedPractitionerLink = `"patients_practitioner": {
          "data": {"id": "pra_PbpNmjM", "type": "practitioner"}
        }`

// Issue 18 item 2: Rupa sends relationships in to-many form too (a one-element array with
// meta.count), so patients_practitioner, and the practitioner's clinic, are read in either
// form: the clinic is matched. Two or more practitioners is an error that says so (no ids in
// it); an empty array is a missing link.
func TestIssue18Item2PatientsPractitionerToManyForm(t *testing.T) {
	t.Parallel()
	seed := string(seedEvent(t))
	require.Contains(t, seed, seedPractitionerLink)
	toMany := strings.Replace(seed, seedPractitionerLink,
		`"patients_practitioner": {"data": [{"id": "pra_PbpNmjM", "type": "practitioner"}], "meta": {"count": 1}}`, 1)
	clinicToMany := strings.Replace(toMany, `"clinic": {"data": {"id": "cli_Epqpo2g", "type": "clinic"}}`,
		`"clinic": {"data": [{"id": "cli_Epqpo2g", "type": "clinic"}], "meta": {"count": 1}}`, 1)
	require.NotEqual(t, toMany, clinicToMany)

	for name, body := range map[string]string{"to-one": seed, "to-many": toMany, "clinic to-many too": clinicToMany} {
		e, err := rupa.ParseEvent([]byte(body))
		require.NoError(t, err, name)
		clinic, err := e.ClinicID()
		require.NoError(t, err, name)
		assert.Equal(t, "cli_Epqpo2g", clinic, name)

		n, err := e.OrderNewResult()
		require.NoError(t, err, name)
		id, err := n.Order.PatientsPractitioner()
		require.NoError(t, err, name)
		assert.Equal(t, rupa.Identifier{ID: "pra_PbpNmjM", Type: rupa.ResourceTypePractitioner}, id, name)
		pr, err := n.PatientsPractitioner()
		require.NoError(t, err, name)
		assert.Equal(t, "pra_PbpNmjM", pr.ID, name)
		c, err := pr.Clinic()
		require.NoError(t, err, name)
		assert.Equal(t, "cli_Epqpo2g", c.ID, name)
	}

	two := strings.Replace(seed, seedPractitionerLink, `"patients_practitioner": {"data": [
		{"id": "pra_PbpNmjM", "type": "practitioner"}, {"id": "pra_SECOND", "type": "practitioner"}], "meta": {"count": 2}}`, 1)
	e, err := rupa.ParseEvent([]byte(two))
	require.NoError(t, err)
	_, err = e.ClinicID()
	require.ErrorIs(t, err, rupa.ErrRelationshipCardinality)
	assert.Contains(t, err.Error(), "2 linked resources where one belongs")
	assert.NotContains(t, err.Error(), "pra_")
	n, err := e.OrderNewResult()
	require.NoError(t, err)
	_, err = n.Order.PatientsPractitioner()
	require.ErrorIs(t, err, rupa.ErrRelationshipCardinality)

	none := strings.Replace(seed, seedPractitionerLink, `"patients_practitioner": {"data": [], "meta": {"count": 0}}`, 1)
	e, err = rupa.ParseEvent([]byte(none))
	require.NoError(t, err)
	_, err = e.ClinicID()
	require.ErrorIs(t, err, rupa.ErrRelationshipMissing)
}
