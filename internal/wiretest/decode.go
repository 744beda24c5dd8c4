package wiretest

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/labwire/labwire/internal/jsonx"
)

// DecodesAsEncodingJSON reports an error to tb (Errorf) unless data decodes through jsonx (the strict check and
// the decoder of checked documents, as every vendor answer does) into the same value as
// json.Unmarshal gives, both into a new value from newV (such as
// func() any { return new(whoop.LabRequisition) }). name says which document failed.
func DecodesAsEncodingJSON(tb testing.TB, name string, data []byte, newV func() any) {
	tb.Helper()
	got, want := newV(), newV()
	if err := jsonx.Unmarshal(data, got); err != nil {
		tb.Errorf("%s into %T: jsonx: %v", name, got, err)
		return
	}
	if err := json.Unmarshal(data, want); err != nil {
		tb.Errorf("%s into %T: encoding/json: %v", name, want, err)
		return
	}
	if !reflect.DeepEqual(got, want) {
		tb.Errorf("%s into %T: jsonx and encoding/json decode it differently:\n%#v\n%#v", name, got, got, want)
	}
}
