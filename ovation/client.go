package ovation

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

const vendor = "ovation"

// Client calls the Ovation LIMS API (v3). Create it with NewClient; it is immutable and safe
// for concurrent use.
type Client struct {
	tc *transport.Client

	// Requisitions are the requisition routes scoped to a project template.
	Requisitions *RequisitionsService
	// UnscopedRequisitions are the requisition routes scoped to an organization.
	UnscopedRequisitions *UnscopedRequisitionsService
	// ProjectTemplates lists project (requisition) templates and their reference data.
	ProjectTemplates *ProjectTemplatesService
	// Documents lists and adds the documents of a project template.
	Documents *DocumentsService
	// Workflows, WorkflowDefinitions and WorkflowSampleResults read results out of Ovation.
	Workflows             *WorkflowsService
	WorkflowDefinitions   *WorkflowDefinitionsService
	WorkflowSampleResults *WorkflowSampleResultsService
	// AdminReports reads the QC workflow report.
	AdminReports *AdminReportsService
	// Reports puts report content (a PDF) into Ovation.
	Reports *ReportsService
	// Resources uploads PDF resources to a sample, or asks for an upload link.
	Resources *ResourcesService
	// ProviderAccounts, Providers and ProviderAccountContacts manage ordering accounts.
	ProviderAccounts        *ProviderAccountsService
	Providers               *ProvidersService
	ProviderAccountContacts *ProviderAccountContactsService
	// SalesGroups and SalesReps manage the sales organisation.
	SalesGroups *SalesGroupsService
	SalesReps   *SalesRepsService
	// WebhookEndpoints configures where Ovation sends webhooks; WebhookEvents lists the
	// deliveries and requeues failed ones.
	WebhookEndpoints *WebhookEndpointsService
	WebhookEvents    *WebhookEventsService
}

// NewClient returns a client configured by opts. WithAPIKey is required. Every error is a
// *ValidationError matching ErrValidation whose Field names the option.
func NewClient(opts ...Option) (*Client, error) {
	required := []transport.Slot{{Name: transport.DefaultSlot, Options: []string{"WithAPIKey"}}}
	all := append([]Option{transport.WithErrorDecoder(decodeErrorBody)}, opts...)
	tc, _, err := transport.NewFromOptions(vendor, DefaultBaseURL, required, all...)
	if err != nil {
		return nil, err
	}
	c := &Client{tc: tc}
	c.Requisitions = &RequisitionsService{c: c}
	c.UnscopedRequisitions = &UnscopedRequisitionsService{c: c}
	c.ProjectTemplates = &ProjectTemplatesService{c: c}
	c.Documents = &DocumentsService{c: c}
	c.Workflows = &WorkflowsService{c: c}
	c.WorkflowDefinitions = &WorkflowDefinitionsService{c: c}
	c.WorkflowSampleResults = &WorkflowSampleResultsService{c: c}
	c.AdminReports = &AdminReportsService{c: c}
	c.Reports = &ReportsService{c: c}
	c.Resources = &ResourcesService{c: c}
	c.ProviderAccounts = &ProviderAccountsService{c: c}
	c.Providers = &ProvidersService{c: c}
	c.ProviderAccountContacts = &ProviderAccountContactsService{c: c}
	c.SalesGroups = &SalesGroupsService{c: c}
	c.SalesReps = &SalesRepsService{c: c}
	c.WebhookEndpoints = &WebhookEndpointsService{c: c}
	c.WebhookEvents = &WebhookEventsService{c: c}
	return c, nil
}

// Do calls a route this package does not wrap, through the same key, retries, caps and
// logging: r.Route is a template under the base URL such as
// "/project_templates/{id}/documents" whose placeholders are filled, path-escaped, from
// r.Params; r.Query never reaches logs or errors (proxies see it: keep patient data out);
// r.Body is sent as JSON. A 2xx JSON answer is decoded into out (if not nil). A POST is
// never retried once it may have reached Ovation.
func (c *Client) Do(ctx context.Context, r *RawRequest, out any, opts ...RequestOption) (*Response, error) {
	resp, err := c.tc.DoRaw(ctx, r, out, opts...)
	return resp, classify(err)
}

// send makes one call and decodes a 2xx JSON answer into out.
func (c *Client) send(ctx context.Context, r transport.Request, opts []RequestOption, out any) error {
	_, err := c.tc.Do(ctx, r.Apply(opts), out)
	return classify(err)
}

// sendLenient is send for routes whose answer body Ovation does not document: an empty
// 2xx body is a success that leaves out unset, and a JSON one is decoded into out.
func (c *Client) sendLenient(ctx context.Context, r transport.Request, opts []RequestOption, out any) error {
	r.Decode = func(body io.Reader) error {
		b, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(b)) == 0 || out == nil {
			return nil
		}
		// Strict, as the transport's own decode.
		if t, ok := out.(jsonx.Target); ok {
			err = t.DecodeJSON(b)
		} else {
			err = jsonx.Unmarshal(b, out)
		}
		if err != nil {
			return errDecode
		}
		return nil
	}
	_, err := c.tc.Do(ctx, r.Apply(opts), nil)
	return classify(err)
}

// get is send for a GET.
func (c *Client) get(ctx context.Context, op, route string, params []string, q url.Values, opts []RequestOption, out any) error {
	return c.send(ctx, transport.Request{Op: op, Method: http.MethodGet, Route: route, Params: params, Query: q}, opts, out)
}
