package ovation

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
)

// RequisitionSchema is the JSON Schema of a template's create payload. Fields it marks
// required are required to complete a requisition in the LIMS, not to call the API (Create
// never refuses a requisition for lacking them); configured custom attributes appear under
// their keys; and, when configured, panelCode, group, billTo, label, insuranceType,
// containerType, gender, race and ethnicity carry their list of valid options.
type RequisitionSchema struct {
	// Root is the schema's top-level object.
	Root *SchemaField

	raw jsonx.Raw `phi:"none"`
}

// SchemaField is one node of the schema.
type SchemaField struct {
	// Type is the JSON type ("object", "string", ...); the first one when the schema
	// lists several.
	Type string `phi:"none"`
	// Title, Description and Format are as the schema gives them.
	Title, Description, Format string `phi:"none"`
	// Required lists the properties required to complete a requisition.
	Required []string `phi:"none"`
	// Properties are an object's fields.
	Properties map[string]*SchemaField `phi:"none"`
	// Items is an array's element.
	Items *SchemaField
	// Options are the valid values (enum, or the const of each oneOf/anyOf), as text.
	Options []string `phi:"none"`
}

// UnmarshalJSON decodes the keywords SchemaField models.
func (f *SchemaField) UnmarshalJSON(b []byte) error {
	var v struct {
		Type        json.RawMessage         `json:"type"`
		Title       string                  `json:"title"`
		Description string                  `json:"description"`
		Format      string                  `json:"format"`
		Required    json.RawMessage         `json:"required"`
		Properties  map[string]*SchemaField `json:"properties"`
		Items       json.RawMessage         `json:"items"`
		Enum        []json.RawMessage       `json:"enum"`
		OneOf       []json.RawMessage       `json:"oneOf"`
		AnyOf       []json.RawMessage       `json:"anyOf"`
	}
	if err := jsonx.UnmarshalStd(b, &v); err != nil {
		return err
	}
	*f = SchemaField{Title: v.Title, Description: v.Description, Format: v.Format, Properties: v.Properties}
	var types []string
	if jsonx.UnmarshalStd(v.Type, &f.Type) != nil && jsonx.UnmarshalStd(v.Type, &types) == nil && len(types) > 0 {
		f.Type = types[0]
	}
	_ = jsonx.UnmarshalStd(v.Required, &f.Required) // draft-3 "required": true is not a list
	if items := bytes.TrimSpace(v.Items); len(items) > 0 && items[0] == '{' {
		if err := jsonx.UnmarshalStd(items, &f.Items); err != nil {
			return err
		}
	}
	for _, e := range v.Enum {
		f.Options = append(f.Options, optionText(e))
	}
	for _, alt := range append(v.OneOf, v.AnyOf...) {
		var c struct {
			Const json.RawMessage   `json:"const"`
			Enum  []json.RawMessage `json:"enum"`
		}
		if jsonx.UnmarshalStd(alt, &c) != nil {
			continue
		}
		if c.Const != nil {
			f.Options = append(f.Options, optionText(c.Const))
		}
		for _, e := range c.Enum {
			f.Options = append(f.Options, optionText(e))
		}
	}
	if f.Items != nil && len(f.Options) == 0 {
		f.Options = f.Items.Options
	}
	return nil
}

func optionText(raw json.RawMessage) string {
	var s string
	if jsonx.UnmarshalStd(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

// schemaAnswer is the decode target (a jsonx.Target) of a schema: the answer is the root
// field, decoded once, its Raw bound to the answer.
type schemaAnswer struct{ s *RequisitionSchema }

// DecodeJSON decodes data; see schemaAnswer.
func (a schemaAnswer) DecodeJSON(data []byte) error {
	return jsonx.Decode(data, new(SchemaField), func(root *SchemaField, raw jsonx.Raw) { a.s.Root, a.s.raw = root, raw })
}

// RawJSON returns the schema as Ovation sent it.
func (s *RequisitionSchema) RawJSON() json.RawMessage { return s.raw.JSON() }

// requisitionRoot is the node of the requisition object: the schema's "requisition"
// property when it describes the whole payload, else the root.
func (s *RequisitionSchema) requisitionRoot() *SchemaField {
	if s == nil || s.Root == nil {
		return nil
	}
	if r, ok := s.Root.Properties["requisition"]; ok && r != nil {
		return r
	}
	return s.Root
}

// Field returns the node at path, a dotted path of JSON names inside the requisition
// ("patient.gender", "samples.label": array elements are stepped into), and false when the
// schema has no such field.
func (s *RequisitionSchema) Field(path string) (*SchemaField, bool) {
	f := s.requisitionRoot()
	for name := range strings.SplitSeq(path, ".") {
		for f != nil && f.Items != nil && f.Properties == nil {
			f = f.Items
		}
		if f == nil {
			return nil, false
		}
		f = f.Properties[name]
	}
	return f, f != nil
}

// Options returns the valid values of the field at path (see Field), such as
// "requestedTests.panelCode", "samples.group", "billingInformation.billTo"; nil when the
// field has none configured.
func (s *RequisitionSchema) Options(path string) []string {
	f, ok := s.Field(path)
	if !ok {
		return nil
	}
	return f.Options
}

// RequiredFields returns the dotted paths of every field required to complete a
// requisition, sorted.
func (s *RequisitionSchema) RequiredFields() []string {
	var out []string
	var walk func(prefix string, f *SchemaField)
	walk = func(prefix string, f *SchemaField) {
		for f != nil && f.Items != nil && f.Properties == nil {
			f = f.Items
		}
		if f == nil {
			return
		}
		for _, r := range f.Required {
			out = append(out, prefix+r)
		}
		for name, p := range f.Properties {
			walk(prefix+name+".", p)
		}
	}
	walk("", s.requisitionRoot())
	sort.Strings(out)
	return out
}

// Schema returns the JSON Schema of the template's create payload.
//
// GET /project_templates/{projectTemplateId}/requisition_schema
func (s *RequisitionsService) Schema(ctx context.Context, projectTemplateID ID, opts ...RequestOption) (*RequisitionSchema, error) {
	if err := checkID("projectTemplateID", projectTemplateID); err != nil {
		return nil, err
	}
	var out RequisitionSchema
	err := s.c.get(ctx, "requisitions.schema", "/project_templates/{projectTemplateId}/requisition_schema",
		[]string{string(projectTemplateID)}, nil, opts, schemaAnswer{&out})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
