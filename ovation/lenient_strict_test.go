package ovation_test

import (
	"context"
	"testing"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Routes whose answer Ovation leaves undocumented (report content PUT, webhook event retry)
// accept an empty 2xx, but a JSON answer is checked as strictly as any other: duplicate
// keys and invalid UTF-8 are ErrInvalidResponse. The PUT is sent once per call.
func TestUndocumentedAnswersAreStrictJSON(t *testing.T) {
	ctx := context.Background()
	for name, body := range map[string]string{
		"duplicate key": `{"message":"ok","message":"CANARY"}`,
		"invalid UTF-8": "{\"message\":\"CANARY-\xff\"}",
	} {
		t.Run(name, func(t *testing.T) {
			c, n := hostileOne(t, 200, body, map[string]string{"Content-Type": "application/json"})
			_, err := c.Reports.UploadContent(ctx, "7", &ovation.ReportUploadParams{RequisitionIdentifier: "R1", Content: []byte("%PDF")})
			require.Error(t, err)
			assert.ErrorIs(t, err, ovation.ErrInvalidResponse)
			assert.NotContains(t, err.Error(), "CANARY")
			assert.EqualValues(t, 1, n.Load())
			_, err = c.WebhookEvents.Retry(ctx, "1", []ovation.ID{"2"})
			assert.ErrorIs(t, err, ovation.ErrInvalidResponse)
			assert.EqualValues(t, 2, n.Load())
		})
	}
	c, _ := hostileOne(t, 201, "", nil)
	m, err := c.Reports.UploadContent(ctx, "7", &ovation.ReportUploadParams{RequisitionIdentifier: "R1", Content: []byte("%PDF")})
	require.NoError(t, err)
	assert.Empty(t, m.Message)
}
