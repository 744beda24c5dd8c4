package webhook

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoVerificationBypassN37 parses the package's production files and
// fails if any exported name offers a way around verification (the
// "IgnoringTolerance" / "skip if no secret" escape hatches other libraries
// export), or if any exported name lacks a doc comment.
func TestNoVerificationBypassN37(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	bypass := regexp.MustCompile(`(?i)ignor|skip|insecure|unsafe|noverif|unverified|bypass|disable`)
	vendors := regexp.MustCompile(`(?i)whoop|workpath|ovation|rupa`)
	var names []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		src, err := os.ReadFile(e.Name())
		require.NoError(t, err)
		assert.NotRegexp(t, vendors, string(src), "%s names a vendor; the package is vendor-neutral", e.Name())
		f, err := parser.ParseFile(fset, e.Name(), src, parser.ParseComments)
		require.NoError(t, err)
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && (d.Recv == nil || exportedRecv(d.Recv)) {
					names = append(names, d.Name.Name)
					assert.NotNil(t, d.Doc, "%s has no doc comment", d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							names = append(names, s.Name.Name)
							assert.True(t, d.Doc != nil || s.Doc != nil, "%s has no doc comment", s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								names = append(names, n.Name)
								assert.True(t, d.Doc != nil || s.Doc != nil || s.Comment != nil, "%s has no doc comment", n.Name)
							}
						}
					}
				}
			}
		}
	}
	require.NotEmpty(t, names)
	for _, n := range names {
		assert.NotRegexp(t, bypass, n, "exported name looks like a verification bypass")
	}
}

func exportedRecv(fl *ast.FieldList) bool {
	if len(fl.List) == 0 {
		return false
	}
	typ := fl.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}
