package ovation_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every careless call is refused with a *ValidationError naming the field, before any
// request reaches the server.
func TestCarelessCallsRefusedBeforeSending(t *testing.T) {
	var got atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(ts.Close)
	c, err := ovation.NewClient(ovation.WithBaseURL(ts.URL), ovation.WithAPIKey("k"), ovation.WithMaxRetries(0))
	require.NoError(t, err)
	ctx := context.Background()
	firstErr := func(seq func(func(*ovation.Requisition, error) bool)) error {
		for _, err := range seq {
			return err
		}
		return nil
	}
	cases := []struct {
		name, field string
		call        func() error
	}{
		{"empty template", "projectTemplateID", func() error { _, err := c.Requisitions.List(ctx, "", nil); return err }},
		{"slash template", "projectTemplateID", func() error { _, err := c.Requisitions.Get(ctx, "1/2", "R1"); return err }},
		{"dotdot identifier", "identifier", func() error { _, err := c.Requisitions.Get(ctx, "1", ".."); return err }},
		{"slash identifier", "identifier", func() error { _, err := c.Requisitions.Delete(ctx, "1", "a/b"); return err }},
		{"empty identifier", "identifier", func() error {
			_, err := c.Requisitions.Update(ctx, "1", "", &ovation.RequisitionUpdateParams{})
			return err
		}},
		{"nil create", "params", func() error { _, err := c.Requisitions.Create(ctx, "1", nil); return err }},
		{"nil update", "params", func() error { _, err := c.Requisitions.Update(ctx, "1", "R1", nil); return err }},
		{"perPage 5001", "PerPage", func() error {
			_, err := c.Requisitions.List(ctx, "1", &ovation.RequisitionListParams{PerPage: 5001})
			return err
		}},
		{"perPage negative", "PerPage", func() error {
			_, err := c.Requisitions.List(ctx, "1", &ovation.RequisitionListParams{PerPage: -1})
			return err
		}},
		{"page negative", "Page", func() error {
			return firstErr(c.Requisitions.All(ctx, "1", &ovation.RequisitionListParams{Page: -1}))
		}},
		{"unscoped no org", "OrganizationID", func() error { _, err := c.UnscopedRequisitions.List(ctx, &ovation.UnscopedListParams{}); return err }},
		{"unscoped nil", "params", func() error { _, err := c.UnscopedRequisitions.List(ctx, nil); return err }},
		{"retry no ids", "eventIDs", func() error { _, err := c.WebhookEvents.Retry(ctx, "1", nil); return err }},
		{"retry empty id", "eventIDs[1]", func() error { _, err := c.WebhookEvents.Retry(ctx, "1", []ovation.ID{"2", ""}); return err }},
		{"report empty id", "reportID", func() error { _, err := c.Reports.UploadContent(ctx, "", &ovation.ReportUploadParams{}); return err }},
		{"report nil", "params", func() error { _, err := c.Reports.UploadContent(ctx, "7", nil); return err }},
		{"upload nil", "params", func() error { _, err := c.Resources.Upload(ctx, nil); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ovation.ValidationError
			require.True(t, errors.As(err, &ve), "want *ValidationError, got %v", err)
			assert.ErrorIs(t, err, ovation.ErrValidation)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
	assert.Zero(t, got.Load(), "no request may reach the server")
}
