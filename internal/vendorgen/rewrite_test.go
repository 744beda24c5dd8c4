package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vendorDirs are the packages whose aliases aliasdoc documents: every vendor package and
// its fake.
func vendorDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, v := range []string{"whoop", "workpath", "ovation", "rupa"} {
		dirs = append(dirs, filepath.Join("..", "..", v), filepath.Join("..", "..", v, v+"test"))
	}
	return dirs
}

// TestCurrent fails when a doc comment is not what go generate would write.
func TestCurrent(t *testing.T) {
	for _, dir := range vendorDirs(t) {
		out, err := Rewrite(dir)
		if err != nil {
			t.Fatal(err)
		}
		for path := range out {
			t.Errorf("%s: alias doc comments are stale; run go generate ./... ", path)
		}
	}
}

// TestDirectives checks that go generate ./... reaches every package TestCurrent checks.
func TestDirectives(t *testing.T) {
	for _, dir := range vendorDirs(t) {
		paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "internal/vendorgen\n") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no //go:generate line runs internal/vendorgen", dir)
		}
	}
}

// TestDescribe checks the generated part for a struct with fields and methods.
func TestDescribe(t *testing.T) {
	out, err := Rewrite(filepath.Join("testdata", "alias"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out[filepath.Join("testdata", "alias", "alias.go")])
	for _, want := range []string{
		"// Fields of transport.APIError " + marker,
		"//   - RetryAfter time.Duration: RetryAfter is the server's Retry-After hint",
		"//   - Vendor string: Vendor is the vendor package that made the call, e.g. \"whoop\".",
		"//   - Error() string: Error returns",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	again, err := rewriteFile(mustRoot(t), "alias.go", []byte(got), map[string]*pkgInfo{})
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != got {
		t.Errorf("a second run changed the file:\n%s", again)
	}
}

func mustRoot(t *testing.T) string {
	t.Helper()
	r, err := moduleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	return r
}
