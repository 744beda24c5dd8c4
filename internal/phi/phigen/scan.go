package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/labwire/labwire/internal/phi"
)

// GenFile is the file phigen writes in each vendor package.
const GenFile = "redact_gen.go"

// Package is what Scan finds in one package.
type Package struct {
	Name    string
	Covered []Type // the exported types that get the redacting methods, by name
	Skipped []Type // exported types that can hold patient data but get no methods, and why
	// Conflicts are the hand-written methods of covered types that phigen would write.
	Conflicts []string
}

// Type is one type Scan found holding patient data.
type Type struct {
	Name       string
	TypeParams []string // the names of a generic type's parameters
	Receiver   string   // the receiver name its hand-written methods use
	Why        string   // the first field that can hold patient data, or why it is skipped
	HasRawJSON bool
}

// external classifies the types of other packages a vendor's fields use: true for a kind
// that can hold patient data. A type missing here stops the scan, so that a new one is
// classified on purpose.
var external = map[string]bool{
	"encoding/json.RawMessage":                            true,
	"github.com/labwire/labwire/internal/decimal.Decimal": true,
	"github.com/labwire/labwire/internal/civil.Date":      true,
	"net/url.Values":            true,
	"net/http.Header":           true,
	"io.Reader":                 true,
	"golang.org/x/oauth2.Token": true,
	// jsonx.Raw holds a raw answer but shows it nowhere: fmt prints its pointer, encoding/json
	// an empty object (internal/jsonx).
	"github.com/labwire/labwire/internal/jsonx.Raw": false,
	"time.Time":       false,
	"time.Duration":   false,
	"time.Month":      false,
	"context.Context": false,
}

// externalPackages are packages all of whose types are classified alike: internal/transport
// and the webhook runtime redact themselves and are tested on their own.
var externalPackages = map[string]bool{
	"github.com/labwire/labwire/internal/transport": false,
	"github.com/labwire/labwire/internal/pager":     false,
	"github.com/labwire/labwire/webhook":            false,
	"github.com/labwire/labwire/webhook/dispatch":   false,
}

var predeclared = map[string]bool{
	"string": true, "float32": true, "float64": true, "any": true,
	"bool": false, "byte": false, "rune": false, "error": false,
	"int": false, "int8": false, "int16": false, "int32": false, "int64": false,
	"uint": false, "uint8": false, "uint16": false, "uint32": false, "uint64": false, "uintptr": false,
	"complex64": false, "complex128": false,
}

// redactingMethods are the methods phigen writes, or that would bypass them.
var redactingMethods = []string{"String", "Format", "LogValue", "MarshalJSON", "GoString", "MarshalText"}

type typeDecl struct {
	spec    *ast.TypeSpec
	imports map[string]string
}

type scanner struct {
	fset      *token.FileSet
	types     map[string]*typeDecl
	enums     map[string]bool
	methods   map[string]map[string]bool
	receivers map[string]string
	state     map[string]int // 1 in progress, 2 holds none, 3 holds PHI
	why       map[string]string
}

