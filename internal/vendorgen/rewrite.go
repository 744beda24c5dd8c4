package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

const (
	modulePath = "github.com/labwire/labwire"
	// marker is in the first line of the generated part of a doc comment, which runs to
	// the comment's end.
	marker = "(go generate writes this list from its source)"
	width  = 96
)

// Rewrite returns the new contents of the non-test Go files of dir whose alias doc
// comments are not current, keyed by path.
func Rewrite(dir string) (map[string][]byte, error) {
	root, err := moduleRoot(dir)
	if err != nil {
		return nil, err
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	files, err := layer(dir, filepath.Base(abs))
	if err != nil {
		return nil, err
	}
	generated := map[string][]byte{}
	for name, text := range files {
		path := filepath.Join(dir, name)
		src, err := format.Source([]byte(text))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		generated[path] = src
		if !slices.Contains(paths, path) {
			paths = append(paths, path)
		}
	}
	out := map[string][]byte{}
	cache := map[string]*pkgInfo{}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		in := src
		if g, ok := generated[path]; ok {
			in = g
		}
		nsrc, err := rewriteFile(root, path, in, cache)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if !bytes.Equal(src, nsrc) {
			out[path] = nsrc
		}
	}
	return out, nil
}

func moduleRoot(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.Contains(b, []byte("module "+modulePath+"\n")) {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%s is not inside module %s", dir, modulePath)
		}
		d = parent
	}
}

type edit struct {
	start, end int
	text       string
}

func rewriteFile(root, path string, src []byte, cache map[string]*pkgInfo) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	imports := map[string]string{} // local name -> internal dir
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		if !strings.HasPrefix(p, modulePath+"/internal/") {
			continue
		}
		name := filepath.Base(p)
		if im.Name != nil {
			name = im.Name.Name
		}
		imports[name] = filepath.Join(root, strings.TrimPrefix(p, modulePath+"/"))
	}
	var edits []edit
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			sel, ok := ts.Type.(*ast.SelectorExpr)
			if !ts.Assign.IsValid() || !ok || !ts.Name.IsExported() {
				continue
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok || imports[x.Name] == "" {
				continue
			}
			info, err := load(imports[x.Name], cache)
			if err != nil {
				return nil, err
			}
			gen := info.describe(x.Name, sel.Sel.Name)
			if gen == "" {
				continue
			}
			doc := ts.Doc
			if doc == nil && !gd.Lparen.IsValid() {
				doc = gd.Doc
			}
			if doc == nil {
				return nil, fmt.Errorf("alias %s has no doc comment", ts.Name.Name)
			}
			start := fset.Position(doc.Pos()).Offset
			end := fset.Position(doc.End()).Offset
			indent := lineIndent(src, start)
			text := string(src[start:end])
			if i := strings.Index(text, marker); i >= 0 {
				text = strings.TrimRight(text[:strings.LastIndex(text[:i], "//")], " \t\n")
				text = strings.TrimSuffix(text, "//")
				text = strings.TrimRight(text, " \t\n")
			}
			var b strings.Builder
			b.WriteString(text)
			b.WriteString("\n" + indent + "//\n")
			for i, line := range strings.Split(strings.TrimRight(gen, "\n"), "\n") {
				if i > 0 {
					b.WriteString("\n")
				}
				b.WriteString(indent)
				if line == "" {
					b.WriteString("//")
				} else {
					b.WriteString("// " + line)
				}
			}
			edits = append(edits, edit{start, end, b.String()})
		}
	}
	if len(edits) == 0 {
		return src, nil
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := append([]byte(nil), src...)
	for _, e := range edits {
		out = append(out[:e.start:e.start], append([]byte(e.text), out[e.end:]...)...)
	}
	return format.Source(out)
}

func lineIndent(src []byte, off int) string {
	i := bytes.LastIndexByte(src[:off], '\n') + 1
	return string(src[i:off])
}

