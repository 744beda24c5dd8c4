package phi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Plain returns v as it goes on the wire. A registered type marshals as its summary, so
// Plain copies each registered value in v (v itself, or one nested in its fields, pointers,
// slices, maps and interfaces) to a type without methods that has the same exported fields
// and the same struct tags: encoding/json then writes what it would write for the type if
// it had no redacting methods. A value holding no registered type is returned as it is.
// The transport encodes every JSON request body through Plain, so a vendor method sends
// its params as they are.
//
// A type with its own MarshalJSON or MarshalText that is not registered is kept as it is
// (it decides its JSON). Plain fails on a recursive type that holds a registered type.
func Plain(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	ti, err := infoOf(rv.Type())
	if err != nil {
		return nil, err
	}
	if !ti.needs {
		return v, nil
	}
	out, err := plainValue(rv)
	if err != nil {
		return nil, err
	}
	return out.Interface(), nil
}

// typeInfo is what Plain knows of a type.
type typeInfo struct {
	needs  bool         // a value may hold a registered type (statically or in an interface)
	mirror reflect.Type // the type a value is copied to (the type itself if unchanged)
	src    []int        // for a rebuilt struct: the source field index of each mirror field
	err    error
}

var (
	infos   sync.Map // reflect.Type -> *typeInfo
	buildMu sync.Mutex
)

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// ownsJSON reports whether t decides its own JSON: it is not a pointer, not registered, and
// it or its pointer is a json.Marshaler or encoding.TextMarshaler.
func ownsJSON(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer || isRegistered(t) {
		return false // a pointer's methods are its element's
	}
	pt := reflect.PointerTo(t)
	return t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		pt.Implements(jsonMarshaler) || pt.Implements(textMarshaler)
}

func infoOf(t reflect.Type) (*typeInfo, error) {
	if ti, ok := infos.Load(t); ok {
		return ti.(*typeInfo), ti.(*typeInfo).err
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	b := builder{inProgress: map[reflect.Type]bool{}}
	ti := b.info(t)
	return ti, ti.err
}

type builder struct {
	inProgress map[reflect.Type]bool
}

// needs reports whether a value of t may hold a registered type: t is registered, or a
// registered type or an interface is reachable from t through fields (exported, or embedded
// structs), elements and map keys, without passing a type that owns its JSON.
func needs(t reflect.Type) bool {
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type) bool
	walk = func(t reflect.Type) bool {
		if seen[t] {
			return false
		}
		seen[t] = true
		if isRegistered(t) {
			return true
		}
		if ownsJSON(t) {
			return false
		}
		switch t.Kind() {
		case reflect.Interface:
			return true
		case reflect.Pointer, reflect.Slice, reflect.Array:
			return walk(t.Elem())
		case reflect.Map:
			return walk(t.Key()) || walk(t.Elem())
		case reflect.Struct:
			for i := range t.NumField() {
				if f := t.Field(i); (f.IsExported() || f.Anonymous) && walk(f.Type) {
					return true
				}
			}
		}
		return false
	}
	return walk(t)
}

// info builds (and stores) the typeInfo of t; buildMu is held.
func (b *builder) info(t reflect.Type) *typeInfo {
	if ti, ok := infos.Load(t); ok {
		return ti.(*typeInfo)
	}
	if b.inProgress[t] {
		return &typeInfo{err: fmt.Errorf("phi: cannot copy the recursive type %s for the wire", t)}
	}
	ti := &typeInfo{needs: needs(t), mirror: t}
	if ti.needs {
		b.inProgress[t] = true
		b.mirror(t, ti)
		delete(b.inProgress, t)
	}
	infos.Store(t, ti)
	return ti
}

// elem returns the mirror of an element type, or an error.
func (b *builder) elem(t reflect.Type) (reflect.Type, error) {
	ti := b.info(t)
	return ti.mirror, ti.err
}

