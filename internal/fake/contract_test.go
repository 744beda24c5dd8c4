package fake_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/fake"
	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// vendorFake is what the contract test needs of one vendor fake and its client.
type vendorFake struct {
	name string
	// start starts the fake and returns its URL, its Script and PendingFaults, and a call
	// through the vendor's client built with WithBaseURL(URL), on the route served.
	start func(t *testing.T) (url string, script func(...fake.Fault), pending func() []fake.Fault, call func(context.Context) error)
	// served is a Route constant; misspelt is a route no handler serves; prefixed is the
	// served route written with the base URL's path, which is not part of a route.
	served, misspelt, prefixed string
}

var retryFast = 2 * time.Millisecond

var fakes = []vendorFake{
	{
		name: "whooptest",
		start: func(t *testing.T) (string, func(...fake.Fault), func() []fake.Fault, func(context.Context) error) {
			srv := whooptest.Start(t)
			req, err := srv.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
				ServiceRequests: []whooptest.ServiceRequest{{Code: "LIPID_PANEL"}}})
			require.NoError(t, err)
			c, err := whoop.NewClient(whoop.WithBaseURL(srv.URL), whoop.WithRetryWait(time.Millisecond, retryFast),
				whoop.WithClientCredentials(whooptest.DefaultClientID, whooptest.DefaultClientSecret))
			require.NoError(t, err)
			return srv.URL, srv.Script, srv.PendingFaults, func(ctx context.Context) error {
				_, err := c.Requisitions.Get(ctx, req.ID)
				return err
			}
		},
		served: whooptest.RouteGetRequisition, misspelt: "GET /v2/partner/requisitions/{id}",
		prefixed: "GET /developer/v2/partner/requisition/{id}",
	},
	{
		name: "workpathtest",
		start: func(t *testing.T) (string, func(...fake.Fault), func() []fake.Fault, func(context.Context) error) {
			srv := workpathtest.Start(t)
			c, err := workpath.NewClient(workpath.WithBaseURL(srv.URL), workpath.WithRetryWait(time.Millisecond, retryFast),
				workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBasic))
			require.NoError(t, err)
			return srv.URL, srv.Script, srv.PendingFaults, func(ctx context.Context) error {
				_, err := c.Services.Get(ctx, workpathtest.DefaultService)
				return err
			}
		},
		served: workpathtest.RouteGetService, misspelt: "GET /service/{id}", prefixed: "GET /v2/services/{id}",
	},
	{
		name: "ovationtest",
		start: func(t *testing.T) (string, func(...fake.Fault), func() []fake.Fault, func(context.Context) error) {
			srv := ovationtest.Start(t)
			c, err := ovation.NewClient(ovation.WithBaseURL(srv.URL), ovation.WithRetryWait(time.Millisecond, retryFast),
				ovation.WithAPIKey(ovationtest.DefaultAPIKey))
			require.NoError(t, err)
			return srv.URL, srv.Script, srv.PendingFaults, func(ctx context.Context) error {
				_, err := c.Requisitions.List(ctx, ovation.IDFromInt(ovationtest.DefaultTemplateID), nil)
				return err
			}
		},
		served: ovationtest.RouteListRequisitions, misspelt: "GET /project_template/{tid}/requisitions",
		prefixed: "GET /api/v3/project_templates/{tid}/requisitions",
	},
	{
		name: "rupatest",
		start: func(t *testing.T) (string, func(...fake.Fault), func() []fake.Fault, func(context.Context) error) {
			srv := rupatest.Start(t)
			access, _, err := srv.IssueToken(rupatest.DefaultPractitionerID)
			require.NoError(t, err)
			c, err := rupa.NewClient(rupa.WithBaseURL(srv.URL), rupa.WithRetryWait(time.Millisecond, retryFast), rupa.WithBearerToken(access))
			require.NoError(t, err)
			return srv.URL, srv.Script, srv.PendingFaults, func(ctx context.Context) error {
				_, err := c.Patients.List(ctx, nil)
				return err
			}
		},
		served: rupatest.RouteListPatients, misspelt: "GET /patient", prefixed: "GET /api/patients",
	},
}

// Issue 18 item 6: the fakes alike. In every fake, Server.URL is the base URL the client's
// WithBaseURL takes (the README's pattern), a Fault on a Route constant fires through the
// client, and Script refuses, with a panic naming it, a route no handler serves: misspelt,
// or written with the base URL's path.
func TestIssue18Item6FakesAlike(t *testing.T) {
	t.Parallel()
	for _, f := range fakes {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			url, script, pending, call := f.start(t)
			require.NoError(t, call(ctx), "a client given WithBaseURL(srv.URL) works")

			script(fake.Fault{Route: f.served, Status: http.StatusServiceUnavailable, RetryAfter: "0"})
			require.NoError(t, call(ctx), "the client retried the 503")
			assert.Empty(t, pending(), "the fault on %s fired", f.served)

			for _, route := range []string{f.misspelt, f.prefixed} {
				func() {
					defer func() {
						p := recover()
						require.NotNil(t, p, "Script took %q", route)
						assert.Contains(t, fmt.Sprint(p), fmt.Sprintf("%q", route), "the panic names the route")
					}()
					script(fake.Fault{Route: route, Status: http.StatusServiceUnavailable})
				}()
			}
			assert.Empty(t, pending(), "nothing was queued")
			assert.NotEmpty(t, url)
		})
	}
}
