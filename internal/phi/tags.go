package phi

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// The kinds of a phi struct tag (see the package doc).
const (
	KindNone    = "none"
	KindID      = "id"
	KindToken   = "token"
	KindCount   = "count"
	KindPresent = "present"
)

// Decl is one attribute of a phi struct tag: phi:"kind[:key][=Sub.Field][,omitempty]".
type Decl struct {
	Kind      string
	Key       string   // "" means the field's JSON name
	Path      []string // the field of the field's value shown, if any
	OmitEmpty bool
}

// HoldsNone reports whether the declaration says the field itself holds no patient data:
// it is shown as an id or token, or declared none.
func (d Decl) HoldsNone() bool {
	return d.Kind == KindNone || (d.Kind == KindID || d.Kind == KindToken) && len(d.Path) == 0
}

// ParseTag parses the value of a phi struct tag (without the `phi:` key).
func ParseTag(tag string) ([]Decl, error) {
	if tag == "" {
		return nil, nil
	}
	var out []Decl
	for part := range strings.SplitSeq(tag, ";") {
		var d Decl
		part, d.OmitEmpty = strings.CutSuffix(strings.TrimSpace(part), ",omitempty")
		part, path, hasPath := strings.Cut(part, "=")
		d.Kind, d.Key, _ = strings.Cut(part, ":")
		switch d.Kind {
		case KindNone:
			if d.Key != "" || hasPath || d.OmitEmpty {
				return nil, fmt.Errorf("phi tag %q: none takes no key, path or omitempty", tag)
			}
		case KindID, KindToken, KindCount, KindPresent:
		default:
			return nil, fmt.Errorf("phi tag %q: unknown kind %q (none, id, token, count, present)", tag, d.Kind)
		}
		if hasPath {
			if path == "" {
				return nil, fmt.Errorf("phi tag %q: empty path", tag)
			}
			d.Path = strings.Split(path, ".")
		}
		out = append(out, d)
	}
	return out, nil
}

// plan is how Of summarises one type.
type plan struct {
	name  string
	attrs []planAttr
}

type planAttr struct {
	key       string
	kind      string
	steps     [][]int // field index paths from the value, each step after dereferencing pointers
	target    reflect.Type
	omitEmpty bool
}

var plans sync.Map // reflect.Type -> *plan

// planFor returns the plan of t, a struct, map, slice or array type.
func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	p, err := buildPlan(t)
	if err != nil {
		panic("phi: " + err.Error())
	}
	actual, _ := plans.LoadOrStore(t, p)
	return actual.(*plan)
}

// typeName is "whoop.Patient" for github.com/labwire/labwire/whoop.Patient, without the
// type arguments of a generic type.
func typeName(t reflect.Type) string {
	name, _, _ := strings.Cut(t.Name(), "[")
	pkg := t.PkgPath()
	if i := strings.LastIndexByte(pkg, '/'); i >= 0 {
		pkg = pkg[i+1:]
	}
	if pkg == "" {
		return name
	}
	return pkg + "." + name
}

func buildPlan(t reflect.Type) (*plan, error) {
	p := &plan{name: typeName(t)}
	if t.Kind() != reflect.Struct {
		return p, nil
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("phi")
		if !ok {
			continue
		}
		decls, err := ParseTag(tag)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", p.name, f.Name, err)
		}
		for _, d := range decls {
			if d.Kind == KindNone {
				continue
			}
			a := planAttr{key: d.Key, kind: d.Kind, steps: [][]int{f.Index}, target: f.Type, omitEmpty: d.OmitEmpty}
			if a.key == "" {
				a.key = jsonName(f)
			}
			for _, seg := range d.Path {
				st := a.target
				for st.Kind() == reflect.Pointer {
					st = st.Elem()
				}
				if st.Kind() != reflect.Struct {
					return nil, fmt.Errorf("%s.%s: path %q: %s is not a struct", p.name, f.Name, strings.Join(d.Path, "."), st)
				}
				sf, ok := st.FieldByName(seg)
				if !ok {
					return nil, fmt.Errorf("%s.%s: path %q: %s has no field %s", p.name, f.Name, strings.Join(d.Path, "."), st, seg)
				}
				a.steps = append(a.steps, sf.Index)
				a.target = sf.Type
			}
			if err := checkKind(a); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", p.name, f.Name, err)
			}
			p.attrs = append(p.attrs, a)
		}
	}
	return p, nil
}

