package ovation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/labwire/labwire/internal/pager"
)

// benchPage is a list page of n requisitions shaped as BenchmarkListPages serves them.
func benchPage(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"requisitions":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"identifier":"REQ-%06d","requisition_template_id":789,"status":"processing",`+
			`"accession_status":"incomplete","processing_status":"unprocessed","reporting_status":"not-started",`+
			`"billing_status":"not-submitted","created_at":"2020-08-22T08:00:00.000Z","updated_at":"2020-08-22T09:30:00.000Z",`+
			`"workflows":[{"id":%d,"name":"PCR batch","status":"completed","workflow_definition_id":5,`+
			`"created_at":"2020-08-22T10:00:00.000Z","completed_at":"2020-08-22T12:00:00.000Z",`+
			`"samples":[{"identifier":"S-%06d-1","workflow_sample_result_ids":[%d]},{"identifier":"S-%06d-2","workflow_sample_result_ids":[%d]}]}]}`,
			1000000+i, i, 900000+i, i, 1000000+2*i, i, 1000001+2*i)
	}
	b.WriteString(`],"meta":{"currentPage":1,"perPage":5000,"totalEntries":5000}}`)
	return b.Bytes()
}

// plainPage is the page as BenchmarkListPages's baseline decodes it: the same fields and
// field types, in structs without decoding methods of their own.
type plainPage struct {
	Requisitions []struct {
		ID                    ID                `json:"id"`
		Identifier            string            `json:"identifier"`
		TemplateID            ID                `json:"templateId"`
		TemplateIDSnake       ID                `json:"requisition_template_id"`
		Status                RequisitionStatus `json:"status"`
		AccessionStatus       AccessionStatus   `json:"accessionStatus"`
		AccessionStatusSnake  AccessionStatus   `json:"accession_status"`
		ProcessingStatus      ProcessingStatus  `json:"processingStatus"`
		ProcessingStatusSnake ProcessingStatus  `json:"processing_status"`
		ReportingStatus       ReportingStatus   `json:"reportingStatus"`
		ReportingStatusSnake  ReportingStatus   `json:"reporting_status"`
		BillingStatus         BillingStatus     `json:"billingStatus"`
		BillingStatusSnake    BillingStatus     `json:"billing_status"`
		CreatedAt             time.Time         `json:"createdAt"`
		CreatedAtSnake        time.Time         `json:"created_at"`
		UpdatedAt             time.Time         `json:"updatedAt"`
		UpdatedAtSnake        time.Time         `json:"updated_at"`
		Workflows             []workflowWire    `json:"workflows"`
	} `json:"requisitions"`
	Meta Meta `json:"meta"`
}

// BenchmarkDecodePage is the decode of one page of 5000 requisitions from its bytes, no
// network: impl=stream is what All does with a page (pager.DecodePage: strict, raw JSON
// kept, converted to Requisition), impl=unmarshal one json.Unmarshal of the whole page
// into structs of the same fields and field types without decoding methods. Run:
//
//	go test ./ovation -run '^$' -bench BenchmarkDecodePage -benchmem -count 8 | tee /tmp/page.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl /tmp/page.txt
func BenchmarkDecodePage(b *testing.B) {
	data := benchPage(5000)
	b.Run("impl=stream", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var meta *Meta
			n, _, err := pager.DecodePage(bytes.NewReader(data), requisitionPage(&meta), requisitionsOfWire(), func(r *Requisition) bool { return r.ID != "" })
			if err != nil || n != 5000 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("impl=unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var p plainPage
			if err := json.Unmarshal(data, &p); err != nil || len(p.Requisitions) != 5000 {
				b.Fatal(err)
			}
		}
	})
}
