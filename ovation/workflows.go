package ovation

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// WorkflowsService is Client.Workflows.
type WorkflowsService struct{ c *Client }

// Get returns a workflow with its samples and their result ids.
//
// GET /workflows/{id}
func (s *WorkflowsService) Get(ctx context.Context, id ID, opts ...RequestOption) (*Workflow, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	a := &oneAnswer[workflowWire]{keys: workflowKeys}
	r := transport.Request{Op: "workflows.get", Method: http.MethodGet, Route: "/workflows/{id}", Params: []string{string(id)}}
	if err := sendOne(ctx, s.c, r, opts, a, func(w *workflowWire) ID { return w.ID }); err != nil {
		return nil, err
	}
	w := a.v.workflow()
	return &w, nil
}

// workflowKeys is the wrapper of a workflow answer ({"workflow": {...}}, or bare).
var workflowKeys = []string{"workflow"}

// WorkflowDefinition is a workflow definition: its id and name.
type WorkflowDefinition struct {
	// ID is the definition's id (for WorkflowReportParams).
	ID ID `json:"id" phi:"id"`
	// Name is its name.
	Name string `json:"name" phi:"none"`
}

// WorkflowDefinitionsService is Client.WorkflowDefinitions.
type WorkflowDefinitionsService struct{ c *Client }

// List returns the organization's workflow definitions.
//
// GET /workflow_definitions
func (s *WorkflowDefinitionsService) List(ctx context.Context, organizationID ID, opts ...RequestOption) ([]WorkflowDefinition, error) {
	if err := checkID("organizationID", organizationID); err != nil {
		return nil, err
	}
	out := listAnswer[WorkflowDefinition]{keys: []string{"workflow_definitions", "workflowDefinitions"}}
	err := s.c.get(ctx, "workflow_definitions.list", "/workflow_definitions", nil,
		url.Values{"organizationId": {string(organizationID)}}, opts, &out)
	return out.Items, err
}

// WorkflowSampleResultsService is Client.WorkflowSampleResults. Ovation says these routes
// serve infectious-disease results only, not PGx or other test types.
type WorkflowSampleResultsService struct{ c *Client }

// WorkflowSampleResult is the results of one sample in one workflow, with an abbreviated
// requisition. It is PHI: it prints, logs and marshals its result count only.
type WorkflowSampleResult struct {
	// Requisition is the abbreviated requisition of the sample.
	Requisition *ResultRequisition `json:"requisition,omitempty"`
	// TestResults are the sample's results.
	TestResults []TestResult `json:"testResults,omitempty" phi:"count:test_results"`

	raw jsonx.Raw
}

type workflowSampleResultPlain WorkflowSampleResult

// RawJSON returns the result as Ovation sent it; nil for a result decoded any other way
// than by a client call. PHI. It may share its bytes with the answer (and the Body
// WithResponse stores): do not modify it.
func (r *WorkflowSampleResult) RawJSON() json.RawMessage { return r.raw.JSON() }

// ResultRequisition is the abbreviated requisition of a sample result.
type ResultRequisition struct {
	// Identifier is the requisition's identifier.
	Identifier string `json:"identifier,omitempty" phi:"id"`
	// CustomAttributes are its custom attributes.
	CustomAttributes CustomAttributes `json:"customAttributes,omitempty"`
	// TestPanels are the requisition's panels, as sent (their shape is not documented).
	TestPanels []json.RawMessage `json:"testPanels,omitempty"`
	// Medications and Diagnosis are the requisition's.
	Medications []Medication `json:"medications,omitempty"`
	Diagnosis   []string     `json:"diagnosis,omitempty"`
	// Sample is the result's sample.
	Sample *ResultSample `json:"sample,omitempty"`
	// ProviderAccount is the ordering account.
	ProviderAccount *ResultAccount `json:"providerAccount,omitempty"`
	// Patient is the patient (the fields Ovation includes). PHI.
	Patient *Patient `json:"patient,omitempty"`
}

// ResultSample is the sample of a result.
type ResultSample struct {
	// Identifier is the sample identifier.
	Identifier string `json:"identifier,omitempty" phi:"id"`
	// CollectionDate is as Ovation wrote it (the format is not documented).
	CollectionDate string `json:"collectionDate,omitempty"`
}

// ResultAccount is the provider account of a result ("number", not "accountNumber").
type ResultAccount struct {
	// Name and Number are the account's name and account number.
	Name   string `json:"name,omitempty" phi:"none"`
	Number string `json:"number,omitempty" phi:"none"`
}

// TestResult is one assay result. Result and ComputedResult are text ("Detected", a Ct
// value); use ComputedResult when the assay has replicates.
type TestResult struct {
	// AssayName, TargetName, PanelName and PanelCode say what was tested.
	AssayName  string `json:"assayName,omitempty"`
	TargetName string `json:"targetName,omitempty"`
	PanelName  string `json:"panelName,omitempty"`
	PanelCode  string `json:"panelCode,omitempty"`
	// Result is the result of one run; ComputedResult combines the replicates.
	Result         string `json:"result,omitempty"`
	ComputedResult string `json:"computedResult,omitempty"`
	// InfectiousDisease is the organism and Ct value, for infectious-disease tests.
	InfectiousDisease *InfectiousDisease `json:"infectiousDisease,omitempty"`
}

