package jsonx

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// benchDoc is a requisition with n service requests, shaped like WHOOP's.
func benchDoc(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"id":"5f2b8c1e-6d3a-4f7b-9e1c-2a4b6c8d0e1f","created_at":"2024-01-15T10:30:00Z","updated_at":"2024-01-15T10:30:00Z",` +
		`"patient":{"id":"569250ea-0a6b-49ab-804b-13cf486aacc7","first_name":"Testy","last_name":"Synthetic","birth_date":"1990-02-28"},"service_requests":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"11111111-2222-4333-8444-` + strconv.Itoa(100000000000+i) + `","status":"active","intent":"order","code":"LIPID_PANEL",` +
			`"task_business_status":null,"task_description":"Fasting lipid panel"}`)
	}
	b.WriteString(`],"appointments":[]}`)
	return []byte(b.String())
}

// Check against encoding/json's own validity scan (which json.Unmarshal runs before
// decoding) and a full json.Unmarshal into any:
//
//	go test -run '^$' -bench . -benchmem ./internal/jsonx
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{1, 1000} {
		doc := benchDoc(n)
		b.Run("jsonx.Check/"+strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Check(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("json.Valid/"+strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if !json.Valid(doc) {
					b.Fatal("invalid")
				}
			}
		})
	}
}
