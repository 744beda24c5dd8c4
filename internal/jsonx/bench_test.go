package jsonx

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
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

// requisitionBench is what benchDoc decodes into, as a vendor package models it.
type requisitionBench struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Patient   struct {
		ID        string `json:"id"`
		FirstName string `json:"first_name,omitempty"`
		LastName  string `json:"last_name,omitempty"`
		BirthDate string `json:"birth_date,omitempty"`
	} `json:"patient"`
	ServiceRequests []struct {
		ID                 string  `json:"id"`
		Status             nameStr `json:"status"`
		Intent             string  `json:"intent"`
		Code               string  `json:"code"`
		TaskBusinessStatus *string `json:"task_business_status"`
		TaskDescription    string  `json:"task_description,omitempty"`
	} `json:"service_requests"`
	Appointments []struct {
		ServiceRequestIDs []string  `json:"service_request_ids"`
		StartTime         time.Time `json:"start_time"`
	} `json:"appointments"`
}

// benchRecords is a list of n flat records with numbers, booleans and escapes.
func benchRecords(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":` + strconv.Itoa(1000+i) + `,"name":"Record \"` + strconv.Itoa(i) + `\"","score":` + strconv.Itoa(i) + `.25,` +
			`"active":true,"tags":["a","b"],"note":null,"unknown":{"x":[1,2,3]}}`)
	}
	b.WriteString(`],"meta":{"total":` + strconv.Itoa(n) + `,"page":1}}`)
	return []byte(b.String())
}

// recordsBench is what benchRecords decodes into.
type recordsBench struct {
	Data []struct {
		ID     int64    `json:"id"`
		Name   string   `json:"name"`
		Score  float64  `json:"score"`
		Active bool     `json:"active"`
		Tags   []string `json:"tags"`
		Note   *string  `json:"note"`
	} `json:"data"`
	Meta struct {
		Total int `json:"total"`
		Page  int `json:"page"`
	} `json:"meta"`
}

// The decoder of checked documents against json.Unmarshal, on the same documents and
// targets (Check not included):
//
//	go test -run '^$' -bench BenchmarkDecodeChecked -benchmem ./internal/jsonx
func BenchmarkDecodeChecked(b *testing.B) {
	docs := []struct {
		name string
		data []byte
		new  func() any
	}{
		{"requisition/1", benchDoc(1), func() any { return new(requisitionBench) }},
		{"requisition/1000", benchDoc(1000), func() any { return new(requisitionBench) }},
		{"records/100", benchRecords(100), func() any { return new(recordsBench) }},
	}
	for _, d := range docs {
		b.Run("impl=jsonx/doc="+d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := decodeChecked(d.data, d.new()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("impl=encoding-json/doc="+d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := json.Unmarshal(d.data, d.new()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
