package ovation_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryOtherRouteOnTheWire calls each route not covered by the flow tests against the
// fake and checks method, path, query and body of what was sent, and the decoded answer.
func TestEveryOtherRouteOnTheWire(t *testing.T) {
	c, srv := start(t)
	ctx := context.Background()
	req, err := c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: twoSamples()})
	require.NoError(t, err)
	_, err = srv.RunWorkflow(789, req.Identifier, 5, "PCR", nil)
	require.NoError(t, err)
	var acct *ovation.ProviderAccount
	var endpoint *ovation.WebhookEndpoint
	var provider, contact, group, rep *ovation.Record

	type wire struct{ method, path, query, body string }
	steps := []struct {
		name string
		call func(t *testing.T)
		want wire
	}{
		{"schema", func(t *testing.T) {
			s, err := c.Requisitions.Schema(ctx, tid)
			require.NoError(t, err)
			assert.Equal(t, []string{"COVID", "FLU"}, s.Options("requestedTests.panelCode"))
			assert.Equal(t, []string{"Swab", "Blood"}, s.Options("samples.group"))
			assert.Equal(t, []string{"NP Swab", "Serum"}, s.Options("samples.label"))
			assert.Equal(t, []string{"Bill Insurance", "Patient Pay", "Facility Pay", "Other"}, s.Options("billingInformation.billTo"))
			assert.Equal(t, []string{"Primary", "Secondary"}, s.Options("billingInformation.insuranceInformations.insuranceType"))
			assert.Equal(t, []string{"M", "F", "U"}, s.Options("patient.gender"))
			assert.Equal(t, []string{"patient.dateOfBirth", "patient.lastName", "physician.npi"}, s.RequiredFields())
			f, ok := s.Field("patient.dateOfBirth")
			require.True(t, ok)
			assert.Equal(t, "date", f.Format)
		}, wire{"GET", "/api/v3/project_templates/789/requisition_schema", "", ""}},
		{"unscoped list", func(t *testing.T) {
			p, err := c.UnscopedRequisitions.List(ctx, &ovation.UnscopedListParams{OrganizationID: "123", ProjectTemplateID: tid,
				RequisitionListParams: ovation.RequisitionListParams{PerPage: 10}})
			require.NoError(t, err)
			require.Len(t, p.Requisitions, 1)
			assert.Len(t, p.Requisitions[0].Workflows, 1)
		}, wire{"GET", "/api/v3/requisitions", "organizationId=123&perPage=10&projectTemplateID=789", ""}},
		{"unscoped all", func(t *testing.T) {
			n := 0
			for _, err := range c.UnscopedRequisitions.All(ctx, &ovation.UnscopedListParams{OrganizationID: "123"}) {
				require.NoError(t, err)
				n++
			}
			assert.Equal(t, 1, n)
		}, wire{"GET", "/api/v3/requisitions", "organizationId=123", ""}},
		{"unscoped get", func(t *testing.T) {
			r, err := c.UnscopedRequisitions.Get(ctx, "123", req.Identifier)
			require.NoError(t, err)
			assert.Equal(t, req.ID, r.ID)
		}, wire{"GET", "/api/v3/requisitions/" + req.Identifier, "organizationId=123", ""}},
		{"unscoped create", func(t *testing.T) {
			r := twoSamples()
			r.Patient, r.Medications, r.Diagnosis, r.HasMedicalConsent, r.ProviderAccount = nil, nil, nil, nil, nil
			r.Samples = r.Samples[:1]
			got, err := c.UnscopedRequisitions.Create(ctx, &ovation.UnscopedCreateParams{OrganizationID: "123", Requisition: r})
			require.NoError(t, err)
			assert.Equal(t, ovation.ID("789"), got.TemplateID, "template inferred")
		}, wire{"POST", "/api/v3/requisitions", "organizationId=123",
			`{"requisition":{"requestedTests":[{"panelCode":"COVID","tests":[{"testCode":"SARS2"}]}],"physician":{"npi":"1234567893"},"samples":[{"identifier":"S-1","group":"Swab","label":"NP Swab","containerType":"Tube"}]}}`}},
		{"project templates", func(t *testing.T) {
			ts, err := c.ProjectTemplates.List(ctx, "123")
			require.NoError(t, err)
			require.Len(t, ts, 1)
			assert.Equal(t, ovation.ID("789"), ts[0].ID)
			assert.Equal(t, "COVID-19 PCR", ts[0].Name)
		}, wire{"GET", "/api/v3/project_templates", "organizationId=123", ""}},
		{"sample labels", func(t *testing.T) {
			ls, err := c.ProjectTemplates.SampleLabels(ctx, tid)
			require.NoError(t, err)
			assert.Equal(t, "NP Swab", ls[0].Name)
		}, wire{"GET", "/api/v3/project_templates/789/sample_labels", "", ""}},
		{"test panels", func(t *testing.T) {
			ps, err := c.ProjectTemplates.TestPanels(ctx, tid)
			require.NoError(t, err)
			var p struct {
				PanelCode string `json:"panelCode"`
			}
			require.NoError(t, ps[1].Decode(&p))
			assert.Equal(t, "FLU", p.PanelCode)
		}, wire{"GET", "/api/v3/project_templates/789/test_panels", "", ""}},
		{"documents create", func(t *testing.T) {
			d, err := c.Documents.Create(ctx, map[string]any{"document": map[string]any{"name": "Consent form"}})
			require.NoError(t, err)
			assert.Equal(t, "Consent form", d.Name)
		}, wire{"POST", "/api/v3/documents", "", `{"document":{"name":"Consent form"}}`}},
		{"documents list", func(t *testing.T) {
			ds, err := c.Documents.List(ctx, url.Values{"projectTemplateId": {"789"}})
			require.NoError(t, err)
			assert.Len(t, ds, 1)
		}, wire{"GET", "/api/v3/documents", "projectTemplateId=789", ""}},
		{"workflow definitions", func(t *testing.T) {
			ds, err := c.WorkflowDefinitions.List(ctx, "123")
			require.NoError(t, err)
			assert.Equal(t, []ovation.WorkflowDefinition{{ID: "5", Name: "PCR"}}, ds)
		}, wire{"GET", "/api/v3/workflow_definitions", "organizationId=123", ""}},
		{"admin workflow report", func(t *testing.T) {
			r, err := c.AdminReports.WorkflowReport(ctx, &ovation.WorkflowReportParams{
				StartDate: ovation.OnDate(ovation.Date{Year: 2026, Month: 1, Day: 1}), EndDate: ovation.OnDate(ovation.Date{Year: 2027, Month: 1, Day: 1}),
				WorkflowDefinitionID: "5", PerPage: 100})
			require.NoError(t, err)
			require.Len(t, r.Rows, 2)
			assert.Equal(t, "PCR", r.Rows[0]["Workflow Batch"])
		}, wire{"GET", "/api/v3/admin_reports", "endDate=2027-01-01&perPage=100&startDate=2026-01-01&type=workflow_report&workflowDefinitionId=5", ""}},
		{"resource upload", func(t *testing.T) {
			r, err := c.Resources.Upload(ctx, &ovation.ResourceUploadParams{OrganizationID: "123", RequisitionIdentifier: req.Identifier,
				SampleIdentifier: "S-1", ResourceGroupName: "Consent", FileContent: []byte("%PDF-1.7")})
			require.NoError(t, err)
			assert.Equal(t, "Resource Consent successfully uploaded.", r.Message)
		}, wire{"POST", "/api/v3/resources", "", `{"resource":{"organizationId":123,"requisitionIdentifier":"` + req.Identifier +
			`","sampleIdentifier":"S-1","resourceGroupName":"Consent","fileContent":"JVBERi0xLjc="}}`}},
		{"resource upload link", func(t *testing.T) {
			r, err := c.Resources.Upload(ctx, &ovation.ResourceUploadParams{OrganizationID: "123", RequisitionIdentifier: req.Identifier,
				SampleIdentifier: "S-2", ResourceGroupName: "Consent", ReturnUploadLink: true})
			require.NoError(t, err)
			assert.Contains(t, r.UploadLink, "S-2")
		}, wire{"POST", "/api/v3/resources", "", `{"resource":{"organizationId":123,"requisitionIdentifier":"` + req.Identifier +
			`","sampleIdentifier":"S-2","resourceGroupName":"Consent","returnUploadLink":true}}`}},
		{"provider account create", func(t *testing.T) {
			acct, err = c.ProviderAccounts.Create(ctx, "123", &ovation.ProviderAccount{Name: "Clinic", ExternalIdentifier: "EXT-1", FaxSignedReports: ovation.Ptr(false)})
			require.NoError(t, err)
			assert.NotEmpty(t, acct.ID)
		}, wire{"POST", "/api/v3/organizations/123/provider_accounts", "", `{"providerAccount":{"name":"Clinic","externalIdentifier":"EXT-1","faxSignedReports":false}}`}},
		{"provider account list", func(t *testing.T) {
			p, err := c.ProviderAccounts.List(ctx, &ovation.ProviderAccountListParams{OrganizationID: "123", ExternalIdentifier: "EXT-1", PerPage: 50})
			require.NoError(t, err)
			require.Len(t, p.ProviderAccounts, 1)
			assert.Equal(t, 1, p.Meta.TotalEntries)
		}, wire{"GET", "/api/v3/provider_accounts", "externalIdentifier=EXT-1&organizationId=123&perPage=50", ""}},
		{"provider account all", func(t *testing.T) {
			n := 0
			for a, err := range c.ProviderAccounts.All(ctx, &ovation.ProviderAccountListParams{OrganizationID: "123"}) {
				require.NoError(t, err)
				assert.Equal(t, "Clinic", a.Name)
				n++
			}
			assert.Equal(t, 1, n)
		}, wire{"GET", "/api/v3/provider_accounts", "organizationId=123", ""}},
		{"provider account get", func(t *testing.T) {
			a, err := c.ProviderAccounts.Get(ctx, "123", acct.ID)
			require.NoError(t, err)
			assert.Equal(t, "EXT-1", a.ExternalIdentifier)
		}, wire{"GET", "/api/v3/provider_accounts/{acct}", "organization_id=123", ""}},
		{"provider account update", func(t *testing.T) {
			a, err := c.ProviderAccounts.Update(ctx, "123", acct.ID, &ovation.ProviderAccount{PhoneNumber: "555-0100"})
			require.NoError(t, err)
			assert.Equal(t, "555-0100", a.PhoneNumber)
			assert.Equal(t, "Clinic", a.Name)
		}, wire{"PUT", "/api/v3/provider_accounts/{acct}", "organization_id=123", `{"providerAccount":{"phoneNumber":"555-0100"}}`}},
		{"providers create", func(t *testing.T) {
			provider, err = c.Providers.Create(ctx, acct.ID, map[string]any{"provider": map[string]any{"name": "Dr A", "npi": "1234567893"}})
			require.NoError(t, err)
			assert.Equal(t, "Dr A", provider.Name)
		}, wire{"POST", "/api/v3/provider_accounts/{acct}/providers", "", `{"provider":{"name":"Dr A","npi":"1234567893"}}`}},
		{"providers list", func(t *testing.T) {
			ps, err := c.Providers.List(ctx, acct.ID)
			require.NoError(t, err)
			assert.Len(t, ps, 1)
		}, wire{"GET", "/api/v3/provider_accounts/{acct}/providers", "", ""}},
		{"providers get", func(t *testing.T) {
			p, err := c.Providers.Get(ctx, acct.ID, provider.ID)
			require.NoError(t, err)
			assert.Equal(t, provider.ID, p.ID)
		}, wire{"GET", "/api/v3/provider_accounts/{acct}/providers/{provider}", "", ""}},
		{"providers archive", func(t *testing.T) {
			_, err := c.Providers.Delete(ctx, acct.ID, provider.ID)
			require.NoError(t, err)
		}, wire{"DELETE", "/api/v3/provider_accounts/{acct}/providers/{provider}", "", ""}},
		{"contacts create", func(t *testing.T) {
			contact, err = c.ProviderAccountContacts.Create(ctx, acct.ID, map[string]any{"providerAccountContact": map[string]any{"name": "Front desk"}})
			require.NoError(t, err)
		}, wire{"POST", "/api/v3/provider_accounts/{acct}/provider_account_contacts", "", `{"providerAccountContact":{"name":"Front desk"}}`}},
		{"contacts list", func(t *testing.T) {
			cs, err := c.ProviderAccountContacts.List(ctx, acct.ID)
			require.NoError(t, err)
			assert.Len(t, cs, 1)
		}, wire{"GET", "/api/v3/provider_accounts/{acct}/provider_account_contacts", "", ""}},
		{"contacts get", func(t *testing.T) {
			_, err := c.ProviderAccountContacts.Get(ctx, acct.ID, contact.ID)
			require.NoError(t, err)
		}, wire{"GET", "/api/v3/provider_accounts/{acct}/provider_account_contacts/{contact}", "", ""}},
		{"contacts update", func(t *testing.T) {
			r, err := c.ProviderAccountContacts.Update(ctx, acct.ID, contact.ID, map[string]any{"providerAccountContact": map[string]any{"name": "Lab desk"}})
			require.NoError(t, err)
			assert.Equal(t, "Lab desk", r.Name)
		}, wire{"PUT", "/api/v3/provider_accounts/{acct}/provider_account_contacts/{contact}", "", `{"providerAccountContact":{"name":"Lab desk"}}`}},
		{"contacts delete", func(t *testing.T) {
			_, err := c.ProviderAccountContacts.Delete(ctx, acct.ID, contact.ID)
			require.NoError(t, err)
		}, wire{"DELETE", "/api/v3/provider_accounts/{acct}/provider_account_contacts/{contact}", "", ""}},
		{"provider account archive", func(t *testing.T) {
			m, err := c.ProviderAccounts.Delete(ctx, "123", acct.ID)
			require.NoError(t, err)
			assert.Equal(t, "Provider Account successfully archived", m.Message)
		}, wire{"DELETE", "/api/v3/provider_accounts/{acct}", "organization_id=123", ""}},
		{"sales groups create", func(t *testing.T) {
			group, err = c.SalesGroups.Create(ctx, map[string]any{"salesGroup": map[string]any{"name": "East"}})
			require.NoError(t, err)
		}, wire{"POST", "/api/v3/sales_groups", "", `{"salesGroup":{"name":"East"}}`}},
		{"sales groups list", func(t *testing.T) {
			gs, err := c.SalesGroups.List(ctx)
			require.NoError(t, err)
			assert.Equal(t, "East", gs[0].Name)
		}, wire{"GET", "/api/v3/sales_groups", "", ""}},
		{"sales groups get", func(t *testing.T) {
			_, err := c.SalesGroups.Get(ctx, group.ID)
			require.NoError(t, err)
		}, wire{"GET", "/api/v3/sales_groups/{group}", "", ""}},
		{"sales groups update", func(t *testing.T) {
			_, err := c.SalesGroups.Update(ctx, group.ID, map[string]any{"salesGroup": map[string]any{"name": "West"}})
			require.NoError(t, err)
		}, wire{"PUT", "/api/v3/sales_groups/{group}", "", `{"salesGroup":{"name":"West"}}`}},
		{"sales groups archive", func(t *testing.T) {
			_, err := c.SalesGroups.Delete(ctx, group.ID)
			require.NoError(t, err)
		}, wire{"DELETE", "/api/v3/sales_groups/{group}", "", ""}},
		{"sales reps create", func(t *testing.T) {
			rep, err = c.SalesReps.Create(ctx, map[string]any{"salesRep": map[string]any{"name": "Sam"}})
			require.NoError(t, err)
		}, wire{"POST", "/api/v3/sales_reps", "", `{"salesRep":{"name":"Sam"}}`}},
		{"sales reps list", func(t *testing.T) {
			_, err := c.SalesReps.List(ctx)
			require.NoError(t, err)
		}, wire{"GET", "/api/v3/sales_reps", "", ""}},
		{"sales reps get", func(t *testing.T) {
			_, err := c.SalesReps.Get(ctx, rep.ID)
			require.NoError(t, err)
		}, wire{"GET", "/api/v3/sales_reps/{rep}", "", ""}},
		{"sales reps update", func(t *testing.T) {
			_, err := c.SalesReps.Update(ctx, rep.ID, map[string]any{"salesRep": map[string]any{"name": "Sam B"}})
			require.NoError(t, err)
		}, wire{"PUT", "/api/v3/sales_reps/{rep}", "", `{"salesRep":{"name":"Sam B"}}`}},
		{"sales reps archive", func(t *testing.T) {
			_, err := c.SalesReps.Delete(ctx, rep.ID)
			require.NoError(t, err)
		}, wire{"DELETE", "/api/v3/sales_reps/{rep}", "", ""}},
		{"webhook endpoint create", func(t *testing.T) {
			endpoint, err = c.WebhookEndpoints.Create(ctx, tid, &ovation.WebhookEndpointParams{TargetURL: "https://lab.example/hooks/ovation", Username: "u", Password: "p", Event: ovation.EventTypeSampleRejected})
			require.NoError(t, err)
			assert.Equal(t, "https://lab.example/hooks/ovation", endpoint.TargetURL)
		}, wire{"POST", "/api/v3/project_templates/789/webhook_endpoints", "", `{"webhookEndpoint":{"targetUrl":"https://lab.example/hooks/ovation","username":"u","password":"p","event":"sample_rejected"}}`}},
		{"webhook endpoint get", func(t *testing.T) {
			e, err := c.WebhookEndpoints.Get(ctx, tid, endpoint.ID)
			require.NoError(t, err)
			assert.Equal(t, ovation.EventTypeSampleRejected, e.Event)
			assert.Equal(t, tid, e.ProjectRequisitionTemplateAssociationID)
		}, wire{"GET", "/api/v3/project_templates/789/webhook_endpoints/{endpoint}", "", ""}},
		{"webhook endpoint update", func(t *testing.T) {
			e, err := c.WebhookEndpoints.Update(ctx, tid, endpoint.ID, &ovation.WebhookEndpointParams{Event: ovation.EventTypeRequisitionCanceled})
			require.NoError(t, err)
			assert.Equal(t, ovation.EventTypeRequisitionCanceled, e.Event)
		}, wire{"PUT", "/api/v3/project_templates/789/webhook_endpoints/{endpoint}", "", `{"webhookEndpoint":{"event":"requisition_canceled"}}`}},
		{"escape hatch", func(t *testing.T) {
			var out map[string]any
			resp, err := c.Do(ctx, &ovation.RawRequest{Method: "get", Route: "/project_templates/{id}/sample_labels", Params: []string{"789"}}, &out)
			require.NoError(t, err)
			assert.Equal(t, 200, resp.StatusCode)
			assert.Contains(t, out, "sample_labels")
		}, wire{"GET", "/api/v3/project_templates/789/sample_labels", "", ""}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			n := len(srv.Requests())
			st.call(t)
			rs := srv.Requests()
			require.Greater(t, len(rs), n, "a request was sent")
			r := rs[len(rs)-1]
			path := st.want.path
			for k, id := range map[string]*ovation.ID{"{acct}": idOf(acct), "{provider}": recID(provider), "{contact}": recID(contact),
				"{group}": recID(group), "{rep}": recID(rep), "{endpoint}": endpointID(endpoint)} {
				if id != nil {
					path = strings.ReplaceAll(path, k, string(*id))
				}
			}
			assert.Equal(t, st.want.method, r.Method)
			assert.Equal(t, path, r.Path)
			assert.Equal(t, st.want.query, r.RawQuery)
			assert.Equal(t, "Bearer "+ovationtest.DefaultAPIKey, r.Header.Get("Authorization"))
			if st.want.body == "" {
				assert.Empty(t, r.Body)
			} else {
				assert.JSONEq(t, st.want.body, string(r.Body))
			}
		})
	}
}

