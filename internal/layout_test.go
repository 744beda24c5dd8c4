// Package internal_test checks that every vendor package is laid out as CONTRIBUTING.md
// says: the same files for the same jobs and the same exported names.
package internal_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var vendors = []string{"whoop", "workpath", "ovation", "rupa"}

// files every vendor package has (CONTRIBUTING.md, "How a vendor package is laid out").
var files = []string{"doc.go", "client.go", "options.go", "errors_gen.go", "events.go", "values_gen.go", "redact_gen.go", "example_test.go"}

// names every vendor package exports.
var names = []string{
	"NewClient", "Client", "Option", "DefaultBaseURL", "WithBaseURL", "WithHTTPClient", "WithMaxRetries",
	"WithRetryWait", "WithAttemptTimeout", "WithMaxResponseBytes", "WithLogger", "WithAppInfo",
	"WithMiddleware", "Middleware", "CallInfo", "CallInfoFromContext", "RequestOption", "WithHeader",
	"WithResponse", "Response", "RawRequest",
	"APIError", "RequestError", "ValidationError", "ErrBadRequest", "ErrUnauthorized", "ErrForbidden",
	"ErrNotFound", "ErrConflict", "ErrValidation", "ErrRateLimited", "ErrServer", "ErrOutcomeUnknown",
	"ErrResponseTooLarge", "ErrInvalidResponse",
	"Event", "EventType", "ParseEvent", "ErrInvalidEvent", "EventHandler", "NewWebhookHandler", "DefaultDedupTTL",
	"Date", "ParseDate", "Decimal", "ParseDecimal", "MustParseDecimal", "DecimalFromFloat", "Ptr",
}

// exceptions are the names a vendor lacks, and why; CONTRIBUTING.md lists them too.
var exceptions = map[string]map[string]string{
	"workpath": {"EventType": "Workpath's events are typed by EventAction"},
	"rupa":     {},
}

// vendorOnly are jobs only some vendors have; when one has the job, it uses this file.
var vendorOnly = map[string]string{
	"WebhookEndpointsService": "webhook_endpoints.go",
	"AuthCodeFlow":            "oauth.go",
	"NewWebhookVerifier":      "events.go",
	"WithEnvironment":         "options_gen.go",
}

func TestVendorLayout(t *testing.T) {
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			dir := filepath.Join("..", v)
			for _, f := range files {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("%s/%s is missing", v, f)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, v+"test", "doc.go")); err != nil {
				t.Errorf("%s/%stest/doc.go (the fake) is missing", v, v)
			}
			for _, f := range []string{"webhooks.go", "webhook.go", "decimal.go", "utils.go", "common.go", "helpers.go"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					t.Errorf("%s/%s: the job has another file name (see CONTRIBUTING.md)", v, f)
				}
			}
			declared := exported(t, dir)
			for _, n := range names {
				if _, ok := declared[n]; !ok {
					if why, ok := exceptions[v][n]; ok {
						t.Logf("%s.%s: none (%s)", v, n, why)
						continue
					}
					t.Errorf("%s.%s is missing", v, n)
				}
			}
			for n, want := range vendorOnly {
				if f, ok := declared[n]; ok && f != want {
					t.Errorf("%s.%s is in %s, want %s", v, n, f, want)
				}
			}
		})
	}
}

// exported maps each exported top-level name of the package in dir to its file.
func exported(t *testing.T, dir string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() {
					out[d.Name.Name] = name
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						out[s.Name.Name] = name
					case *ast.ValueSpec:
						for _, id := range s.Names {
							out[id.Name] = name
						}
					}
				}
			}
		}
	}
	return out
}

// TestOneDecodePath checks that no vendor package decodes JSON with encoding/json itself: a
// 2xx answer goes through the transport into a jsonx.Target (jsonx.Into), an UnmarshalJSON
// method or an error body through jsonx.UnmarshalStd (json.Unmarshal's results, on the
// decoder of checked documents), so that a fifth vendor has one way to decode and every
// vendor gets the same speed and strictness. A streaming json.Decoder (ovation's workflow
// export, which keeps numbers as json.Number) is the one other use.
func TestOneDecodePath(t *testing.T) {
	allowed := map[string]bool{"ovation/workflows.go json.NewDecoder": true}
	for _, v := range vendors {
		entries, err := os.ReadDir(filepath.Join("..", v))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, filepath.Join("..", v, name), nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			local := "" // the name encoding/json is imported as
			for _, imp := range f.Imports {
				if imp.Path.Value == `"encoding/json"` {
					local = "json"
					if imp.Name != nil {
						local = imp.Name.Name
					}
				}
			}
			if local == "" {
				continue
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == local {
					switch sel.Sel.Name {
					case "Unmarshal", "NewDecoder":
						use := v + "/" + name + " json." + sel.Sel.Name
						if !allowed[use] {
							t.Errorf("%s at %s: decode with jsonx (jsonx.Into, jsonx.UnmarshalStd), see CONTRIBUTING.md", use, fset.Position(sel.Pos()))
						}
					}
				}
				return true
			})
		}
	}
}