// pkgInfo is the exported struct types of one internal package and their methods.
type pkgInfo struct {
	fset    *token.FileSet
	structs map[string]*ast.StructType
	methods map[string][]*ast.FuncDecl
}

func load(dir string, cache map[string]*pkgInfo) (*pkgInfo, error) {
	if p := cache[dir]; p != nil {
		return p, nil
	}
	p := &pkgInfo{fset: token.NewFileSet(), structs: map[string]*ast.StructType{}, methods: map[string][]*ast.FuncDecl{}}
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(p.fset, path, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						if st, ok := ts.Type.(*ast.StructType); ok && ts.Name.IsExported() {
							p.structs[ts.Name.Name] = st
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || !d.Name.IsExported() {
					continue
				}
				t := d.Recv.List[0].Type
				if s, ok := t.(*ast.StarExpr); ok {
					t = s.X
				}
				if id, ok := t.(*ast.Ident); ok {
					p.methods[id.Name] = append(p.methods[id.Name], d)
				}
			}
		}
	}
	cache[dir] = p
	return p, nil
}

// describe returns the generated part of the doc comment of an alias of pkg.name, without
// comment markers, or "" when name is not a struct type.
func (p *pkgInfo) describe(pkg, name string) string {
	st := p.structs[name]
	if st == nil {
		return ""
	}
	var b strings.Builder
	var fields strings.Builder
	n := 0
	for _, fld := range st.Fields.List {
		typ := p.expr(fld.Type)
		names := fld.Names
		if len(names) == 0 { // embedded
			names = []*ast.Ident{ast.NewIdent(strings.TrimPrefix(typ, "*"))}
		}
		var exported []string
		for _, id := range names {
			if id.IsExported() {
				exported = append(exported, id.Name)
			}
		}
		if len(exported) == 0 {
			continue
		}
		n++
		item := "  - " + strings.Join(exported, ", ") + " " + typ
		if s := firstSentence(fld.Doc, fld.Comment); s != "" {
			item += ": " + s
		}
		fields.WriteString(wrap(item, "    "))
	}
	ms := p.methods[name]
	switch {
	case n > 0:
		fmt.Fprintf(&b, "Fields of %s.%s %s:\n\n%s", pkg, name, marker, fields.String())
	case len(ms) > 0:
		fmt.Fprintf(&b, "%s.%s has no exported fields %s.\n", pkg, name, marker)
	default:
		return ""
	}
	if len(ms) > 0 {
		sort.Slice(ms, func(i, j int) bool { return ms[i].Name.Name < ms[j].Name.Name })
		b.WriteString("\nMethods:\n\n")
		for _, m := range ms {
			sig := strings.TrimPrefix(p.expr(m.Type), "func")
			item := "  - " + m.Name.Name + sig
			if s := firstSentence(m.Doc, nil); s != "" {
				item += ": " + s
			}
			b.WriteString(wrap(item, "    "))
		}
	}
	return b.String()
}

func (p *pkgInfo) expr(e ast.Expr) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, p.fset, e)
	return b.String()
}

func firstSentence(groups ...*ast.CommentGroup) string {
	for _, g := range groups {
		if g == nil {
			continue
		}
		t := strings.Join(strings.Fields(g.Text()), " ")
		if t == "" {
			continue
		}
		for from := 0; ; {
			i := strings.Index(t[from:], ". ")
			if i < 0 {
				break
			}
			i += from
			if strings.HasSuffix(t[:i], "e.g") || strings.HasSuffix(t[:i], "i.e") {
				from = i + 2
				continue
			}
			t = t[:i+1]
			break
		}
		return t
	}
	return ""
}

// wrap breaks s into lines of at most width columns (after "// "), continuing with indent.
func wrap(s, indent string) string {
	var b strings.Builder
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = s[:len(s)-len(strings.TrimLeft(s, " "))] + w
		case len(line)+1+len(w) > width:
			b.WriteString(line + "\n")
			line = indent + w
		default:
			line += " " + w
		}
	}
	b.WriteString(line + "\n")
	return b.String()
}
