package ovation_test

import (
	"context"
	"fmt"
	"log"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
)

// runWorkflow creates a requisition of two samples and has the fake run workflow definition
// 42 ("COVID PCR") over it, with one detected result per sample; it returns the workflow id.
func runWorkflow(srv *ovationtest.Server, client *ovation.Client) int64 {
	req := newRequisition(client)
	id, err := srv.RunWorkflow(789, req.Identifier, 42, "COVID PCR", []ovationtest.TestResult{
		{AssayName: "SARS-CoV-2", TargetName: "N1", PanelCode: "COVID", Result: "Detected", Organism: "SARS-CoV-2", CtValue: "24.10"},
	})
	if err != nil {
		log.Fatal(err)
	}
	return id
}

// A workflow lists its samples and the ids of their results.
func ExampleWorkflowsService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	id := runWorkflow(srv, client)
	wf, err := client.Workflows.Get(context.Background(), ovation.IDFromInt(id))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(wf.Name, wf.WorkflowDefinitionID)
	for _, s := range wf.Samples {
		fmt.Println(s.Identifier, s.WorkflowSampleResultIDs)
	}
	// Output:
	// COVID PCR 42
	// S-1 [26357]
	// S-2 [26358]
}

func ExampleWorkflowDefinitionsService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	runWorkflow(srv, client)
	defs, err := client.WorkflowDefinitions.List(context.Background(), "123")
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range defs {
		fmt.Println(d.ID, d.Name)
	}
	// Output:
	// 42 COVID PCR
}

// A Ct value keeps its digits; the result prints counts only, being patient data.
func ExampleWorkflowSampleResultsService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	wf, err := client.Workflows.Get(ctx, ovation.IDFromInt(runWorkflow(srv, client)))
	if err != nil {
		log.Fatal(err)
	}
	res, err := client.WorkflowSampleResults.Get(ctx, wf.Samples[0].WorkflowSampleResultIDs[0])
	if err != nil {
		log.Fatal(err)
	}
	for _, tr := range res.TestResults {
		fmt.Println(tr.TargetName, tr.Result, tr.InfectiousDisease.CtValue)
	}
	fmt.Println(res.Requisition.Sample.Identifier, res)
	// Output:
	// N1 Detected 24.10
	// S-1 ovation.WorkflowSampleResult{test_results:1, PHI redacted}
}

// The QC report's rows are keyed by Ovation's column names.
func ExampleAdminReportsService_WorkflowReport() {
	srv, client := fakeOvation()
	defer srv.Close()
	runWorkflow(srv, client)
	rep, err := client.AdminReports.WorkflowReport(context.Background(), &ovation.WorkflowReportParams{
		StartDate:            ovation.OnDate(ovation.Date{Year: 2026, Month: 12, Day: 1}),
		EndDate:              ovation.ThroughDate(ovation.Date{Year: 2026, Month: 12, Day: 31}),
		WorkflowDefinitionID: "42",
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range rep.Rows {
		fmt.Println(row["Workflow Batch"], row["Sample"])
	}
	// Output:
	// COVID PCR S-1
	// COVID PCR S-2
}