// InfectiousDisease is the infectious-disease detail of a result.
type InfectiousDisease struct {
	// Organism is the organism detected or tested for.
	Organism string `json:"organism,omitempty"`
	// CtValue is the cycle threshold with its digits as sent.
	CtValue Decimal `json:"ctValue,omitzero"`
}

// Get returns the results of a workflow sample; the id comes from a test_result_ready
// event's sampleTestResults or from Workflow.Samples.
//
// GET /workflow_sample_results/{id}
func (s *WorkflowSampleResultsService) Get(ctx context.Context, id ID, opts ...RequestOption) (*WorkflowSampleResult, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	a := &oneAnswer[workflowSampleResultPlain]{keys: workflowSampleResultKeys}
	if err := s.c.get(ctx, "workflow_sample_results.get", "/workflow_sample_results/{id}", []string{string(id)}, nil, opts, a); err != nil {
		return nil, err
	}
	r := WorkflowSampleResult(a.v)
	r.raw = a.raw
	return &r, nil
}

// workflowSampleResultKeys are the wrappers of a sample result answer (or it is bare).
var workflowSampleResultKeys = []string{"workflowSampleResult", "workflow_sample_result"}

// AdminReportsService is Client.AdminReports.
type AdminReportsService struct{ c *Client }

// WorkflowReportParams selects a QC workflow report.
type WorkflowReportParams struct {
	// StartDate, EndDate and WorkflowDefinitionID are required.
	StartDate, EndDate   DateFilter
	WorkflowDefinitionID ID `phi:"id"`
	// WorkflowID narrows the report to one workflow.
	WorkflowID ID `phi:"id"`
	// Page (from 1) and PerPage (Ovation's default 100) page the report.
	Page, PerPage int
}

// WorkflowReport is a QC workflow report: nested arrays of rows whose keys are
// human-readable column names ("Workflow Batch", "Activity 1 Submitted By").
type WorkflowReport struct {
	// Rows are every object found in the report, flattened in order, with each value as
	// text (a number with its digits as sent).
	Rows []map[string]string `phi:"count:rows"`
	// Meta is the paging metadata, if sent.
	Meta *Meta

	raw jsonx.Raw
}

// RawJSON returns the report as Ovation sent it.
func (r *WorkflowReport) RawJSON() json.RawMessage { return r.raw.JSON() }

// workflowReportAnswer is the decode target (a jsonx.Target) of a report: checked strictly
// and decoded once into generic values (numbers kept as sent), whose objects become Rows;
// the meta is read off the checked answer.
type workflowReportAnswer struct{ r *WorkflowReport }

// DecodeJSON decodes data; see workflowReportAnswer.
func (a workflowReportAnswer) DecodeJSON(data []byte) error {
	if err := jsonx.Check(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return errDecode
	}
	r := a.r
	if m, ok := v.(map[string]any); ok {
		if meta, ok := jsonx.Member(data, "meta"); ok {
			_ = jsonx.DecodeChecked(meta, &r.Meta, nil)
			delete(m, "meta")
		}
	}
	var walk func(any)
	walk = func(x any) {
		switch t := x.(type) {
		case []any:
			for _, e := range t {
				walk(e)
			}
		case map[string]any:
			row := map[string]string{}
			for k, e := range t {
				switch ev := e.(type) {
				case []any, map[string]any:
					walk(ev)
				case nil:
					row[k] = ""
				case string:
					row[k] = ev
				case json.Number:
					row[k] = ev.String()
				case bool:
					row[k] = strconv.FormatBool(ev)
				}
			}
			if len(row) > 0 {
				r.Rows = append(r.Rows, row)
			}
		}
	}
	walk(v)
	r.raw = jsonx.RawOf(data)
	return nil
}

// WorkflowReport returns the QC workflow report as JSON.
//
// GET /admin_reports?type=workflow_report
func (s *AdminReportsService) WorkflowReport(ctx context.Context, p *WorkflowReportParams, opts ...RequestOption) (*WorkflowReport, error) {
	switch {
	case p == nil:
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	case p.StartDate.IsZero():
		return nil, &ValidationError{Vendor: vendor, Field: "StartDate", Reason: "is required"}
	case p.EndDate.IsZero():
		return nil, &ValidationError{Vendor: vendor, Field: "EndDate", Reason: "is required"}
	}
	if err := checkID("WorkflowDefinitionID", p.WorkflowDefinitionID); err != nil {
		return nil, err
	}
	if err := checkPaging(p.Page, p.PerPage, 1<<30); err != nil {
		return nil, err
	}
	q := query{"type": {"workflow_report"}}
	q.date("startDate", p.StartDate)
	q.date("endDate", p.EndDate)
	q.str("workflowDefinitionId", string(p.WorkflowDefinitionID))
	q.str("workflowId", string(p.WorkflowID))
	q.int("page", p.Page)
	q.int("perPage", p.PerPage)
	var out WorkflowReport
	if err := s.c.get(ctx, "admin_reports.workflow_report", "/admin_reports", nil, url.Values(q), opts, workflowReportAnswer{&out}); err != nil {
		return nil, err
	}
	return &out, nil
}
