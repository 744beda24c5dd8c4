package rupa

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
)

// Identifier names one resource: a JSON:API resource identifier {"id", "type"}, such as
// {"id": "pra_PbpNmjM", "type": "practitioner"}. Ids are Rupa's opaque prefixed strings
// (ord_, ordts_, pat_, pra_, ordin_, labts_, cli_).
type Identifier struct {
	// ID is the resource's id, e.g. "ord_qNJ1nl1".
	ID string `json:"id" phi:"id"`
	// Type is the resource type, e.g. ResourceTypeOrder.
	Type string `json:"type" phi:"token"`
}

// The resource types Rupa's documentation shows. Other types decode as a generic Resource.
const (
	ResourceTypeOrder        = "order"
	ResourceTypeOrderedTest  = "ordered_test"
	ResourceTypePractitioner = "practitioner"
	ResourceTypePatient      = "patient"
	ResourceTypeClinic       = "clinic"
	ResourceTypeLabTest      = "lab_test"
	ResourceTypeOrderIntent  = "order_intent"
)

// Relationship is a JSON:API relationship object. Its data is a single identifier (a
// to-one link such as an order's "patient"), an array (a to-many link such as
// "ordered_tests", possibly empty), or null; Rupa adds meta.count to to-many links.
type Relationship struct {
	// Data holds the linked identifiers: one for a to-one link, any number for a to-many
	// link, none when data was null or absent.
	Data []Identifier
	// ToMany reports whether data was an array.
	ToMany bool
	// Count is meta.count when Rupa sent it (it does for to-many links), else nil. Other
	// members (links, more meta) are in the resource's RawJSON.
	Count *int
}

type relationshipWire struct {
	Data json.RawMessage `json:"data"`
	Meta *struct {
		Count *int `json:"count"`
	} `json:"meta"`
}

// UnmarshalJSON accepts data as an object, an array or null.
func (r *Relationship) UnmarshalJSON(b []byte) error {
	var w relationshipWire
	if err := jsonx.UnmarshalStd(b, &w); err != nil {
		return err
	}
	*r = Relationship{}
	if w.Meta != nil {
		r.Count = w.Meta.Count
	}
	data := bytes.TrimSpace(w.Data)
	switch {
	case len(data) == 0 || bytes.Equal(data, []byte("null")):
	case data[0] == '[':
		r.ToMany = true
		if err := jsonx.UnmarshalStd(data, &r.Data); err != nil {
			return err
		}
		for i, id := range r.Data {
			if id.ID == "" || id.Type == "" {
				return fmt.Errorf("relationship data[%d] needs an id and a type", i)
			}
		}
	case data[0] == '{':
		var id Identifier
		if err := jsonx.UnmarshalStd(data, &id); err != nil {
			return err
		}
		if id.ID == "" || id.Type == "" {
			return errors.New("relationship data needs an id and a type")
		}
		r.Data = []Identifier{id}
	default:
		return errors.New("relationship data must be an object, an array or null")
	}
	return nil
}

// MarshalJSON writes the relationship's data and meta.count. It holds ids only.
func (r Relationship) MarshalJSON() ([]byte, error) {
	var w struct {
		Data any `json:"data"`
		Meta *struct {
			Count int `json:"count"`
		} `json:"meta,omitempty"`
	}
	switch {
	case r.ToMany:
		w.Data = append([]Identifier{}, r.Data...)
	case len(r.Data) > 0:
		w.Data = r.Data[0]
	}
	if r.Count != nil {
		w.Meta = &struct {
			Count int `json:"count"`
		}{*r.Count}
	}
	return json.Marshal(w)
}

// One returns the single identifier of a to-one link; ok is false when the link is null,
// absent or to-many.
func (r Relationship) One() (id Identifier, ok bool) {
	if r.ToMany || len(r.Data) != 1 {
		return Identifier{}, false
	}
	return r.Data[0], true
}

// Resource is any JSON:API resource object Rupa sends (an order, an ordered test, a
// practitioner, or a type this package does not model). Every member, modelled or not, is
// kept: Attributes holds the attributes object unparsed and RawJSON the whole resource.
//
// A resource's attributes may hold patient data, so Resource prints, logs and marshals only
// its type and id, under every fmt verb, slog handler and json.Marshal; use RawJSON to
// store or forward it.
type Resource struct {
	// ID is the resource id, e.g. "ord_qNJ1nl1". Required.
	ID string `json:"id" phi:"id"`
	// Type is the resource type, e.g. ResourceTypeOrder. Required.
	Type string `json:"type" phi:"token"`
	// Attributes is the attributes object as sent, nil when absent.
	Attributes json.RawMessage `json:"attributes,omitempty"`
	// Relationships maps a relationship name to its linkage, nil when absent.
	Relationships map[string]Relationship `json:"relationships,omitempty"`

	raw jsonx.Raw
}

// check reports what makes r an invalid resource: id and type are required, and attributes
// must be an object.
func (r *Resource) check() error {
	if r.ID == "" || r.Type == "" {
		return errors.New("a resource needs an id and a type")
	}
	if a := bytes.TrimSpace(r.Attributes); len(a) > 0 && a[0] != '{' && !bytes.Equal(a, []byte("null")) {
		return errors.New("resource attributes must be an object")
	}
	return nil
}

// RawJSON returns the resource exactly as Rupa sent it, for resources ParseEvent or a list
// call decoded (nil for one you decoded yourself). It may hold PHI.
func (r *Resource) RawJSON() json.RawMessage { return r.raw.JSON() }

// Identifier returns the resource's type and id.
func (r *Resource) Identifier() Identifier { return Identifier{ID: r.ID, Type: r.Type} }

// Relationship returns the named relationship; ok is false when the resource has none of
// that name.
func (r *Resource) Relationship(name string) (rel Relationship, ok bool) {
	rel, ok = r.Relationships[name]
	return rel, ok
}

// DecodeAttributes decodes the attributes object into dst (a pointer), for types this package
// does not model. Members dst does not declare are ignored.
func (r *Resource) DecodeAttributes(dst any) error {
	if len(bytes.TrimSpace(r.Attributes)) == 0 {
		return nil
	}
	if err := jsonx.UnmarshalStd(r.Attributes, dst); err != nil {
		return attributeError(r.Type, err)
	}
	return nil
}

// attributeError describes a decoding failure of a resource's attributes without quoting
// the value: the type and field are kept, the value kind only.
func attributeError(typ string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		kind, _, _ := strings.Cut(te.Value, " ") // "number 1E700" would quote the value
		return fmt.Errorf("rupa: %s attribute %s: a JSON %s does not fit %s", typ, te.Field, kind, te.Type)
	}
	return fmt.Errorf("rupa: %s attributes are not a valid object", typ)
}