func idOf(a *ovation.ProviderAccount) *ovation.ID {
	if a == nil {
		return nil
	}
	return &a.ID
}

func recID(r *ovation.Record) *ovation.ID {
	if r == nil {
		return nil
	}
	return &r.ID
}

func endpointID(e *ovation.WebhookEndpoint) *ovation.ID {
	if e == nil {
		return nil
	}
	return &e.ID
}

func TestOtherChecksBeforeSending(t *testing.T) {
	c, srv := start(t)
	ctx := context.Background()
	errs := []error{}
	add := func(_ any, err error) { errs = append(errs, err) }
	add(c.UnscopedRequisitions.List(ctx, nil))
	add(c.UnscopedRequisitions.List(ctx, &ovation.UnscopedListParams{}))
	add(c.Resources.Upload(ctx, &ovation.ResourceUploadParams{OrganizationID: "1", RequisitionIdentifier: "R", SampleIdentifier: "S", ResourceGroupName: "G", FileContent: []byte("not a pdf")}))
	add(c.Resources.Upload(ctx, &ovation.ResourceUploadParams{OrganizationID: "1", RequisitionIdentifier: "R", SampleIdentifier: "S", ResourceGroupName: "G"}))
	add(c.Reports.UploadContent(ctx, "1", &ovation.ReportUploadParams{RequisitionIdentifier: "R"}))
	add(c.WebhookEndpoints.Create(ctx, tid, &ovation.WebhookEndpointParams{TargetURL: "http://example.com/x", Username: "u", Password: "p", Event: "e"}))
	add(c.WebhookEndpoints.Create(ctx, tid, &ovation.WebhookEndpointParams{TargetURL: "https://example.com/x"}))
	add(c.WebhookEvents.List(ctx, &ovation.WebhookEventListParams{OrganizationID: "1", PerPage: 1001}))
	add(c.WebhookEvents.Retry(ctx, "1", nil))
	add(c.ProviderAccounts.List(ctx, &ovation.ProviderAccountListParams{OrganizationID: "1", PerPage: 5001}))
	add(c.ProviderAccounts.Create(ctx, "1", &ovation.ProviderAccount{}))
	add(c.AdminReports.WorkflowReport(ctx, &ovation.WorkflowReportParams{WorkflowDefinitionID: "5"}))
	add(c.SalesReps.Create(ctx, nil))
	add(c.Do(ctx, &ovation.RawRequest{Route: "/x"}, nil))
	add(c.Do(ctx, &ovation.RawRequest{Method: "GET", Route: "x"}, nil))
	for i, err := range errs {
		assert.ErrorIs(t, err, ovation.ErrValidation, i)
	}
	assert.Empty(t, srv.Requests())
}
