package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/labwire/labwire/internal/civil"
	"github.com/labwire/labwire/internal/decimal"
	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/phi"
	"github.com/labwire/labwire/internal/phi/phitest"
	"github.com/labwire/labwire/internal/wiretest"

	// The vendor packages, for their registrations. A vendor missing here fails
	// TestFoundTypesAreRegistered: its types are found but not registered.
	_ "github.com/labwire/labwire/ovation"
	_ "github.com/labwire/labwire/rupa"
	_ "github.com/labwire/labwire/whoop"
	_ "github.com/labwire/labwire/workpath"
)

const module = "github.com/labwire/labwire"

// vendorDirs returns the vendor packages: the module's top-level directories holding Go
// files, except the shared ones (internal, webhook) and the examples.
func vendorDirs(t *testing.T) map[string]string {
	t.Helper()
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, "go.mod"))
	require.NoError(t, err, "the module root")
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	out := map[string]string{}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		switch e.Name() {
		case "internal", "webhook", "examples":
			continue
		}
		if files, _ := filepath.Glob(filepath.Join(root, e.Name(), "*.go")); len(files) > 0 {
			out[e.Name()] = filepath.Join(root, e.Name())
		}
	}
	require.NotEmpty(t, out)
	return out
}

// Every vendor's redact_gen.go is what phigen writes now: a type or a field added without
// running go generate fails here.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	for name, dir := range vendorDirs(t) {
		want, err := Generate(dir)
		require.NoError(t, err, name)
		got, err := os.ReadFile(filepath.Join(dir, GenFile))
		require.NoError(t, err, "%s has no %s: run go generate ./%s", name, GenFile, name)
		if string(want) != string(got) {
			t.Errorf("%s/%s is stale: run go generate ./%s\n%s", name, GenFile, name, lineDiff(string(got), string(want)))
		}
	}
}

