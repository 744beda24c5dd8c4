package rupa

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/wiretest"
)

// TestExampleAnswersDecodeAsEncodingJSON decodes Rupa's example payloads (the
// order.new_result event of testdata, its order's attributes, and a page of patients as
// rupatest serves it) into the package's types through jsonx's decoder and through
// json.Unmarshal, which must agree.
func TestExampleAnswersDecodeAsEncodingJSON(t *testing.T) {
	event, err := os.ReadFile("testdata/order_new_result.json")
	if err != nil {
		t.Fatal(err)
	}
	object, ok := jsonx.Member(event, "data")
	if ok {
		object, ok = jsonx.Member(object, "object")
	}
	attrs, ok2 := jsonx.Member(object, "attributes")
	if !ok || !ok2 {
		t.Fatal("the example event has no data.object.attributes")
	}
	var page strings.Builder
	page.WriteString(`{"data":[`)
	for i := range 3 {
		if i > 0 {
			page.WriteByte(',')
		}
		id := strconv.Itoa(1000000 + i)
		page.WriteString(`{"id":"pat_` + id + `","type":"patient","attributes":{"first_name":"Testy` + id +
			`","last_name":"Synthetic","email":"testy` + id + `@example.test","birthday":"1980-01-15"},` +
			`"relationships":{"clinic":{"data":{"id":"cli_1","type":"clinic"}}}}`)
	}
	page.WriteString(`],"included":[{"id":"cli_1","type":"clinic","attributes":{"name":"C"}}],` +
		`"links":{"next":"http://127.0.0.1/patients?page%5Bnumber%5D=2"},"meta":{"count":30}}`)
	cases := []struct {
		name string
		data []byte
		new  func() any
	}{
		{"order_new_result.json", event, func() any { return new(Event) }},
		{"order_new_result.json object", object, func() any { return new(Resource) }},
		{"order_new_result.json order", object, func() any { return new(Order) }},
		{"order_new_result.json attributes", attrs, func() any { return new(OrderAttributes) }},
		{"patients page", []byte(page.String()), func() any { return new(patientsDoc) }},
		{"patients page, generic", []byte(page.String()), func() any {
			return new(struct {
				Data     []Resource `json:"data"`
				Included []Resource `json:"included"`
			})
		}},
	}
	for _, c := range cases {
		wiretest.DecodesAsEncodingJSON(t, c.name, c.data, c.new)
	}
}
