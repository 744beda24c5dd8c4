package jsonx

import (
	"cmp"
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// planKind is what the decoder does with a JSON value for one Go type, once the type's
// methods have had their say (see plan).
type planKind uint8

const (
	// kindFallback hands the value's bytes to json.Unmarshal: maps, interfaces, []byte,
	// json.Number, named pointer types, structs with ",string" fields or with fields
	// promoted through embedded pointers, and the kinds JSON cannot fill.
	kindFallback planKind = iota
	kindBool
	kindInt
	kindUint
	kindFloat
	kindString
	kindPointer
	kindSlice
	kindArray
	kindStruct
)

// plan is how the decoder fills one Go type, worked out once per type from the same rules
// as encoding/json's indirect, literalStore, array and object.
type plan struct {
	t    reflect.Type
	kind planKind
	size uintptr // t.Size(): the bytes of an int, uint or float, or of a slice or array element

	// unmarshaler and text say whether the value's methods decode it, as encoding/json
	// finds them where the value is a struct field, slice or array element: for a pointer,
	// the pointer type's methods; for a named type, its pointer type's; for an unnamed
	// non-pointer type, none.
	unmarshaler, text bool
	// ptrMethods is an unnamed non-pointer type whose pointer type has decoding methods
	// encoding/json never calls on a field of it: handing such a value alone to
	// json.Unmarshal would call them, so its fallback falls back for the whole document.
	ptrMethods bool

	elem   *plan // the pointee of a pointer, the element of a slice or array
	length int   // the length of an array

	fields []fieldPlan    // a struct's decodable fields, in the order of the struct
	exact  map[string]int // field index by name, for structs with many fields
	folded map[string]int // field index by folded name (encoding/json's foldName)
}

// fieldPlan is one decodable field of a struct.
type fieldPlan struct {
	name     string // the JSON name (tag name or Go name)
	offset   uintptr
	embedded []string // the Go names of the embedded structs it is promoted through
	plan     *plan
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	numberType          = reflect.TypeFor[json.Number]()
)

// plans caches a *plan per reflect.Type. A plan is stored only once it and every plan it
// refers to are complete, so a decoder that loads one reads finished plans only.
var plans sync.Map

// planMu serializes the building of plans, so that a recursive type is built once.
var planMu sync.Mutex

// planFor returns the plan of t, building it (and the plans of the types it holds) once.
func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	planMu.Lock()
	defer planMu.Unlock()
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	building := make(map[reflect.Type]*plan)
	p := buildPlan(t, building)
	for bt, bp := range building {
		plans.Store(bt, bp)
	}
	return p
}

// buildPlan builds the plan of t, registering it in building before its element and field
// plans so that a recursive type refers to itself.
func buildPlan(t reflect.Type, building map[reflect.Type]*plan) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p, ok := building[t]; ok {
		return p
	}
	p := &plan{t: t, size: t.Size()}
	building[t] = p
	switch {
	case t.Kind() == reflect.Pointer:
		p.unmarshaler = t.Implements(unmarshalerType)
		p.text = t.Implements(textUnmarshalerType)
	case t.Name() != "":
		pt := reflect.PointerTo(t)
		p.unmarshaler = pt.Implements(unmarshalerType)
		p.text = pt.Implements(textUnmarshalerType)
	default:
		pt := reflect.PointerTo(t)
		p.ptrMethods = pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType)
	}
	if t == numberType {
		return p // kindFallback
	}
	switch t.Kind() {
	case reflect.Bool:
		p.kind = kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.kind = kindInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		p.kind = kindUint
	case reflect.Float32, reflect.Float64:
		p.kind = kindFloat
	case reflect.String:
		p.kind = kindString
	case reflect.Pointer:
		// A named pointer type has no methods, and encoding/json checks none on the way to
		// its pointee; json.Unmarshal of it alone behaves the same, so it falls back.
		if t.Name() == "" {
			p.kind = kindPointer
			p.elem = buildPlan(t.Elem(), building)
		}
	case reflect.Slice:
		if t.Elem().Kind() != reflect.Uint8 { // a []byte-like slice takes base64 strings
			p.kind = kindSlice
			p.elem = buildPlan(t.Elem(), building)
			p.size = t.Elem().Size()
		}
	case reflect.Array:
		p.kind = kindArray
		p.elem = buildPlan(t.Elem(), building)
		p.size = t.Elem().Size()
		p.length = t.Len()
	case reflect.Struct:
		if fields, types, ok := structFields(t); ok {
			p.kind = kindStruct
			p.fields = fields
			for i := range p.fields {
				p.fields[i].plan = buildPlan(types[i], building)
			}
			p.index()
		}
	}
	return p
}

// fieldInfo is a field as encoding/json's typeFields finds it, before dominance.
type fieldInfo struct {
	name   string
	tag    bool  // the name is the tag's
	index  []int // the field's index sequence through embedded structs
	typ    reflect.Type
	quoted bool // a ",string" field of a kind the option applies to
}

