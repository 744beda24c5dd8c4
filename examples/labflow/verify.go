package main

import (
	"fmt"

	"github.com/labwire/labwire/whoop/whooptest"
)

// checkSubmissions counts, on the WHOOP fake's side, the reports each service request
// received: a run is right when every one got exactly one partial and then one final
// report and ended at FULL_RESULTS_READY. It returns the number of service requests
// checked and the ones that are not right.
func (w *world) checkSubmissions() (checked int, wrong []string) {
	for _, id := range w.whoopFake.RequisitionIDs(whooptest.DefaultClientID) {
		req, _ := w.whoopFake.Requisition(id)
		for _, sr := range req.ServiceRequests {
			checked++
			got, _ := w.whoopFake.ServiceRequest(sr.ID)
			reports := w.whoopFake.Results(sr.ID)
			if len(reports) != 2 || reports[0].Status != whooptest.ReportStatusPartial || reports[1].Status != whooptest.ReportStatusFinal ||
				got.TaskBusinessStatus != whooptest.TaskBusinessStatusFullResultsReady {
				wrong = append(wrong, fmt.Sprintf("service request %s: %d reports, status %s", sr.ID, len(reports), got.TaskBusinessStatus))
			}
		}
	}
	return checked, wrong
}
