package ovation_test

import (
	"testing"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
)

func TestDateFilterForms(t *testing.T) {
	assert.Equal(t, "2020-08-22", ovation.OnDate(ovation.Date{Year: 2020, Month: 8, Day: 22}).String())
	assert.Equal(t, "2027-01-01", ovation.ThroughDate(ovation.Date{Year: 2026, Month: 12, Day: 31}).String())
	assert.Equal(t, "2024-03-01", ovation.ThroughDate(ovation.Date{Year: 2024, Month: 2, Day: 29}).String())
	assert.Equal(t, "2020-08-22T08:00:00.000Z", ovation.AtTime(time.Date(2020, 8, 22, 8, 0, 0, 0, time.UTC)).String())
	ny := time.FixedZone("EDT", -4*3600)
	assert.Equal(t, "2020-08-22T23:59:59.999-04:00", ovation.AtTime(time.Date(2020, 8, 22, 23, 59, 59, 999e6, ny)).String())
	assert.True(t, ovation.DateFilter{}.IsZero())
	assert.Empty(t, ovation.DateFilter{}.String())
}
