package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoExampleImportsInternal keeps every program under examples/, and under the nested
// pginbox module's examples/, copyable: users cannot import labwire's internal packages, so an
// example that does teaches what cannot be done. Test files are exempt (they may use internal
// test helpers).
func TestNoExampleImportsInternal(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("..", "*", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example sources found: %v", err)
	}
	pginbox, err := filepath.Glob(filepath.Join("..", "..", "webhook", "pginbox", "examples", "*", "*.go"))
	if err != nil || len(pginbox) == 0 {
		t.Fatalf("no pginbox example sources found: %v", err)
	}
	files = append(files, pginbox...)
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(fset, f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "github.com/labwire/labwire/internal/") {
				t.Errorf("%s imports %s: examples may use only labwire's public packages", f, path)
			}
		}
	}
}