func (b *builder) mirror(t reflect.Type, ti *typeInfo) {
	var err error
	switch t.Kind() {
	case reflect.Pointer:
		var e reflect.Type
		if e, err = b.elem(t.Elem()); err == nil && e != t.Elem() {
			ti.mirror = reflect.PointerTo(e)
		}
	case reflect.Slice:
		var e reflect.Type
		if e, err = b.elem(t.Elem()); err == nil && (e != t.Elem() || isRegistered(t)) {
			ti.mirror = reflect.SliceOf(e)
		}
	case reflect.Array:
		var e reflect.Type
		if e, err = b.elem(t.Elem()); err == nil && (e != t.Elem() || isRegistered(t)) {
			ti.mirror = reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Map:
		var k, e reflect.Type
		if k, err = b.elem(t.Key()); err == nil {
			if e, err = b.elem(t.Elem()); err == nil && (k != t.Key() || e != t.Elem() || isRegistered(t)) {
				ti.mirror = reflect.MapOf(k, e)
			}
		}
	case reflect.Struct:
		err = b.mirrorStruct(t, ti)
	}
	if err != nil {
		ti.err = err
	}
}

// mirrorStruct rebuilds a struct type as an unnamed one with the fields encoding/json sees
// (exported fields and embedded structs), when t is registered or a field's type changes.
func (b *builder) mirrorStruct(t reflect.Type, ti *typeInfo) error {
	var fields []reflect.StructField
	var src []int
	changed := isRegistered(t)
	names := map[string]bool{}
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() {
			names[f.Name] = true
		}
	}
	for i := range t.NumField() {
		f := t.Field(i)
		ft := f.Type
		base := ft
		if base.Kind() == reflect.Pointer {
			base = base.Elem()
		}
		switch {
		case f.Anonymous && base.Kind() == reflect.Struct:
			if ownsJSON(base) {
				return fmt.Errorf("phi: cannot copy %s for the wire: it embeds %s, which has its own JSON", t, base)
			}
			// An embedded struct is always copied to an unnamed type: StructOf cannot embed
			// a named type with methods, and encoding/json flattens either alike.
			m, err := b.forceStruct(base)
			if err != nil {
				return err
			}
			if ft.Kind() == reflect.Pointer {
				m = reflect.PointerTo(m)
			}
			name := f.Name
			if !f.IsExported() {
				r, n := utf8.DecodeRuneInString(name)
				name = string(unicode.ToUpper(r)) + name[n:]
				for names[name] {
					name = "X" + name
				}
				names[name] = true
			}
			fields = append(fields, reflect.StructField{Name: name, Type: m, Tag: f.Tag, Anonymous: true})
			changed = true
		case !f.IsExported():
			changed = true // dropped: encoding/json ignores it
			continue
		case f.Anonymous && f.Type.NumMethod() > 0:
			return fmt.Errorf("phi: cannot copy %s for the wire: it embeds %s, which has methods", t, f.Type)
		default:
			m, err := b.elem(ft)
			if err != nil {
				return err
			}
			changed = changed || m != ft
			fields = append(fields, reflect.StructField{Name: f.Name, Type: m, Tag: f.Tag, Anonymous: f.Anonymous})
		}
		src = append(src, i)
	}
	if changed {
		ti.mirror, ti.src = reflect.StructOf(fields), src
	}
	return nil
}

// forceStruct returns an unnamed copy of the struct type t (its mirror if it has one).
func (b *builder) forceStruct(t reflect.Type) (reflect.Type, error) {
	ti := b.info(t)
	if ti.err != nil {
		return nil, ti.err
	}
	if ti.mirror != t && ti.mirror.Name() == "" {
		return ti.mirror, nil
	}
	key := forcedKey{t}
	if f, ok := infos.Load(key); ok {
		fi := f.(*typeInfo)
		return fi.mirror, fi.err
	}
	fi := &typeInfo{needs: true, mirror: t}
	if err := b.mirrorStruct(t, fi); err != nil {
		return nil, err
	}
	if fi.mirror == t { // nothing changed: copy it anyway, unnamed
		fields := make([]reflect.StructField, 0, t.NumField())
		for i := range t.NumField() {
			fields = append(fields, t.Field(i))
			fi.src = append(fi.src, i)
		}
		fi.mirror = reflect.StructOf(fields)
	}
	infos.Store(key, fi)
	forced.Store(fi.mirror, fi)
	return fi.mirror, nil
}

// forcedKey keys the unnamed copy of a struct type that is embedded.
type forcedKey struct{ t reflect.Type }

// forced maps an unnamed copy made by forceStruct to its typeInfo (its source fields).
var forced sync.Map

