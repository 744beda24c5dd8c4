package ovation

import (
	"context"
	"net/http"
	"net/url"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// listRecords gets a list of Records under one of keys (see listAnswer).
func (c *Client) listRecords(ctx context.Context, op, route string, params []string, q url.Values, opts []RequestOption, keys ...string) ([]Record, error) {
	out := listAnswer[recordWire]{keys: keys}
	if err := c.get(ctx, op, route, params, q, opts, &out); err != nil {
		return nil, err
	}
	return itemsOf(&out, recordOf), nil
}

// recordOf is the record decoded into w, whose JSON is raw.
func recordOf(w *recordWire, raw jsonx.Raw) Record {
	return Record{ID: w.ID, Name: w.Name, raw: raw}
}

// record sends a request whose answer is one Record, wrapped under key or bare.
func (c *Client) record(ctx context.Context, r transport.Request, opts []RequestOption, key string) (*Record, error) {
	a := &oneAnswer[recordWire]{keys: []string{key}}
	if err := c.sendLenient(ctx, r, opts, a); err != nil {
		return nil, err
	}
	if a.null || a.raw.IsZero() {
		// No body, or a bare null: the write succeeded and the answer holds no record. The
		// caller gets an empty Record, never a nil one with a nil error.
		return &Record{}, nil
	}
	rec := recordOf(&a.v, a.raw)
	return &rec, nil
}

// checkBody refuses a nil body for a route whose body Ovation does not document.
func checkBody(body any) error {
	if body == nil {
		return &ValidationError{Vendor: vendor, Field: "body", Reason: "must not be nil"}
	}
	return nil
}

// ProjectTemplatesService is Client.ProjectTemplates: project (requisition) templates and
// their reference data. Ovation does not document these answers' fields: they are Records.
type ProjectTemplatesService struct{ c *Client }

// List returns the organization's project templates. organizationID may be empty: the
// API reference lists no parameter, while third-party code sends organizationId.
//
// GET /project_templates
func (s *ProjectTemplatesService) List(ctx context.Context, organizationID ID, opts ...RequestOption) ([]Record, error) {
	var q url.Values
	if organizationID != "" {
		q = url.Values{"organizationId": {string(organizationID)}}
	}
	return s.c.listRecords(ctx, "project_templates.list", "/project_templates", nil, q, opts, "project_templates", "projectTemplates")
}

// SampleLabels returns the template's sample labels (sample types).
//
// GET /project_templates/{id}/sample_labels
func (s *ProjectTemplatesService) SampleLabels(ctx context.Context, projectTemplateID ID, opts ...RequestOption) ([]Record, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	return s.c.listRecords(ctx, "project_templates.sample_labels", "/project_templates/{id}/sample_labels",
		[]string{string(projectTemplateID)}, nil, opts, "sample_labels", "sampleLabels")
}

// TestPanels returns the template's test panels.
//
// GET /project_templates/{id}/test_panels
func (s *ProjectTemplatesService) TestPanels(ctx context.Context, projectTemplateID ID, opts ...RequestOption) ([]Record, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	return s.c.listRecords(ctx, "project_templates.test_panels", "/project_templates/{id}/test_panels",
		[]string{string(projectTemplateID)}, nil, opts, "test_panels", "testPanels")
}

// DocumentsService is Client.Documents: the documents of a project template. Their fields
// and parameters are not documented beyond the routes.
type DocumentsService struct{ c *Client }

// List returns documents; q carries the parameters your Ovation contact specifies (e.g.
// the project template), since none are documented.
//
// GET /documents
func (s *DocumentsService) List(ctx context.Context, q url.Values, opts ...RequestOption) ([]Record, error) {
	return s.c.listRecords(ctx, "documents.list", "/documents", nil, q, opts, "documents")
}

// Create adds a document; body is sent as JSON as given, since Ovation documents none.
// A POST: never retried once it may have reached Ovation.
//
// POST /documents
func (s *DocumentsService) Create(ctx context.Context, body any, opts ...RequestOption) (*Record, error) {
	if err := checkBody(body); err != nil {
		return nil, err
	}
	return s.c.record(ctx, transport.Request{Op: "documents.create", Method: http.MethodPost, Route: "/documents", JSON: body}, opts, "document")
}
