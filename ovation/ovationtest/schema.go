package ovationtest

import (
	"net/http"
	"strings"

	"github.com/labwire/labwire/internal/fake"
)

// schema answers the template's requisition schema: the create payload with the
// template's option lists and its Required fields as JSON Schema "required".
func (s *Server) schema(w http.ResponseWriter, r *http.Request) {
	t, ok := s.template(w, r)
	if !ok {
		return
	}
	str := func(enum []string) map[string]any {
		m := map[string]any{"type": "string"}
		if len(enum) > 0 {
			m["enum"] = enum
		}
		return m
	}
	obj := func(props map[string]any) map[string]any {
		return map[string]any{"type": "object", "properties": props}
	}
	arr := func(item map[string]any) map[string]any { return map[string]any{"type": "array", "items": item} }
	req := obj(map[string]any{
		"identifier":     str(nil),
		"requestedTests": arr(obj(map[string]any{"panelCode": str(t.PanelCodes), "tests": arr(obj(map[string]any{"testCode": str(nil)}))})),
		"diagnosis":      arr(str(nil)),
		"patient": obj(map[string]any{
			"firstName": str(nil), "lastName": str(nil), "dateOfBirth": map[string]any{"type": "string", "format": "date"},
			"gender": str([]string{"M", "F", "U"}), "race": str([]string{"white", "black", "asian", "islander", "native", "undisclosed"}),
			"ethnicity": str([]string{"hispanic", "nothispanic", "undisclosed"}),
		}),
		"physician": obj(map[string]any{"npi": str(nil)}),
		"billingInformation": obj(map[string]any{
			"billTo":                str([]string{"Bill Insurance", "Patient Pay", "Facility Pay", "Other"}),
			"insuranceInformations": arr(obj(map[string]any{"insuranceType": str([]string{"Primary", "Secondary"})})),
		}),
		"samples": arr(obj(map[string]any{
			"identifier": str(nil), "group": str(t.SampleGroups), "label": str(t.SampleLabels), "containerType": str(t.ContainerTypes),
		})),
	})
	for _, path := range t.Required {
		parts := strings.Split(path, ".")
		node := req
		for _, p := range parts[:len(parts)-1] {
			next, _ := node["properties"].(map[string]any)[p].(map[string]any)
			if next == nil {
				break
			}
			if items, ok := next["items"].(map[string]any); ok {
				next = items
			}
			node = next
		}
		list, _ := node["required"].([]string)
		node["required"] = append(list, parts[len(parts)-1])
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{
		"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
		"properties": map[string]any{"requisition": req, "markAsSigned": map[string]any{"type": "boolean"}},
	})
}
