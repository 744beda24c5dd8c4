// Package phitest checks, in tests, that a value holding patient data shows none of it:
// it renders the value under every fmt verb, through slog's text and JSON handlers and
// json.Marshal, alone and nested (pointer, slice, map, struct field, slog group), and fails
// if a canary appears in any rendering, in plain or hex form.
package phitest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
)

// Verbs are the fmt verbs, flags and widths AssertRedacted prints with.
var Verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T",
	"%40v", "%-40s", "%+q", "%#q", "%#x", "% x", "%.3s", "%08v"}

// AssertRedacted fails t if any canary appears when v is printed, logged or marshalled,
// alone or nested. v is a value of a PHI type written with package phi (or a pointer to
// one): it must be a fmt.Formatter, a slog.LogValuer and a json.Marshaler. Each canary must occur somewhere inside v (its fields, unexported ones
// and raw JSON included), so a test whose value holds no patient data fails instead of
// passing vacuously. Canaries should be distinctive (e.g. "CANARY-Testy"), at least 4 bytes.
func AssertRedacted(t testing.TB, v any, canaries ...string) {
	t.Helper()
	if v == nil {
		t.Fatal("phitest: nil value")
	}
	if len(canaries) == 0 {
		t.Fatal("phitest: no canaries")
	}
	// The pattern of package phi: without these methods some rendering below shows the fields.
	if _, ok := v.(fmt.Formatter); !ok {
		t.Errorf("phitest: %T is not a fmt.Formatter: fmt prints its fields under some verbs", v)
	}
	if _, ok := v.(slog.LogValuer); !ok {
		t.Errorf("phitest: %T is not a slog.LogValuer", v)
	}
	if _, ok := v.(json.Marshaler); !ok {
		t.Errorf("phitest: %T is not a json.Marshaler: slog's JSON handler marshals it nested", v)
	}
	for _, c := range canaries {
		if len(c) < 4 {
			t.Fatalf("phitest: canary %q is too short to be distinctive", c)
		}
		if !Holds(v, c) {
			t.Fatalf("phitest: the value does not hold canary %q, so the check would prove nothing", c)
		}
	}
	for _, r := range Renderings(v) {
		for _, c := range canaries {
			for _, form := range []string{c, hex.EncodeToString([]byte(c)), strings.ToUpper(hex.EncodeToString([]byte(c)))} {
				if strings.Contains(r.Text, form) {
					t.Errorf("phitest: %s shows canary %q:\n%s", r.How, c, r.Text)
				}
			}
		}
	}
}

// Rendering is one way a value was shown: How names it, Text is the output.
type Rendering struct{ How, Text string }

// Renderings returns v printed with every verb, logged with slog's text and JSON handlers
// and marshalled with encoding/json, as itself and nested: behind a pointer, in a slice, a
// slice of pointers, a map, an exported struct field and an slog group.
func Renderings(v any) []Rendering {
	rv := reflect.ValueOf(v)
	ptr := reflect.New(rv.Type())
	ptr.Elem().Set(rv)
	slice := reflect.MakeSlice(reflect.SliceOf(rv.Type()), 1, 1)
	slice.Index(0).Set(rv)
	ptrSlice := reflect.MakeSlice(reflect.SliceOf(ptr.Type()), 1, 1)
	ptrSlice.Index(0).Set(ptr)
	m := reflect.MakeMap(reflect.MapOf(reflect.TypeFor[string](), rv.Type()))
	m.SetMapIndex(reflect.ValueOf("k"), rv)
	st := reflect.New(reflect.StructOf([]reflect.StructField{
		{Name: "V", Type: rv.Type(), Tag: `json:"v"`},
		{Name: "P", Type: ptr.Type(), Tag: `json:"p"`},
	})).Elem()
	st.Field(0).Set(rv)
	st.Field(1).Set(ptr)
	shapes := []struct {
		name string
		val  any
	}{
		{"value", v}, {"pointer", ptr.Interface()}, {"slice", slice.Interface()},
		{"slice of pointers", ptrSlice.Interface()}, {"map", m.Interface()}, {"struct field", st.Interface()},
		{"struct field pointer", st.Addr().Interface()},
	}
	var out []Rendering
	for _, s := range shapes {
		for _, verb := range Verbs {
			out = append(out, Rendering{How: "fmt " + verb + " of the " + s.name, Text: fmt.Sprintf(verb, s.val)})
		}
		out = append(out, Rendering{How: "fmt.Sprint of the " + s.name, Text: fmt.Sprint(s.val)})
		if b, err := json.Marshal(s.val); err == nil {
			out = append(out, Rendering{How: "json.Marshal of the " + s.name, Text: string(b)})
		} else {
			out = append(out, Rendering{How: "json.Marshal error of the " + s.name, Text: err.Error()})
		}
		for _, h := range []struct {
			name string
			new  func(*bytes.Buffer) slog.Handler
		}{
			{"text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
			{"JSON", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
		} {
			var buf bytes.Buffer
			l := slog.New(h.new(&buf))
			l.Info("attribute", "v", s.val)
			l.Info("any", slog.Any("v", s.val))
			l.Info("group", slog.Group("g", slog.Any("v", s.val)))
			l.With("v", s.val).Info("with")
			l.Info(fmt.Sprint(s.val))
			out = append(out, Rendering{How: "slog " + h.name + " handler with the " + s.name, Text: buf.String()})
		}
	}
	return out
}

// Holds reports whether canary occurs in a string or byte slice anywhere inside v, through
// pointers, interfaces, slices, arrays, maps and struct fields, unexported ones included.
func Holds(v any, canary string) bool {
	seen := map[uintptr]bool{}
	var walk func(reflect.Value, int) bool
	walk = func(rv reflect.Value, depth int) bool {
		if !rv.IsValid() || depth > 64 {
			return false
		}
		switch rv.Kind() {
		case reflect.String:
			return strings.Contains(rv.String(), canary)
		case reflect.Pointer:
			if rv.IsNil() || seen[rv.Pointer()] {
				return false
			}
			seen[rv.Pointer()] = true
			return walk(rv.Elem(), depth+1)
		case reflect.Interface:
			return walk(rv.Elem(), depth+1)
		case reflect.Slice, reflect.Array:
			if rv.Type().Elem().Kind() == reflect.Uint8 {
				if rv.Kind() == reflect.Slice {
					return bytes.Contains(rv.Bytes(), []byte(canary))
				}
			}
			for i := 0; i < rv.Len(); i++ {
				if walk(rv.Index(i), depth+1) {
					return true
				}
			}
		case reflect.Map:
			it := rv.MapRange()
			for it.Next() {
				if walk(it.Key(), depth+1) || walk(it.Value(), depth+1) {
					return true
				}
			}
		case reflect.Struct:
			for i := 0; i < rv.NumField(); i++ {
				if walk(rv.Field(i), depth+1) {
					return true
				}
			}
		}
		return false
	}
	return walk(reflect.ValueOf(v), 0)
}
