package whoop_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/labwire/labwire/whoop"
)

func TestTaskBusinessStatusClassification(t *testing.T) {
	t.Parallel()
	values := whoop.TaskBusinessStatusValues()
	assert.Len(t, values, 7)
	var happy, issue, terminal int
	for _, s := range values {
		assert.True(t, s.IsKnown(), s)
		if s.IsHappyPath() {
			happy++
		}
		if s.IsIssue() {
			issue++
			assert.True(t, s.IsTerminal(), "issue statuses are terminal: %s", s)
		}
		if s.IsTerminal() {
			terminal++
		}
	}
	assert.Equal(t, 4, happy)
	assert.Equal(t, 3, issue)
	assert.Equal(t, 4, terminal, "three issues and FULL_RESULTS_READY")
	assert.False(t, whoop.TaskBusinessStatus("Specimen collected").IsKnown())
}

func TestCanTransitionTo(t *testing.T) {
	t.Parallel()
	const (
		none  = whoop.TaskBusinessStatus("")
		conf  = whoop.TaskBusinessStatusOrderConfirmed
		att   = whoop.TaskBusinessStatusAppointmentAttended
		part  = whoop.TaskBusinessStatusPartialResultsReady
		full  = whoop.TaskBusinessStatusFullResultsReady
		apptI = whoop.TaskBusinessStatusAppointmentIssue
		resI  = whoop.TaskBusinessStatusResultsIssue
		ordI  = whoop.TaskBusinessStatusOrderIssue
	)
	allowed := map[whoop.TaskBusinessStatus][]whoop.TaskBusinessStatus{
		none:  {conf, apptI, resI, ordI},
		conf:  {conf, att, apptI, resI, ordI},
		att:   {att, part, full, apptI, resI, ordI},
		part:  {part, full, apptI, resI, ordI},
		full:  {full},
		apptI: {apptI},
		resI:  {resI},
		ordI:  {ordI},
	}
	for from, tos := range allowed {
		for _, to := range whoop.TaskBusinessStatusValues() {
			want := false
			for _, a := range tos {
				want = want || a == to
			}
			assert.Equal(t, want, from.CanTransitionTo(to), "%q → %q", from, to)
		}
		assert.False(t, from.CanTransitionTo("Results pending"), "unknown target from %q", from)
		assert.False(t, from.CanTransitionTo(""), "back to unconfirmed from %q", from)
	}
	assert.False(t, whoop.TaskBusinessStatus("NEW_WHOOP_STATUS").CanTransitionTo(full), "unknown source")
}