// jsonName is the field's JSON name, or its Go name in snake case ("RequestID" is
// "request_id").
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name != "" && name != "-" {
		return name
	}
	var b strings.Builder
	r := []rune(f.Name)
	for i, c := range r {
		upper := unicode.IsUpper(c)
		if upper && i > 0 && (unicode.IsLower(r[i-1]) || i+1 < len(r) && unicode.IsLower(r[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

func checkKind(a planAttr) error {
	t := a.target
	if a.kind == KindID || a.kind == KindToken {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return nil
		}
		return fmt.Errorf("%s %q: a %s is not an id or a code", a.kind, a.key, a.target)
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Map, reflect.String, reflect.Array, reflect.Pointer, reflect.Interface:
		return nil
	}
	return fmt.Errorf("%s %q: a %s has no length", a.kind, a.key, a.target)
}

// Of returns the summary of v, a value of a struct, map, slice or array type, or a pointer
// to one: its type name and the attributes its phi struct tags declare.
func Of(v any) Summary {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return Summary{}
	}
	t := rv.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return Summary{typ: typeName(t)}
		}
		rv = rv.Elem()
	}
	p := planFor(t)
	s := Summary{typ: p.name}
	if len(p.attrs) > 0 {
		s.attrs = make([]attr, 0, len(p.attrs))
	}
	for _, pa := range p.attrs {
		fv, ok := follow(rv, pa.steps)
		if !ok {
			fv = reflect.Zero(pa.target)
		}
		a, empty := render(pa, fv)
		if pa.omitEmpty && empty {
			continue
		}
		s.attrs = append(s.attrs, a)
	}
	return s
}

// follow walks the index paths from v, dereferencing pointers; ok is false when it meets a
// nil pointer.
func follow(v reflect.Value, steps [][]int) (reflect.Value, bool) {
	for i, step := range steps {
		if i > 0 {
			for v.Kind() == reflect.Pointer {
				if v.IsNil() {
					return v, false
				}
				v = v.Elem()
			}
		}
		for j, idx := range step {
			if j > 0 && v.Kind() == reflect.Pointer {
				if v.IsNil() {
					return v, false
				}
				v = v.Elem()
			}
			v = v.Field(idx)
		}
	}
	return v, true
}

// render turns the value an attribute shows into the attribute; empty reports a zero value.
func render(pa planAttr, v reflect.Value) (attr, bool) {
	switch pa.kind {
	case KindCount, KindPresent:
		n := 0
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				n = 1
			}
		default:
			n = v.Len()
			if pa.kind == KindPresent && n > 0 {
				n = 1
				if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 &&
					strings.TrimSpace(string(v.Bytes())) == "null" {
					n = 0
				}
			}
		}
		return attr{key: pa.key, n: n, isInt: true}, n == 0
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v = reflect.Zero(v.Type().Elem())
			continue
		}
		v = v.Elem()
	}
	var s string
	switch v.Kind() {
	case reflect.String:
		s = v.String()
	case reflect.Bool:
		s = strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s = strconv.FormatInt(v.Int(), 10)
	default: // the unsigned kinds, as checkKind allows
		s = strconv.FormatUint(v.Uint(), 10)
	}
	return attr{key: pa.key, s: sanitize(s)}, v.IsZero()
}

// registry holds the types generated code registered, by package path and name.
var registry struct {
	sync.RWMutex
	byName map[string]reflect.Type
	order  []reflect.Type
}

func registryKey(t reflect.Type) string {
	name, _, _ := strings.Cut(t.Name(), "[")
	return t.PkgPath() + "." + name
}

// Register records the types of values as redacted types: their MarshalJSON writes the
// summary, so Plain copies them to method-less types for the wire. It checks their phi
// tags now and panics on a malformed one. Generated code calls it from init; a generic type
// is registered with one instantiation and stands for all.
func Register(values ...any) {
	registry.Lock()
	defer registry.Unlock()
	if registry.byName == nil {
		registry.byName = map[string]reflect.Type{}
	}
	for _, v := range values {
		t := reflect.TypeOf(v)
		planFor(t)
		k := registryKey(t)
		if _, dup := registry.byName[k]; dup {
			continue
		}
		registry.byName[k] = t
		registry.order = append(registry.order, t)
	}
}

// Registered returns the registered types, in registration order.
func Registered() []reflect.Type {
	registry.RLock()
	defer registry.RUnlock()
	return append([]reflect.Type(nil), registry.order...)
}

func isRegistered(t reflect.Type) bool {
	if t.Name() == "" {
		return false
	}
	registry.RLock()
	defer registry.RUnlock()
	_, ok := registry.byName[registryKey(t)]
	return ok
}

// Shown returns the field index paths of t's fields whose values a summary shows (the id
// and token attributes), for tests that plant canaries everywhere else.
func Shown(t reflect.Type) [][]int {
	var out [][]int
	for _, a := range planFor(t).attrs {
		if a.kind != KindID && a.kind != KindToken {
			continue
		}
		var path []int
		for _, s := range a.steps {
			path = append(path, s...)
		}
		out = append(out, path)
	}
	return out
}