// Scan parses the non-test Go files of the package in dir (not GenFile) and finds its
// exported types that can hold patient data (see package phi for the rule).
func Scan(dir string) (*Package, error) {
	s := &scanner{fset: token.NewFileSet(), types: map[string]*typeDecl{}, enums: map[string]bool{},
		methods: map[string]map[string]bool{}, receivers: map[string]string{}, state: map[string]int{}, why: map[string]string{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	pkg := &Package{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == GenFile {
			continue
		}
		f, err := parser.ParseFile(s.fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		if pkg.Name == "" {
			pkg.Name = f.Name.Name
		}
		s.file(f)
	}
	if pkg.Name == "" {
		return nil, fmt.Errorf("phigen: no Go files in %s", dir)
	}
	names := make([]string, 0, len(s.types))
	for n := range s.types {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		d := s.types[n]
		if !ast.IsExported(n) {
			continue
		}
		holds, why, err := s.named(n)
		if err != nil {
			return nil, err
		}
		if !holds {
			continue
		}
		t := Type{Name: n, Why: why, Receiver: s.receivers[n], HasRawJSON: s.methods[n]["RawJSON"]}
		if t.Receiver == "" {
			t.Receiver = strings.ToLower(n[:1])
		}
		if d.spec.TypeParams != nil {
			for _, f := range d.spec.TypeParams.List {
				if id, ok := f.Type.(*ast.Ident); !ok || id.Name != "any" {
					return nil, fmt.Errorf("phigen: %s: only type parameters constrained by any are supported", n)
				}
				for _, pn := range f.Names {
					t.TypeParams = append(t.TypeParams, pn.Name)
				}
			}
		}
		switch {
		case d.spec.Assign.IsValid():
			t.Why = "an alias of another package's type: no methods can be declared on it"
			pkg.Skipped = append(pkg.Skipped, t)
			continue
		case s.methods[n]["Error"]:
			t.Why = "an error type: its Error text follows the error rules"
			pkg.Skipped = append(pkg.Skipped, t)
			continue
		}
		switch d.spec.Type.(type) {
		case *ast.StructType, *ast.MapType, *ast.ArrayType:
		default:
			t.Why = "a string-typed value: it is the datum itself"
			pkg.Skipped = append(pkg.Skipped, t)
			continue
		}
		for _, m := range redactingMethods {
			if s.methods[n][m] {
				pkg.Conflicts = append(pkg.Conflicts, fmt.Sprintf("phigen: %s.%s has a hand-written %s: remove it (phigen writes the redacting methods) or tag the fields that hold no patient data", pkg.Name, n, m))
			}
		}
		pkg.Covered = append(pkg.Covered, t)
	}
	return pkg, nil
}

func (s *scanner) file(f *ast.File) {
	imports := map[string]string{}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := p[strings.LastIndexByte(p, '/')+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		imports[name] = p
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					s.types[ts.Name.Name] = &typeDecl{spec: ts, imports: imports}
				}
			case token.CONST:
				var typ string
				for _, sp := range d.Specs {
					vs := sp.(*ast.ValueSpec)
					switch {
					case vs.Type != nil:
						typ = ""
						if id, ok := vs.Type.(*ast.Ident); ok {
							typ = id.Name
						}
					case len(vs.Values) > 0:
						typ = ""
						if c, ok := vs.Values[0].(*ast.CallExpr); ok {
							if id, ok := c.Fun.(*ast.Ident); ok {
								typ = id.Name
							}
						}
					}
					if typ != "" {
						s.enums[typ] = true
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) == 0 {
				continue
			}
			r := d.Recv.List[0]
			t := r.Type
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			switch x := t.(type) {
			case *ast.IndexExpr:
				t = x.X
			case *ast.IndexListExpr:
				t = x.X
			}
			id, ok := t.(*ast.Ident)
			if !ok {
				continue
			}
			if s.methods[id.Name] == nil {
				s.methods[id.Name] = map[string]bool{}
			}
			s.methods[id.Name][d.Name.Name] = true
			if len(r.Names) > 0 && s.receivers[id.Name] == "" && r.Names[0].Name != "_" {
				s.receivers[id.Name] = r.Names[0].Name
			}
		}
	}
}

// named reports whether the package's type name can hold patient data, and the first field
// that can.
func (s *scanner) named(name string) (bool, string, error) {
	switch s.state[name] {
	case 1, 2:
		return false, "", nil // in progress (a cycle adds nothing) or none
	case 3:
		return true, s.why[name], nil
	}
	d, ok := s.types[name]
	if !ok {
		return false, "", fmt.Errorf("phigen: unknown type %s", name)
	}
	s.state[name] = 1
	holds, why, err := s.underlying(name, d)
	if err != nil {
		return false, "", err
	}
	if holds {
		s.state[name], s.why[name] = 3, why
	} else {
		s.state[name] = 2
	}
	return holds, why, nil
}

func (s *scanner) underlying(name string, d *typeDecl) (bool, string, error) {
	params := map[string]bool{}
	if d.spec.TypeParams != nil {
		for _, f := range d.spec.TypeParams.List {
			for _, n := range f.Names {
				params[n.Name] = true
			}
		}
	}
	if !d.spec.Assign.IsValid() && s.isString(d.spec.Type, d.imports) {
		if s.enums[name] {
			return false, "", nil
		}
		return true, ": " + name + " (a string type without declared constants)", nil
	}
	return s.expr(d.spec.Type, d.imports, params)
}

// isString reports whether e is string or a string type of the package.
func (s *scanner) isString(e ast.Expr, imports map[string]string) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	if id.Name == "string" {
		return true
	}
	d, ok := s.types[id.Name]
	return ok && s.isString(d.spec.Type, d.imports)
}

// expr reports whether a value of the type expression e can hold patient data.
func (s *scanner) expr(e ast.Expr, imports map[string]string, params map[string]bool) (bool, string, error) {
	switch x := e.(type) {
	case *ast.Ident:
		if params[x.Name] {
			return true, ": type parameter " + x.Name, nil
		}
		if holds, ok := predeclared[x.Name]; ok {
			return holds, ": " + x.Name, nil
		}
		return s.named(x.Name)
	case *ast.ParenExpr:
		return s.expr(x.X, imports, params)
	case *ast.StarExpr:
		return s.expr(x.X, imports, params)
	case *ast.ArrayType:
		if id, ok := x.Elt.(*ast.Ident); ok && (id.Name == "byte" || id.Name == "uint8") {
			return true, ": []byte", nil
		}
		return s.expr(x.Elt, imports, params)
	case *ast.MapType:
		if holds, why, err := s.expr(x.Key, imports, params); holds || err != nil {
			return holds, why, err
		}
		return s.expr(x.Value, imports, params)
	case *ast.InterfaceType:
		return true, ": an interface", nil
	case *ast.FuncType, *ast.ChanType:
		return false, "", nil
	case *ast.IndexExpr:
		if holds, why, err := s.expr(x.X, imports, params); holds || err != nil {
			return holds, why, err
		}
		return s.expr(x.Index, imports, params)
	case *ast.IndexListExpr:
		if holds, why, err := s.expr(x.X, imports, params); holds || err != nil {
			return holds, why, err
		}
		for _, i := range x.Indices {
			if holds, why, err := s.expr(i, imports, params); holds || err != nil {
				return holds, why, err
			}
		}
		return false, "", nil
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok {
			return false, "", fmt.Errorf("phigen: cannot classify %s", s.text(e))
		}
		path, ok := imports[pkg.Name]
		if !ok {
			return false, "", fmt.Errorf("phigen: %s: unknown package %s", s.text(e), pkg.Name)
		}
		if holds, ok := external[path+"."+x.Sel.Name]; ok {
			return holds, ": " + s.text(e), nil
		}
		if holds, ok := externalPackages[path]; ok {
			return holds, ": " + s.text(e), nil
		}
		return false, "", fmt.Errorf("phigen: classify %s.%s in phigen's table of other packages' types", path, x.Sel.Name)
	case *ast.StructType:
		for _, f := range x.Fields.List {
			if f.Tag != nil {
				tag, _ := strconv.Unquote(f.Tag.Value)
				decls, err := phi.ParseTag(reflect.StructTag(tag).Get("phi"))
				if err != nil {
					return false, "", fmt.Errorf("phigen: %s: %w", s.fset.Position(f.Pos()), err)
				}
				none := false
				for _, d := range decls {
					none = none || d.HoldsNone()
				}
				if none {
					continue
				}
			}
			holds, why, err := s.expr(f.Type, imports, params)
			if err != nil || !holds {
				if err != nil {
					return false, "", err
				}
				continue
			}
			name := s.text(f.Type)
			if len(f.Names) > 0 {
				name = f.Names[0].Name
			}
			if strings.HasPrefix(why, ":") {
				return true, name + why, nil
			}
			return true, name + "." + why, nil
		}
		return false, "", nil
	}
	return false, "", fmt.Errorf("phigen: cannot classify %s", s.text(e))
}

func (s *scanner) text(e ast.Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e ast.Expr) {
	switch x := e.(type) {
	case *ast.Ident:
		b.WriteString(x.Name)
	case *ast.SelectorExpr:
		writeExpr(b, x.X)
		b.WriteByte('.')
		b.WriteString(x.Sel.Name)
	case *ast.StarExpr:
		b.WriteByte('*')
		writeExpr(b, x.X)
	case *ast.ArrayType:
		b.WriteString("[]")
		writeExpr(b, x.Elt)
	case *ast.MapType:
		b.WriteString("map[")
		writeExpr(b, x.Key)
		b.WriteByte(']')
		writeExpr(b, x.Value)
	case *ast.IndexExpr:
		writeExpr(b, x.X)
		b.WriteByte('[')
		writeExpr(b, x.Index)
		b.WriteByte(']')
	default:
		fmt.Fprintf(b, "%T", e)
	}
}
