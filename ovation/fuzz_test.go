package ovation

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/pager"
)

// The corpora are in testdata/fuzz/<name>; go test replays them.

// FuzzParseEvent: ParseEvent never panics, refuses with ErrInvalidEvent only, never quotes
// the body in its error, and keeps what it accepted.
func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(`{"eventType":"report_signed","projectTemplateId":"789","reportId":12,"patientCustomAttributes":""}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := ParseEvent(body)
		if err != nil {
			if e != nil {
				t.Fatal("event and error")
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatal("multi-line error")
			}
			return
		}
		if e.Type == "" || !bytes.Equal(e.RawJSON(), body) {
			t.Fatal("accepted event without type or raw body")
		}
		_ = e.String()
	})
}

// decodeRequisitionPage reads a requisition list page as the client does (streamList's
// decode, without the transport), the body arriving a few bytes at a time.
func decodeRequisitionPage(body []byte, yield func(*Requisition) bool) (meta *Meta, n int, stopped bool, err error) {
	n, stopped, err = pager.DecodePage(iotest.HalfReader(bytes.NewReader(body)), requisitionPage(&meta), requisitionsOfWire(), yield)
	return meta, n, stopped, err
}

// FuzzDecodePage: the streamed page decoder never panics, accepts only what a strict
// whole-document check (jsonx.Check) and a whole-page json.Unmarshal both accept, accepts
// every page object they both accept, and agrees with the whole-page decode on the items
// and the meta.
func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"requisitions":[{"id":1,"identifier":"A","accession_status":"signed"},{"id":"2"}],"meta":{"currentPage":1,"perPage":2,"totalEntries":3}}`))
	f.Add([]byte(`{"meta":{},"requisitions":null,"x":[{"}":"]"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var got []Requisition
		meta, n, _, err := decodeRequisitionPage(body, func(r *Requisition) bool {
			got = append(got, *r)
			return true
		})
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatal("multi-line error")
		}
		if n != len(got) {
			t.Fatal("count mismatch")
		}
		var whole struct {
			Requisitions []Requisition `json:"requisitions"`
			Meta         *Meta         `json:"meta"`
		}
		wholeOK := jsonx.Check(body) == nil && json.Unmarshal(body, &whole) == nil
		if err == nil && !wholeOK {
			t.Fatal("the stream accepted a page the whole decode refuses")
		}
		if err != nil {
			if wholeOK && bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
				t.Fatalf("the stream refused a page the whole decode accepts: %v", err)
			}
			return
		}
		if len(whole.Requisitions) != len(got) {
			t.Fatalf("stream %d items, whole %d", len(got), len(whole.Requisitions))
		}
		for i := range got {
			if got[i].ID != whole.Requisitions[i].ID || got[i].Identifier != whole.Requisitions[i].Identifier ||
				got[i].AccessionStatus != whole.Requisitions[i].AccessionStatus ||
				!bytes.Equal(got[i].RawJSON(), whole.Requisitions[i].RawJSON()) {
				t.Fatalf("item %d differs", i)
			}
		}
		if (meta == nil) != (whole.Meta == nil) || (meta != nil && *meta != *whole.Meta) {
			t.Fatal("meta differs")
		}
	})
}

// FuzzRequisition: decoding a requisition never panics, and what decodes re-encodes to JSON
// that decodes again to the same ids and statuses.
func FuzzRequisition(f *testing.F) {
	f.Add([]byte(`{"id":1,"hasMedicalConsent":true,"hasSecondaryUseNotification":"2","secondaryUseEntitlements":"a|b","provider":{"npi":"1"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var r Requisition
		if json.Unmarshal(body, &r) != nil {
			return
		}
		b, err := wireJSON(writeBody(&r, nil).Requisition)
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		var back Requisition
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("decoding the re-encoding: %v", err)
		}
		if back.ID != r.ID {
			t.Fatalf("id %q became %q", r.ID, back.ID)
		}
		if back.Status != r.Status || back.AccessionStatus != r.AccessionStatus {
			t.Fatal("statuses changed")
		}
	})
}
