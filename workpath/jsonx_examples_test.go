package workpath

import (
	"os"
	"testing"

	"github.com/labwire/labwire/internal/wiretest"
)

// TestExampleAnswersDecodeAsEncodingJSON decodes Workpath's example answers (testdata)
// into the package's result types through jsonx's decoder and through json.Unmarshal,
// which must agree.
func TestExampleAnswersDecodeAsEncodingJSON(t *testing.T) {
	cases := []struct {
		file string
		new  func() any
	}{
		{"person.json", func() any { return new(Person) }},
		{"person_table_form.json", func() any { return new(Person) }},
		{"appointment.json", func() any { return new(Appointment) }},
		{"intake.json", func() any { return new(Intake) }},
		{"note.json", func() any { return new(Note) }},
		{"document_upload.json", func() any { return new(DocumentUpload) }},
		{"webhook.json", func() any { return new(WebhookEndpoint) }},
		{"event_modify.json", func() any { return new(eventWire) }},
		{"api_keys.json", func() any { return new([]APIKey) }},
		{"api_key_created.json", func() any { return new(APIKey) }},
	}
	for _, c := range cases {
		data, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		wiretest.DecodesAsEncodingJSON(t, c.file, data, c.new)
	}
}
