package ovationtest

import (
	"net/http"
	"strconv"

	"github.com/labwire/labwire/internal/fake"
)

// The routes of the fake, in http.ServeMux pattern syntax, relative to Server.URL (the
// base URL, which ends in /api/v3): what Fault.Route and RequestsMatching take.
const (
	RouteListRequisitions      = "GET /project_templates/{tid}/requisitions"
	RouteCreateRequisition     = "POST /project_templates/{tid}/requisitions"
	RouteGetRequisition        = "GET /project_templates/{tid}/requisitions/{identifier}"
	RouteUpdateRequisition     = "PUT /project_templates/{tid}/requisitions/{identifier}"
	RouteArchiveRequisition    = "DELETE /project_templates/{tid}/requisitions/{identifier}"
	RouteRequisitionSchema     = "GET /project_templates/{tid}/requisition_schema"
	RouteListUnscoped          = "GET /requisitions"
	RouteGetUnscoped           = "GET /requisitions/{identifier}"
	RouteCreateUnscoped        = "POST /requisitions"
	RouteListTemplates         = "GET /project_templates"
	RouteSampleLabels          = "GET /project_templates/{tid}/sample_labels"
	RouteTestPanels            = "GET /project_templates/{tid}/test_panels"
	RouteUploadReport          = "PUT /reports/{id}"
	RouteDownloadReport        = "GET /reports/{id}/download"
	RouteUploadResource        = "POST /resources"
	RouteGetWorkflow           = "GET /workflows/{id}"
	RouteWorkflowDefinitions   = "GET /workflow_definitions"
	RouteSampleResult          = "GET /workflow_sample_results/{id}"
	RouteAdminReports          = "GET /admin_reports"
	RouteListWebhookEndpoints  = "GET /project_templates/{tid}/webhook_endpoints"
	RouteCreateWebhookEndpoint = "POST /project_templates/{tid}/webhook_endpoints"
	RouteGetWebhookEndpoint    = "GET /project_templates/{tid}/webhook_endpoints/{id}"
	RouteUpdateWebhookEndpoint = "PUT /project_templates/{tid}/webhook_endpoints/{id}"
	RouteListWebhookEvents     = "GET /organizations/{org}/webhook_endpoint_events"
	RouteRetryWebhookEvents    = "POST /organizations/{org}/webhook_endpoint_events/retry_events"
	RouteCreateProviderAccount = "POST /organizations/{org}/provider_accounts"
	RouteListProviderAccounts  = "GET /provider_accounts"
	RouteGetProviderAccount    = "GET /provider_accounts/{id}"
	RouteUpdateProviderAccount = "PUT /provider_accounts/{id}"
	RouteArchiveProviderAcct   = "DELETE /provider_accounts/{id}"
)

// collections are the routes Ovation documents by path only, served as generic records:
// collection path → (list key, item key).
var collections = []struct{ path, list, item string }{
	{"/provider_accounts/{parent}/providers", "providers", "provider"},
	{"/provider_accounts/{parent}/provider_account_contacts", "provider_account_contacts", "providerAccountContact"},
	{"/sales_groups", "sales_groups", "salesGroup"},
	{"/sales_reps", "sales_reps", "salesRep"},
	{"/documents", "documents", "document"},
}

func (s *Server) routes() http.Handler {
	mux := fake.NewMux()
	h := func(pattern string, f http.HandlerFunc) { mux.Handle(pattern, s.authorized(f)) }
	h(RouteListRequisitions, s.listRequisitions)
	h(RouteCreateRequisition, s.createRequisition)
	h(RouteGetRequisition, s.getRequisition)
	h(RouteUpdateRequisition, s.updateRequisition)
	h(RouteArchiveRequisition, s.archiveRequisition)
	h(RouteRequisitionSchema, s.schema)
	h(RouteListUnscoped, s.listUnscoped)
	h(RouteGetUnscoped, s.getUnscoped)
	h(RouteCreateUnscoped, s.createUnscoped)
	h(RouteListTemplates, s.listTemplates)
	h(RouteSampleLabels, s.templateOptions("sample_labels"))
	h(RouteTestPanels, s.templateOptions("test_panels"))
	h(RouteUploadReport, s.uploadReport)
	h(RouteDownloadReport, s.downloadReport)
	h(RouteUploadResource, s.uploadResource)
	h(RouteGetWorkflow, s.getWorkflow)
	h(RouteWorkflowDefinitions, s.workflowDefinitions)
	h(RouteSampleResult, s.sampleResult)
	h(RouteAdminReports, s.adminReports)
	h(RouteListWebhookEndpoints, s.listEndpoints)
	h(RouteCreateWebhookEndpoint, s.createEndpoint)
	h(RouteGetWebhookEndpoint, s.getEndpoint)
	h(RouteUpdateWebhookEndpoint, s.updateEndpoint)
	h(RouteListWebhookEvents, s.listEvents)
	h(RouteRetryWebhookEvents, s.retryEvents)
	h(RouteCreateProviderAccount, s.createAccount)
	h(RouteListProviderAccounts, s.listAccounts)
	h(RouteGetProviderAccount, s.getAccount)
	h(RouteUpdateProviderAccount, s.updateAccount)
	h(RouteArchiveProviderAcct, s.archiveAccount)
	for _, c := range collections {
		c := c
		h("GET "+c.path, s.listRecords(c.path, c.list))
		h("POST "+c.path, s.createRecord(c.path, c.item))
		h("GET "+c.path+"/{id}", s.oneRecord(c.path, c.item))
		h("PUT "+c.path+"/{id}", s.oneRecord(c.path, c.item))
		h("DELETE "+c.path+"/{id}", s.oneRecord(c.path, c.item))
	}
	return mux
}

// pathID parses a numeric path value; ok is false (and 404 answered) otherwise.
func pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		notFound(w, "not found")
		return 0, false
	}
	return n, true
}

func notFound(w http.ResponseWriter, msg string) { writeErrors(w, http.StatusNotFound, msg) }

// readBody decodes a JSON request body into a generic object; false has answered 400.
func readBody(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	var m map[string]any
	if !fake.ReadJSON(w, r, &m, fake.AllowUnknownFields) {
		return nil, false
	}
	return m, true
}
