package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
)

// facts is what the generated layer of a package needs to know of its hand-written files
// (every non-test .go file but the *_gen.go ones, which vendorgen writes).
type facts struct {
	// strings are the package's string constants by name (ProductionBaseURL, ...).
	strings map[string]string
	// declared holds the package's functions ("ParseEvent") and methods ("EventType.IsKnown").
	declared map[string]bool
	// fields holds the fields of the package's Server struct (a fake's).
	fields map[string]bool
	// enums are the package's string enums, in the order their types are declared.
	enums []enum
}

// enum is a string type with exported constants.
type enum struct {
	name string
	// doc is the doc comment of the first const block that declares its constants, as text.
	doc string
	// consts are its exported constants, in source order.
	consts []string
}

// readFacts parses the hand-written files of the package in dir.
func readFacts(dir string) (*facts, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fc := &facts{strings: map[string]string{}, declared: map[string]bool{}, fields: map[string]bool{}}
	fset := token.NewFileSet()
	var types []string // the string types, in declaration order
	isString := map[string]bool{}
	byType := map[string]*enum{}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "_gen.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				fc.declared[funcName(d)] = true
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if id, ok := s.Type.(*ast.Ident); ok && id.Name == "string" && !s.Assign.IsValid() {
							types = append(types, s.Name.Name)
							isString[s.Name.Name] = true
						}
						if st, ok := s.Type.(*ast.StructType); ok && s.Name.Name == "Server" {
							for _, fld := range st.Fields.List {
								for _, n := range fld.Names {
									fc.fields[n.Name] = true
								}
							}
						}
					case *ast.ValueSpec:
						if d.Tok == token.CONST {
							fc.addConsts(d, s, byType)
						}
					}
				}
			}
		}
	}
	for _, t := range types {
		if e := byType[t]; e != nil && isString[t] && token.IsExported(t) {
			fc.enums = append(fc.enums, *e)
		}
	}
	return fc, nil
}

// addConsts records the constants of s, a spec of the const block d.
func (fc *facts) addConsts(d *ast.GenDecl, s *ast.ValueSpec, byType map[string]*enum) {
	for i, n := range s.Names {
		if i < len(s.Values) {
			if lit, ok := s.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if v, err := strconv.Unquote(lit.Value); err == nil {
					fc.strings[n.Name] = v
				}
			}
		}
		typ, ok := s.Type.(*ast.Ident)
		if !ok || !n.IsExported() {
			continue
		}
		e := byType[typ.Name]
		if e == nil {
			e = &enum{name: typ.Name, doc: d.Doc.Text()}
			byType[typ.Name] = e
		}
		e.consts = append(e.consts, n.Name)
	}
}

// funcName is "F" for a function F and "T.M" for a method M of T or *T.
func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + d.Name.Name
	}
	return d.Name.Name
}

// stringConst returns the value of the string constant name, or an error naming what the
// generated code needs it for.
func (fc *facts) stringConst(name, need string) (string, error) {
	v, ok := fc.strings[name]
	if !ok {
		return "", fmt.Errorf("%s needs a string constant %s", need, name)
	}
	return v, nil
}