// plainValue copies v to its mirror type.
func plainValue(v reflect.Value) (reflect.Value, error) {
	ti, err := infoOf(v.Type())
	if err != nil {
		return reflect.Value{}, err
	}
	if !ti.needs {
		return v, nil
	}
	return copyTo(v, ti.mirror, ti.src)
}

// copyTo copies v, which is never a value read through an unexported field, to a value of
// type mt (v's mirror, or the unnamed copy of an embedded struct, whose fields src lists).
func copyTo(v reflect.Value, mt reflect.Type, src []int) (reflect.Value, error) {
	t := v.Type()
	switch t.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return v, nil
		}
		e, err := plainValue(v.Elem())
		if err != nil {
			return reflect.Value{}, err
		}
		out := reflect.New(t).Elem()
		if e.Type().AssignableTo(t) {
			out.Set(e)
		} else {
			out.Set(v.Elem())
		}
		return out, nil
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(mt), nil
		}
		e, err := elemCopy(v.Elem(), mt.Elem())
		if err != nil {
			return reflect.Value{}, err
		}
		p := reflect.New(mt.Elem())
		p.Elem().Set(e)
		return p, nil
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && v.IsNil() {
			return reflect.Zero(mt), nil
		}
		var out reflect.Value
		if t.Kind() == reflect.Slice {
			out = reflect.MakeSlice(mt, v.Len(), v.Len())
		} else {
			out = reflect.New(mt).Elem()
		}
		for i := range v.Len() {
			e, err := elemCopy(v.Index(i), mt.Elem())
			if err != nil {
				return reflect.Value{}, err
			}
			out.Index(i).Set(e)
		}
		return out, nil
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(mt), nil
		}
		out := reflect.MakeMapWithSize(mt, v.Len())
		for it := v.MapRange(); it.Next(); {
			k, err := elemCopy(it.Key(), mt.Key())
			if err != nil {
				return reflect.Value{}, err
			}
			e, err := elemCopy(it.Value(), mt.Elem())
			if err != nil {
				return reflect.Value{}, err
			}
			out.SetMapIndex(k, e)
		}
		return out, nil
	case reflect.Struct:
		// An addressable copy, so that embedded unexported structs can be read.
		c := reflect.New(t).Elem()
		c.Set(v)
		out := reflect.New(mt).Elem()
		if mt == t {
			out.Set(v)
			for i := range t.NumField() {
				if f := t.Field(i); f.IsExported() {
					e, err := elemCopy(c.Field(i), f.Type)
					if err != nil {
						return reflect.Value{}, err
					}
					out.Field(i).Set(e)
				}
			}
			return out, nil
		}
		for j, i := range src {
			fv := c.Field(i)
			if !t.Field(i).IsExported() {
				fv = reflect.NewAt(fv.Type(), unsafe.Pointer(fv.UnsafeAddr())).Elem()
			}
			e, err := elemCopy(fv, mt.Field(j).Type)
			if err != nil {
				return reflect.Value{}, err
			}
			out.Field(j).Set(e)
		}
		return out, nil
	}
	return v, nil
}

// elemCopy copies v to mt: as is when mt is v's type and v holds nothing to copy, to an
// embedded struct's unnamed copy (or a pointer to one), or to v's mirror.
func elemCopy(v reflect.Value, mt reflect.Type) (reflect.Value, error) {
	if mt == v.Type() {
		ti, err := infoOf(mt)
		if err != nil {
			return reflect.Value{}, err
		}
		if !ti.needs {
			return v, nil
		}
		return plainValue(v)
	}
	if fi, ok := forced.Load(mt); ok {
		return copyTo(v, mt, fi.(*typeInfo).src)
	}
	if mt.Kind() == reflect.Pointer && v.Kind() == reflect.Pointer {
		if fi, ok := forced.Load(mt.Elem()); ok {
			if v.IsNil() {
				return reflect.Zero(mt), nil
			}
			e, err := copyTo(v.Elem(), mt.Elem(), fi.(*typeInfo).src)
			if err != nil {
				return reflect.Value{}, err
			}
			p := reflect.New(mt.Elem())
			p.Elem().Set(e)
			return p, nil
		}
	}
	return plainValue(v)
}
