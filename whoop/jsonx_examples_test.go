package whoop_test

import (
	"os"
	"testing"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/whoop"
)

// TestExampleAnswersDecodeAsEncodingJSON decodes WHOOP's example answers (testdata, the
// whooptest tutorial's, and the benchmark's requisition) into the package's result types
// through jsonx's decoder and through json.Unmarshal, which must agree.
func TestExampleAnswersDecodeAsEncodingJSON(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name string
		data []byte
		new  func() any
	}{
		{"requisition.json", read("testdata/requisition.json"), func() any { return new(whoop.LabRequisition) }},
		{"requisition_unilabs.json", read("testdata/requisition_unilabs.json"), func() any { return new(whoop.LabRequisition) }},
		{"tutorial_requisition.json", read("whooptest/testdata/tutorial_requisition.json"), func() any { return new(whoop.LabRequisition) }},
		{"service_request_confirmed.json", read("testdata/service_request_confirmed.json"), func() any { return new(whoop.ServiceRequest) }},
		{"tutorial_service_request_confirmed.json", read("whooptest/testdata/tutorial_service_request_confirmed.json"), func() any { return new(whoop.ServiceRequest) }},
		{"benchRequisition(3)", benchRequisition(3), func() any { return new(whoop.LabRequisition) }},
		{"benchRequisition(3) plain", benchRequisition(3), func() any { return new(plainRequisition) }},
		{"service requests", []byte(`[{"id":"a","status":"active","task_business_status":null},{"id":"b","status":"completed"}]`),
			func() any { return new([]whoop.ServiceRequest) }},
	}
	for _, c := range cases {
		wiretest.DecodesAsEncodingJSON(t, c.name, c.data, c.new)
	}
}
