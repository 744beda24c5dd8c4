package ovation_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
)

// Issue 18 item 2: every call that returns one resource with an id (requisitions, provider
// accounts, webhook endpoints, workflows) refuses a 2xx answer without one, bare or
// wrapped, with ErrInvalidResponse: one rule, the transport's, for every vendor.
func TestIssue18Item2AnswerWithoutIDIsInvalid(t *testing.T) {
	t.Parallel()
	endpoint := func() *ovation.WebhookEndpointParams {
		return &ovation.WebhookEndpointParams{TargetURL: "https://hooks.example.test/o", Username: "u", Password: "p", Event: ovation.EventTypeReportSigned}
	}
	calls := []struct {
		route string
		call  func(ctx context.Context, c *ovation.Client) (any, error)
	}{
		{ovationtest.RouteGetRequisition, func(ctx context.Context, c *ovation.Client) (any, error) { return c.Requisitions.Get(ctx, tid, "R1") }},
		{ovationtest.RouteCreateRequisition, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: twoSamples()})
		}},
		{ovationtest.RouteUpdateRequisition, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.Requisitions.Update(ctx, tid, "R1", &ovation.RequisitionUpdateParams{Requisition: twoSamples()})
		}},
		{ovationtest.RouteGetUnscoped, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.UnscopedRequisitions.Get(ctx, "123", "R1")
		}},
		{ovationtest.RouteCreateUnscoped, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.UnscopedRequisitions.Create(ctx, &ovation.UnscopedCreateParams{OrganizationID: "123", Requisition: twoSamples()})
		}},
		{ovationtest.RouteCreateProviderAccount, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.ProviderAccounts.Create(ctx, "123", &ovation.ProviderAccount{Name: "Clinic"})
		}},
		{ovationtest.RouteGetProviderAccount, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.ProviderAccounts.Get(ctx, "123", "5")
		}},
		{ovationtest.RouteUpdateProviderAccount, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.ProviderAccounts.Update(ctx, "123", "5", &ovation.ProviderAccount{Name: "Clinic"})
		}},
		{ovationtest.RouteGetWebhookEndpoint, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.WebhookEndpoints.Get(ctx, tid, "5")
		}},
		{ovationtest.RouteCreateWebhookEndpoint, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.WebhookEndpoints.Create(ctx, tid, endpoint())
		}},
		{ovationtest.RouteUpdateWebhookEndpoint, func(ctx context.Context, c *ovation.Client) (any, error) {
			return c.WebhookEndpoints.Update(ctx, tid, "5", endpoint())
		}},
		{ovationtest.RouteGetWorkflow, func(ctx context.Context, c *ovation.Client) (any, error) { return c.Workflows.Get(ctx, "5") }},
	}
	bodies := []string{`{}`, `{"name":"CANARY"}`, `{"requisition":{}}`, `{"providerAccount":{"name":"CANARY"}}`,
		`{"webhook_endpoint":{"id":null}}`, `{"workflow":{"id":""}}`}
	for _, body := range bodies {
		for _, tc := range calls {
			t.Run(body+" "+tc.route, func(t *testing.T) {
				t.Parallel()
				c, srv := start(t)
				srv.Script(ovationtest.Fault{Route: tc.route, Status: http.StatusOK, Body: json.RawMessage(body)})
				got, err := tc.call(context.Background(), c)
				require.ErrorIs(t, err, ovation.ErrInvalidResponse, "got %v", got)
				assert.NotErrorIs(t, err, ovation.ErrOutcomeUnknown, "Ovation answered 2xx")
				assert.NotContains(t, err.Error(), "CANARY")
				assert.Empty(t, srv.PendingFaults())
			})
		}
	}
}
