package rupa_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/labwire/labwire/rupa"
)

// exampleResources are an order, its two ordered tests and its practitioner, as a JSON:API
// document holds them; the patient is linked but not included.
func exampleResources() (order *rupa.Resource, all []*rupa.Resource) {
	err := json.Unmarshal([]byte(`[
		{"id": "ord_1", "type": "order", "relationships": {
			"patient": {"data": {"id": "pat_1", "type": "patient"}},
			"patients_practitioner": {"data": {"id": "pra_1", "type": "practitioner"}},
			"ordered_tests": {"data": [{"id": "ordts_1", "type": "ordered_test"}, {"id": "ordts_2", "type": "ordered_test"}], "meta": {"count": 2}},
			"line_items": {"data": []},
			"order_intent": {"data": null}}},
		{"id": "ordts_1", "type": "ordered_test"},
		{"id": "ordts_2", "type": "ordered_test"},
		{"id": "pra_1", "type": "practitioner", "relationships": {"clinic": {"data": {"id": "cli_1", "type": "clinic"}}}}
	]`), &all)
	if err != nil {
		log.Fatal(err)
	}
	return all[0], all
}

// NewIndex indexes resources by type and id; ParseEvent builds one for an event (Event.Index).
func ExampleNewIndex() {
	order, all := exampleResources()
	ix, err := rupa.NewIndex(all...)
	fmt.Println(ix.Len(), err)

	_, err = rupa.NewIndex(order, order)
	fmt.Println(errors.Is(err, rupa.ErrDuplicateResource))
	// Output:
	// 4 <nil>
	// true
}

func ExampleIndex_Len() {
	_, all := exampleResources()
	ix, err := rupa.NewIndex(all...)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ix.Len())
	// Output:
	// 4
}

func ExampleIndex_Get() {
	_, all := exampleResources()
	ix, err := rupa.NewIndex(all...)
	if err != nil {
		log.Fatal(err)
	}
	r, ok := ix.Get(rupa.Identifier{ID: "pra_1", Type: rupa.ResourceTypePractitioner})
	fmt.Println(ok, r.ID)
	_, ok = ix.Get(rupa.Identifier{ID: "pra_1", Type: rupa.ResourceTypePatient})
	fmt.Println(ok)
	// Output:
	// true pra_1
	// false
}

// Related follows a to-one link to the included resource; a resource Rupa did not include is
// ErrNotIncluded, and Link still gives its id.
func ExampleIndex_Related() {
	order, all := exampleResources()
	ix, err := rupa.NewIndex(all...)
	if err != nil {
		log.Fatal(err)
	}
	pra, err := ix.Related(order, rupa.RelPatientsPractitioner)
	if err != nil {
		log.Fatal(err)
	}
	clinic, err := rupa.Link(pra, rupa.RelClinic)
	fmt.Println(pra.ID, clinic.ID, err)

	_, err = ix.Related(order, rupa.RelPatient)
	fmt.Println(errors.Is(err, rupa.ErrNotIncluded))
	// Output:
	// pra_1 cli_1 <nil>
	// true
}

func ExampleIndex_RelatedMany() {
	order, all := exampleResources()
	ix, err := rupa.NewIndex(all...)
	if err != nil {
		log.Fatal(err)
	}
	tests, err := ix.RelatedMany(order, rupa.RelOrderedTests)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tests {
		fmt.Println(t.Type, t.ID)
	}
	_, err = ix.RelatedMany(order, rupa.RelPatient)
	fmt.Println(errors.Is(err, rupa.ErrRelationshipCardinality))
	// Output:
	// ordered_test ordts_1
	// ordered_test ordts_2
	// true
}

// Link reads a to-one link whether or not the resource is included; null is
// ErrRelationshipMissing.
func ExampleLink() {
	order, _ := exampleResources()
	patient, err := rupa.Link(order, rupa.RelPatient)
	fmt.Println(patient.Type, patient.ID, err)

	_, err = rupa.Link(order, rupa.RelOrderIntent)
	fmt.Println(errors.Is(err, rupa.ErrRelationshipMissing))
	// Output:
	// patient pat_1 <nil>
	// true
}

// Links reads a to-many link, possibly empty.
func ExampleLinks() {
	order, _ := exampleResources()
	tests, err := rupa.Links(order, rupa.RelOrderedTests)
	fmt.Println(len(tests), err)
	items, err := rupa.Links(order, rupa.RelLineItems)
	fmt.Println(len(items), err)
	// Output:
	// 2 <nil>
	// 0 <nil>
}
