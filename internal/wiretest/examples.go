package wiretest

import (
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// AssertExamples fails tb for every part of the API of the Go package in dir that has no
// runnable Example (one with an "// Output:" comment) in dir's _test.go files, naming each
// missing one as Go spells it (ExampleT_M). See [MissingExamples] for what the API is.
func AssertExamples(tb testing.TB, dir string) {
	tb.Helper()
	missing, err := MissingExamples(dir)
	if err != nil {
		tb.Fatalf("wiretest: %v", err)
	}
	if len(missing) > 0 {
		name := dir
		if abs, err := filepath.Abs(dir); err == nil {
			name = filepath.Base(abs)
		}
		tb.Errorf("package %s: %d without a runnable Example (with // Output:):\n\t%s", name, len(missing), strings.Join(missing, "\n\t"))
	}
}

// MissingExamples returns, sorted, the Example names (ExampleF, ExampleT_M) the API of the Go
// package in dir lacks. Its API is:
//
//   - every exported package-level func, but for option constructors (a func whose one
//     result is a type named ...Option: they are shown through the constructor they
//     configure);
//   - every exported method of its API types: those an exported New... func returns (the
//     Client, a fake's Server), and, transitively, the types of their exported fields that
//     are structs of the package (the services: c.Requisitions). Methods that implement a
//     standard interface (String, Format, GoString, LogValue, Error, Unwrap, Is, As,
//     MarshalJSON, UnmarshalJSON, MarshalText, UnmarshalText) are not counted.
//
// Funcs and methods that take a testing.TB (a fake's Start) are left out: an Example has none
// to give them.
//
// An Example counts when go/doc finds it in a _test.go file of dir (either package) with an
// output comment; a suffix (ExampleT_M_retries) counts for T_M.
func MissingExamples(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	tests := make(map[string][]*ast.File) // by package: doc.Examples reads one at a time
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") {
			continue
		}
		isTest := strings.HasSuffix(name, "_test.go")
		mode := parser.SkipObjectResolution
		if isTest {
			mode |= parser.ParseComments
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, mode)
		if err != nil {
			return nil, err
		}
		if isTest {
			tests[f.Name.Name] = append(tests[f.Name.Name], f)
		} else {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no Go package in %s", dir)
	}

	have := make(map[string]bool)
	for _, tf := range tests {
		for _, ex := range doc.Examples(tf...) {
			if ex.Output == "" && !ex.EmptyOutput {
				continue
			}
			have[exampleOf(ex.Name)] = true
		}
	}

	structs := make(map[string]*ast.StructType)
	methods := make(map[string][]*ast.FuncDecl)
	var funcs []*ast.FuncDecl
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						if st, ok := ts.Type.(*ast.StructType); ok {
							structs[ts.Name.Name] = st
						}
					}
				}
			case *ast.FuncDecl:
				if !d.Name.IsExported() || takesTB(d) {
					continue
				}
				if d.Recv == nil {
					funcs = append(funcs, d)
					continue
				}
				if recv := localType(d.Recv.List[0].Type); recv != "" {
					methods[recv] = append(methods[recv], d)
				}
			}
		}
	}

	var want []string
	api := make(map[string]bool)
	var reach func(string)
	reach = func(t string) {
		if api[t] || !ast.IsExported(t) {
			return
		}
		api[t] = true
		st := structs[t]
		if st == nil {
			return
		}
		for _, fl := range st.Fields.List {
			if len(fl.Names) == 0 || !fl.Names[0].IsExported() {
				continue
			}
			if ft := localType(fl.Type); structs[ft] != nil {
				reach(ft)
			}
		}
	}
	for _, fd := range funcs {
		if isOption(fd) {
			continue
		}
		want = append(want, fd.Name.Name)
		if strings.HasPrefix(fd.Name.Name, "New") && fd.Type.Results != nil {
			for _, r := range fd.Type.Results.List {
				if t := localType(r.Type); structs[t] != nil {
					reach(t)
				}
			}
		}
	}
	for t := range api {
		for _, m := range methods[t] {
			if !slices.Contains(interfaceMethods, m.Name.Name) {
				want = append(want, t+"_"+m.Name.Name)
			}
		}
	}

	var missing []string
	for _, w := range want {
		if !have[w] {
			missing = append(missing, "Example"+w)
		}
	}
	slices.Sort(missing)
	return slices.Compact(missing), nil
}

// interfaceMethods implement standard interfaces; their behaviour is shown by fmt, slog,
// errors and encoding/json, not by an Example of their own.
var interfaceMethods = []string{"String", "Format", "GoString", "LogValue", "Error", "Unwrap", "Is", "As",
	"MarshalJSON", "UnmarshalJSON", "MarshalText", "UnmarshalText"}

// localType names the package type of an expression T, *T or T[...], or "".
func localType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// isOption tells an option constructor: one result, of a type named ...Option.
func isOption(fd *ast.FuncDecl) bool {
	r := fd.Type.Results
	if r == nil || len(r.List) != 1 || len(r.List[0].Names) > 1 {
		return false
	}
	var name string
	switch t := r.List[0].Type.(type) {
	case *ast.Ident:
		name = t.Name
	case *ast.SelectorExpr:
		name = t.Sel.Name
	}
	return strings.HasSuffix(name, "Option")
}

// takesTB tells a func with a testing.TB, *testing.T or *testing.B parameter.
func takesTB(fd *ast.FuncDecl) bool {
	for _, p := range fd.Type.Params.List {
		t := p.Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		if sel, ok := t.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "testing" {
				return true
			}
		}
	}
	return false
}

// exampleOf drops the suffix of an Example's name: T_M_retries names T_M. As in go/doc, a
// suffix starts with a lower-case letter.
func exampleOf(name string) string {
	parts := strings.Split(name, "_")
	for len(parts) > 1 {
		last := parts[len(parts)-1]
		if last == "" || !unicode.IsLower(rune(last[0])) {
			break
		}
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, "_")
}
