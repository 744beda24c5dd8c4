package whoop

import (
	"context"
	"net/http"

	"github.com/labwire/labwire/internal/transport"
)

// DevelopmentService is Client.Development: test data on non-production deployments.
type DevelopmentService struct{ c *Client }

// AddTestData asks WHOOP to generate a test user and a lab requisition for your partner
// account; WHOOP then sends lab_requisition.created to your webhook. WHOOP answers 204, and
// 404 ("Not available in production environments") in production.
//
// POST /v2/partner/development/add-test-data
func (s *DevelopmentService) AddTestData(ctx context.Context, opts ...RequestOption) error {
	return s.c.send(ctx, transport.Request{
		Op: "development.add_test_data", Method: http.MethodPost,
		Route: "/v2/partner/development/add-test-data",
	}, opts, nil)
}
