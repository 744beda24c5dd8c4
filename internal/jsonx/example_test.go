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

type item struct {
	ID  string `json:"id"`
	raw jsonx.Raw
}

type order struct {
	ID    string `json:"id"`
	Items []item `json:"items"`
	raw   jsonx.Raw
}

// bindRaw records where the order and its items are in the document.
func (o *order) bindRaw(raw jsonx.Raw) {
	o.raw = raw
	for i := range o.Items {
		o.Items[i].raw = o.raw.Elem("items", i)
	}
}

func ExampleDecode() {
	body := []byte(`{"id":"o-1","items":[{"id":"a","note":"kept"},{"id":"b"}]}`)
	var o order
	if err := jsonx.Decode(body, &o, (*order).bindRaw); err != nil {
		fmt.Println(err)
		return
	}
	// Each item finds its own bytes, unmodelled fields included, in the one document.
	fmt.Println(o.ID, string(o.Items[0].raw.JSON()), string(o.Items[1].raw.JSON()))
	// Output:
	// o-1 {"id":"a","note":"kept"} {"id":"b"}
}
