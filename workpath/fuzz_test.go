package workpath_test

import (
	"testing"

	"github.com/labwire/labwire/workpath"
)

// FuzzParseEvent: untrusted bytes that passed verification never panic the decoder, and an
// accepted event has what ParseEvent promises. The corpus is in testdata/fuzz/FuzzParseEvent.
func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(`{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":1234}}`))
	f.Add([]byte(`{"type":"Appointment","action":"create","eventTs":1,"data":{"id":1,"medical_record_number":"A1","subject":{"name":"x","date_of_birth":"1977-06-01"}}}`))
	f.Add([]byte(`{"type":"Appointment","action":"destroy","eventTs":0,"data":{"id":9,"status":"On The Way","specialist_payment":75.5,"tags":[{"id":1}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := workpath.ParseEvent(body)
		if err != nil {
			if e != nil {
				t.Fatal("event and error")
			}
			return
		}
		if e.Type == "" || e.Action == "" || e.Appointment == nil || e.Appointment.ID <= 0 {
			t.Fatalf("accepted an incomplete event")
		}
		if string(e.RawJSON()) != string(body) {
			t.Fatal("RawJSON differs from the body")
		}
		again, err := workpath.ParseEvent(e.RawJSON())
		if err != nil || again.Appointment.ID != e.Appointment.ID || again.Action != e.Action {
			t.Fatal("not stable")
		}
	})
}
