package ovation_test

import (
	"context"
	"fmt"
	"log"
)

// Ovation documents no fields for templates: they come as Records (id, name, the raw JSON).
func ExampleProjectTemplatesService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	templates, err := client.ProjectTemplates.List(context.Background(), "123")
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range templates {
		fmt.Println(t.ID, t.Name)
	}
	// Output:
	// 789 COVID-19 PCR
}

func ExampleProjectTemplatesService_SampleLabels() {
	srv, client := fakeOvation()
	defer srv.Close()
	labels, err := client.ProjectTemplates.SampleLabels(context.Background(), "789")
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range labels {
		fmt.Println(l.ID, l.Name)
	}
	// Output:
	// 1 NP Swab
	// 2 Serum
}

// Decode reads the fields a Record's Go type does not name.
func ExampleProjectTemplatesService_TestPanels() {
	srv, client := fakeOvation()
	defer srv.Close()
	panels, err := client.ProjectTemplates.TestPanels(context.Background(), "789")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range panels {
		var v struct {
			PanelCode string `json:"panelCode"`
		}
		if err := p.Decode(&v); err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.Name, v.PanelCode)
	}
	// Output:
	// COVID COVID
	// FLU FLU
}