// structFields lists the fields encoding/json decodes into, and their types, as its
// typeFields finds them (embedded structs' fields promoted, by Go's rules amended by
// tags); ok is false for a struct with a ",string" field or a field promoted through an
// embedded pointer, which falls back.
func structFields(t reflect.Type) (fields []fieldPlan, types []reflect.Type, ok bool) {
	var current []fieldInfo
	next := []fieldInfo{{typ: t}}
	var count, nextCount map[reflect.Type]int
	visited := map[reflect.Type]bool{}
	var found []fieldInfo
	for len(next) > 0 {
		current, next = next, current[:0]
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, f := range current {
			if visited[f.typ] {
				continue
			}
			visited[f.typ] = true
			for i := range f.typ.NumField() {
				sf := f.typ.Field(i)
				if sf.Anonymous {
					et := sf.Type
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if !sf.IsExported() && et.Kind() != reflect.Struct {
						continue // embedded fields of unexported non-struct types are ignored
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validTag(name) {
					name = ""
				}
				index := append(slices.Clip(f.index), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				quoted := false
				if slices.Contains(strings.Split(opts, ","), "string") {
					switch ft.Kind() {
					case reflect.Bool,
						reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
						reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
						reflect.Float32, reflect.Float64,
						reflect.String:
						quoted = true
					}
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					tagged := name != ""
					if name == "" {
						name = sf.Name
					}
					found = append(found, fieldInfo{name: name, tag: tagged, index: index, typ: ft, quoted: quoted})
					if count[f.typ] > 1 {
						// Several instances: a second copy makes the dominance below drop it.
						found = append(found, found[len(found)-1])
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, fieldInfo{name: ft.Name(), index: index, typ: ft})
				}
			}
		}
	}
	slices.SortFunc(found, func(a, b fieldInfo) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.index), len(b.index)); c != 0 {
			return c
		}
		if a.tag != b.tag {
			if a.tag {
				return -1
			}
			return +1
		}
		return slices.Compare(a.index, b.index)
	})
	// The one dominant field of each name survives; two at the shallowest depth, both
	// tagged or both not, annihilate each other.
	out := found[:0]
	for advance, i := 0, 0; i < len(found); i += advance {
		for advance = 1; i+advance < len(found) && found[i+advance].name == found[i].name; advance++ {
		}
		if advance > 1 && len(found[i].index) == len(found[i+1].index) && found[i].tag == found[i+1].tag {
			continue
		}
		out = append(out, found[i])
	}
	slices.SortFunc(out, func(a, b fieldInfo) int { return slices.Compare(a.index, b.index) })
	for _, f := range out {
		if f.quoted {
			return nil, nil, false
		}
		fp := fieldPlan{name: f.name}
		st := t
		for k, ind := range f.index {
			sf := st.Field(ind)
			fp.offset += sf.Offset
			if k == len(f.index)-1 {
				types = append(types, sf.Type)
				break
			}
			if sf.Type.Kind() != reflect.Struct {
				return nil, nil, false // promoted through an embedded pointer
			}
			fp.embedded = append(fp.embedded, sf.Name)
			st = sf.Type
		}
		fields = append(fields, fp)
	}
	return fields, types, true
}

// maxLinear is the most fields a struct's keys are matched against one by one; a struct
// with more looks its keys up in a map.
const maxLinear = 12

// index builds the lookups of a struct plan's fields by name.
func (p *plan) index() {
	if len(p.fields) > maxLinear {
		p.exact = make(map[string]int, len(p.fields))
		for i, f := range p.fields {
			p.exact[f.name] = i
		}
	}
	p.folded = make(map[string]int, len(p.fields))
	for i, f := range p.fields {
		k := string(foldName([]byte(f.name)))
		if _, ok := p.folded[k]; !ok { // the first folded match wins, as in encoding/json
			p.folded[k] = i
		}
	}
}

// lookup returns the index of the field named key (exactly, else as encoding/json folds
// names), or -1; hint is the field to try first (the one after the last found).
func (p *plan) lookup(key []byte, hint int) int {
	if p.exact != nil {
		if i, ok := p.exact[string(key)]; ok {
			return i
		}
	} else {
		if hint < len(p.fields) && p.fields[hint].name == string(key) {
			return hint
		}
		for i := range p.fields {
			if p.fields[i].name == string(key) {
				return i
			}
		}
	}
	var arr [64]byte
	if i, ok := p.folded[string(appendFolded(arr[:0], key))]; ok {
		return i
	}
	return -1
}

// validTag is encoding/json's isValidTag: whether a tag's name is used as the field's name.
func validTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
			// Backslash and quote chars are reserved, but otherwise any punctuation
			// chars are allowed in a tag name.
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// foldName is encoding/json's foldName: a key folded so that two keys fold alike exactly
// when bytes.EqualFold says they are equal.
func foldName(in []byte) []byte {
	var arr [32]byte
	return appendFolded(arr[:0], in)
}