// lineDiff lists the lines only in the file (-) and only in what phigen writes now (+).
func lineDiff(got, want string) string {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for l := range strings.SplitSeq(s, "\n") {
			m[l]++
		}
		return m
	}
	g, w := count(got), count(want)
	var out []string
	for l, n := range g {
		if n > w[l] {
			out = append(out, "-"+l)
		}
	}
	for l, n := range w {
		if n > g[l] {
			out = append(out, "+"+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// registered returns the registered types of the vendor package, by name.
func registered(pkg string) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, t := range phi.Registered() {
		if t.PkgPath() == module+"/"+pkg {
			name, _, _ := strings.Cut(t.Name(), "[")
			out[name] = t
		}
	}
	return out
}

// The types phigen finds walking each vendor's source are the types registered at run
// time (so the canary test below renders every one of them).
func TestFoundTypesAreRegistered(t *testing.T) {
	for name, dir := range vendorDirs(t) {
		pkg, err := Scan(dir)
		require.NoError(t, err)
		require.Empty(t, pkg.Conflicts)
		var found, reg []string
		for _, ty := range pkg.Covered {
			found = append(found, ty.Name)
		}
		for n := range registered(name) {
			reg = append(reg, n)
		}
		sort.Strings(reg)
		assert.Equal(t, found, reg, "package %s: found by walking its source vs registered", name)
		var skipped []string
		for _, ty := range pkg.Skipped {
			skipped = append(skipped, ty.Name+" ("+ty.Why+")")
		}
		t.Logf("%s: %d types can hold patient data; left alone: %s", name, len(found), strings.Join(skipped, "; "))
	}
}

// Every type phigen finds shows none of its data: a canary is planted in every string,
// []byte, raw JSON, decimal, date, float and interface field (unexported ones and nested
// values included, except the fields its summary shows by declaration), and the value is
// printed under every fmt verb, logged with both slog handlers and marshalled, alone and
// nested in a pointer, slice, map, struct and slog group.
func TestEveryTypeThatCanHoldPHIRedacts(t *testing.T) {
	for name := range vendorDirs(t) {
		types := registered(name)
		require.NotEmpty(t, types, name)
		for tn, typ := range types {
			t.Run(name+"."+tn, func(t *testing.T) {
				t.Parallel()
				f := &filler{shown: map[string]bool{}}
				for _, p := range phi.Shown(typ) {
					f.shown[fmt.Sprint(p)] = true
				}
				v := reflect.New(typ).Elem()
				f.fill(v, []int{}, 0)
				require.NotEmpty(t, f.canaries, "no canary could be planted in %s", typ)
				val := v.Interface()
				for _, x := range []any{val, v.Addr().Interface()} {
					assert.Implements(t, (*fmt.Formatter)(nil), x)
					assert.Implements(t, (*fmt.Stringer)(nil), x)
					assert.Implements(t, (*slog.LogValuer)(nil), x)
					assert.Implements(t, (*json.Marshaler)(nil), x)
				}
				for _, r := range phitest.Renderings(val) {
					for _, c := range f.canaries {
						if !c.absent(t, r) {
							break
						}
					}
				}
			})
		}
	}
}

// A second, independent reading of the rule, by reflection over the registered types and
// every type reachable from them: a vendor type that can hold patient data is registered
// (or is an error type), and every registered type can hold patient data.
func TestRuleAgreesByReflection(t *testing.T) {
	reached := map[reflect.Type]bool{}
	var reach func(reflect.Type)
	reach = func(t reflect.Type) {
		if reached[t] {
			return
		}
		reached[t] = true
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			reach(t.Elem())
		case reflect.Map:
			reach(t.Key())
			reach(t.Elem())
		case reflect.Struct:
			for i := range t.NumField() {
				reach(t.Field(i).Type)
			}
		}
	}
	for name := range vendorDirs(t) {
		for _, typ := range registered(name) {
			reach(typ)
			assert.True(t, holdsPHI(typ, map[reflect.Type]bool{}), "%s is registered but holds no patient data by reflection", typ)
		}
	}
	errType := reflect.TypeFor[error]()
	for typ := range reached {
		if !strings.HasPrefix(typ.PkgPath(), module+"/") || strings.Contains(typ.PkgPath(), "/internal") ||
			typ.Name() == "" || !isExported(typ.Name()) || typ.Kind() == reflect.String || typ.Implements(errType) ||
			reflect.PointerTo(typ).Implements(errType) {
			continue
		}
		if holdsPHI(typ, map[reflect.Type]bool{}) {
			_, ok := registered(typ.PkgPath()[len(module)+1:])[strings.SplitN(typ.Name(), "[", 2)[0]]
			assert.True(t, ok, "%s can hold patient data by reflection but phigen did not find it", typ)
		}
	}
}

func isExported(name string) bool { return name[0] >= 'A' && name[0] <= 'Z' }

// holdsPHI is the rule of package phi read by reflection: enums are the string types with
// an IsKnown method (as STYLE.md has every enum).
func holdsPHI(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t {
	case reflect.TypeFor[json.RawMessage](), reflect.TypeFor[decimal.Decimal](), reflect.TypeFor[civil.Date](),
		reflect.TypeFor[url.Values](), reflect.TypeFor[http.Header](), reflect.TypeFor[oauth2.Token]():
		return true
	case reflect.TypeFor[jsonx.Raw](), reflect.TypeFor[time.Time](), reflect.TypeFor[error]():
		return false
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	if p := t.PkgPath(); strings.HasPrefix(p, module+"/internal/") || strings.HasPrefix(p, module+"/webhook") {
		return false // shared machinery, which redacts itself
	}
	switch t.Kind() {
	case reflect.String:
		_, enum := t.MethodByName("IsKnown")
		return !enum
	case reflect.Float32, reflect.Float64, reflect.Interface:
		return true
	case reflect.Pointer, reflect.Array:
		return holdsPHI(t.Elem(), seen)
	case reflect.Slice:
		return t.Elem().Kind() == reflect.Uint8 || holdsPHI(t.Elem(), seen)
	case reflect.Map:
		return holdsPHI(t.Key(), seen) || holdsPHI(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			decls, err := phi.ParseTag(f.Tag.Get("phi"))
			if err != nil {
				return true
			}
			none := false
			for _, d := range decls {
				none = none || d.HoldsNone()
			}
			if !none && holdsPHI(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// canary is one planted value and the texts that show it.
type canary struct {
	where string
	text  string // checked in its plain, hex, base64 and URL-escaped forms
}

func (c canary) absent(t *testing.T, r phitest.Rendering) bool {
	t.Helper()
	return wiretest.Canaries{c.text}.AssertAbsent(t, r.How+" (canary in "+c.where+")", r.Text)
}

// filler plants canaries in a value by reflection.
type filler struct {
	n        int
	canaries []canary
	shown    map[string]bool // the field index paths the summary shows
}

const maxDepth = 4

var (
	rawType     = reflect.TypeFor[jsonx.Raw]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
	dateType    = reflect.TypeFor[civil.Date]()
	timeType    = reflect.TypeFor[time.Time]()
)

func (f *filler) next(where string) string {
	f.n++
	c := fmt.Sprintf("CANARY-%04d", f.n)
	f.canaries = append(f.canaries, canary{where: where, text: c})
	return c
}

// fill sets v (settable). path is the field index path from the top value, nil once the
// walk left it through a slice, map or interface (only top-level fields can be shown).
func (f *filler) fill(v reflect.Value, path []int, depth int) {
	t := v.Type()
	where := t.String()
	if len(path) > 0 && f.shown[fmt.Sprint(path)] {
		switch t.Kind() {
		case reflect.String:
			v.SetString("shown-id")
		case reflect.Pointer:
			v.Set(reflect.New(t.Elem()))
			f.fill(v.Elem(), path, depth+1)
		default:
			f.scalar(v)
		}
		return
	}
	switch t {
	case rawType:
		doc := []byte(`{"x":"` + f.next("raw JSON") + `"}`)
		var dummy struct{ X string }
		if err := jsonx.Decode(doc, &dummy, func(_ *struct{ X string }, r jsonx.Raw) { v.Set(reflect.ValueOf(r)) }); err != nil {
			panic(err)
		}
		return
	case decimalType:
		c := fmt.Sprintf("98765.%04d1", f.n+1)
		f.n++
		f.canaries = append(f.canaries, canary{where: "decimal", text: c})
		v.Set(reflect.ValueOf(decimal.MustParse(c)))
		return
	case dateType:
		f.canaries = append(f.canaries, canary{where: "date", text: "1234-05-06"}, canary{where: "date", text: "{1234 5 6}"},
			canary{where: "date", text: "Year:1234"})
		v.Set(reflect.ValueOf(civil.Date{Year: 1234, Month: 5, Day: 6}))
		return
	case timeType:
		v.Set(reflect.ValueOf(time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)))
		return
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(f.next(where))
	case reflect.Float32, reflect.Float64:
		f.canaries = append(f.canaries, canary{where: where, text: "98765.4321"})
		v.SetFloat(98765.4321)
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f.scalar(v)
	case reflect.Interface:
		c := f.next("interface")
		switch {
		case reflect.TypeFor[string]().Implements(t):
			v.Set(reflect.ValueOf(c))
		case reflect.TypeFor[*strings.Reader]().Implements(t):
			v.Set(reflect.ValueOf(strings.NewReader(c)))
		}
	case reflect.Pointer:
		if depth >= maxDepth {
			return
		}
		v.Set(reflect.New(t.Elem()))
		f.fill(v.Elem(), path, depth+1)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			c := f.next(where)
			if t == reflect.TypeFor[json.RawMessage]() {
				c = `"` + c + `"`
			}
			v.SetBytes([]byte(c))
			return
		}
		if depth >= maxDepth {
			return
		}
		v.Set(reflect.MakeSlice(t, 1, 1))
		f.fill(v.Index(0), nil, depth+1)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i), nil, depth+1)
		}
	case reflect.Map:
		if depth >= maxDepth {
			return
		}
		k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		f.fill(k, nil, depth+1)
		f.fill(e, nil, depth+1)
		v.Set(reflect.MakeMap(t))
		v.SetMapIndex(k, e)
	case reflect.Struct:
		if p := t.PkgPath(); p != "" && !strings.HasPrefix(p, module+"/") || strings.HasPrefix(p, module+"/internal/") {
			return // another package's internals
		}
		for i := range t.NumField() {
			fv := v.Field(i)
			if !fv.CanSet() {
				fv = reflect.NewAt(fv.Type(), unsafe.Pointer(fv.UnsafeAddr())).Elem()
			}
			var sub []int
			if path != nil {
				sub = append(append([]int{}, path...), i)
			}
			f.fill(fv, sub, depth)
		}
	}
}

// scalar sets a value that is never patient data (a count, an id, a flag).
func (f *filler) scalar(v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	}
}
