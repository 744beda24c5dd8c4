package jsonx_test

import (
	"errors"
	"fmt"

	"github.com/labwire/labwire/internal/jsonx"
)

func ExampleUnmarshal() {
	var e struct {
		Type string `json:"event_type"`
	}
	fmt.Println(jsonx.Unmarshal([]byte(`{"event_type":"lab_requisition.created"}`), &e), e.Type)

	// encoding/json would keep the last of these; jsonx refuses the document.
	err := jsonx.Unmarshal([]byte(`{"event_type":"a","EVENT_TYPE":"b"}`), &e)
	fmt.Println(errors.Is(err, jsonx.ErrDuplicateKey))
	// Output:
	// <nil> lab_requisition.created
	// true
}
