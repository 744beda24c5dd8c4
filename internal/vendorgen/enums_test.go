package main

import (
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEnumsFile(t *testing.T) {
	fc, err := readFacts(filepath.Join("testdata", "enums"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := enumsFile("enums", fc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := format.Source([]byte(got)); err != nil {
		t.Fatalf("not Go: %v\n%s", err, got)
	}
	for _, want := range []string{
		"// ColorValues returns the documented colors, warm first.\nfunc ColorValues() []Color {\n\treturn []Color{\n\t\tColorRed,\n\t\tColorBlue,\n\t}\n}",
		"// IsKnown reports whether v is exactly one of ColorValues.\nfunc (v Color) IsKnown() bool {\n\tswitch v {\n\tcase ColorRed,\n\t\tColorBlue:\n\t\treturn true\n\t}\n\treturn false\n}",
		"// SizeValues returns Sizes as the vendor writes them.\nfunc SizeValues() []Size {",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing\n%s\nin:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"colorSecret", "func (v Size) IsKnown", "Name"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("%q in:\n%s", unwanted, got)
		}
	}
}

func TestEnumsFileRefuses(t *testing.T) {
	for name, src := range map[string]string{
		"no doc":          "type Color string\n\nconst (\n\tColorRed Color = \"red\"\n)\n",
		"duplicate value": "type Color string\n\n// The colors.\nconst (\n\tColorRed Color = \"red\"\n\tColorRouge Color = \"red\"\n)\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "enums.go"), []byte("package enums\n\n"+src), 0o644); err != nil {
				t.Fatal(err)
			}
			fc, err := readFacts(dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := enumsFile("enums", fc); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestNothingToWrite(t *testing.T) {
	got, err := enumsFile("alias", &facts{})
	if err != nil || got != "" {
		t.Errorf("got %q, %v; want no file", got, err)
	}
}

func TestEnvironmentDecls(t *testing.T) {
	fc := &facts{strings: map[string]string{"ProductionBaseURL": "https://api.example.com", "SandboxBaseURL": "https://sandbox.example.com"}}
	ds, err := environmentDecls(fc)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, d := range ds {
		all.WriteString(d.code + "\n")
	}
	for _, want := range []string{"// Production is https://api.example.com.\n", "// Sandbox is https://sandbox.example.com.\n", "func WithEnvironment(env Environment) Option {"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("missing %q in:\n%s", want, all.String())
		}
	}
	delete(fc.strings, "SandboxBaseURL")
	if _, err := environmentDecls(fc); err == nil || !strings.Contains(err.Error(), "SandboxBaseURL") {
		t.Errorf("a vendor without SandboxBaseURL: err = %v", err)
	}
}

func TestServerFile(t *testing.T) {
	for _, tc := range []struct {
		fields                    map[string]bool
		wantOrigin, wantIdleClose bool
	}{
		{map[string]bool{"URL": true}, false, false},
		{map[string]bool{"URL": true, "Origin": true, "webhookClient": true}, true, true},
	} {
		got := serverFile("whooptest", "whoop", &facts{fields: tc.fields})
		if _, err := format.Source([]byte(got)); err != nil {
			t.Fatalf("not Go: %v\n%s", err, got)
		}
		if strings.Contains(got, "s.Origin = s.srv.Origin()") != tc.wantOrigin {
			t.Errorf("fields %v: Origin set is %v, want %v", tc.fields, !tc.wantOrigin, tc.wantOrigin)
		}
		if strings.Contains(got, "s.webhookClient.CloseIdleConnections()") != tc.wantIdleClose {
			t.Errorf("fields %v: webhook client closed is %v, want %v", tc.fields, !tc.wantIdleClose, tc.wantIdleClose)
		}
	}
}
