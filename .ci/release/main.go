// Command release is CI's release dry run (issue 19): it packs the two labwire modules
// exactly as their tags would publish them (golang.org/x/mod/zip from the git revision,
// as the Go module proxy does) into a file-based module proxy, then builds and tests an
// outside module that requires both at that version, with no replace and no go.work.
//
//	GOWORK=off go run .            (from .ci/release)
//
// The version is the one webhook/pginbox's go.mod requires of the main module: the next
// release's (see the README's "Releases"); -version overrides it.
//
// It fails when the layout is broken: a module that requires an unpublished version of
// the other, a replace that a consumer would ignore, a file missing from the zip.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	modzip "golang.org/x/mod/zip"
)

// modules are the repository's published modules: path and directory.
var modules = []struct{ path, dir string }{
	{"github.com/labwire/labwire", ""},
	{"github.com/labwire/labwire/webhook/pginbox", "webhook/pginbox"},
}

func main() {
	version := flag.String("version", "", "the version both modules are tagged with (default: the one webhook/pginbox requires)")
	rev := flag.String("rev", "HEAD", "the git revision to pack")
	keep := flag.Bool("keep", false, "keep the proxy and consumer directories")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("release: ")
	if err := run(*version, *rev, *keep); err != nil {
		log.Fatal(err)
	}
	log.Printf("ok: both modules build and test from outside at the released version, with no replace")
}

func run(version, rev string, keep bool) error {
	root, err := output("git", "rev-parse", "--show-toplevel")
	if err != nil {
		return err
	}
	if version == "" {
		if version, err = nextVersion(root, rev); err != nil {
			return err
		}
	}
	if !semver.IsValid(version) || semver.Canonical(version) != version {
		return fmt.Errorf("version %q is not a canonical semantic version", version)
	}
	work, err := os.MkdirTemp("", "labwire-release-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(work)
	} else {
		log.Printf("kept in %s", work)
	}
	proxy := filepath.Join(work, "proxy")
	for _, m := range modules {
		if err := pack(root, rev, proxy, m.path, m.dir, version); err != nil {
			return fmt.Errorf("pack %s: %w", m.path, err)
		}
	}
	return consume(work, proxy, version)
}

// nextVersion is the version webhook/pginbox's go.mod requires of the main module.
func nextVersion(root, rev string) (string, error) {
	text, err := output("git", "-C", root, "show", rev+":webhook/pginbox/go.mod")
	if err != nil {
		return "", err
	}
	mf, err := modfile.Parse("go.mod", []byte(text), nil)
	if err != nil {
		return "", err
	}
	for _, r := range mf.Require {
		if r.Mod.Path == modules[0].path {
			return r.Mod.Version, nil
		}
	}
	return "", errors.New("webhook/pginbox/go.mod does not require the main module")
}

// pack writes path@version's .info, .mod and .zip into the file proxy, from git.
func pack(root, rev, proxy, path, dir, version string) error {
	modText, err := output("git", "-C", root, "show", rev+":"+filepath.ToSlash(filepath.Join(dir, "go.mod")))
	if err != nil {
		return err
	}
	mf, err := modfile.Parse("go.mod", []byte(modText), nil)
	if err != nil {
		return err
	}
	if mf.Module.Mod.Path != path {
		return fmt.Errorf("go.mod names %s", mf.Module.Mod.Path)
	}
	if len(mf.Replace) > 0 {
		return fmt.Errorf("go.mod has a replace, which a consumer ignores: %s", mf.Replace[0].Old.Path)
	}
	for _, r := range mf.Require {
		if strings.HasPrefix(r.Mod.Path, "github.com/labwire/labwire") && r.Mod.Version != version {
			return fmt.Errorf("requires %s %s, not the version released with it (%s)", r.Mod.Path, r.Mod.Version, version)
		}
	}
	escaped, err := module.EscapePath(path)
	if err != nil {
		return err
	}
	at := filepath.Join(proxy, escaped, "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		return err
	}
	mv := module.Version{Path: path, Version: version}
	zf, err := os.Create(filepath.Join(at, version+".zip"))
	if err != nil {
		return err
	}
	if err := modzip.CreateFromVCS(zf, mv, root, rev, dir); err != nil {
		zf.Close()
		return err
	}
	if err := zf.Close(); err != nil {
		return err
	}
	if _, err := modzip.CheckZip(mv, zf.Name()); err != nil {
		return err
	}
	info, _ := json.Marshal(map[string]string{"Version": version, "Time": time.Now().UTC().Format(time.RFC3339)})
	for name, data := range map[string][]byte{version + ".info": info, version + ".mod": []byte(modText), "list": []byte(version + "\n")} {
		if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// consume builds and tests the outside module against the file proxy.
func consume(work, proxy, version string) error {
	dir := filepath.Join(work, "consumer")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, text := range consumerFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	cache, err := output("go", "env", "GOMODCACHE")
	if err != nil {
		return err
	}
	upstream, err := output("go", "env", "GOPROXY")
	if err != nil {
		return err
	}
	env := append(os.Environ(),
		"GOWORK=off",
		"GOFLAGS=-mod=mod",
		"GOMODCACHE="+filepath.Join(work, "modcache"), // a fresh cache: nothing of ours is in it
		// Ours from the file proxy; everything else as usual (the local cache first, offline).
		"GOPROXY=file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(filepath.Join(cache, "cache", "download"))+","+upstream,
		"GONOSUMDB=github.com/labwire/labwire",
		"GOTOOLCHAIN=local",
	)
	steps := [][]string{
		{"go", "get", "github.com/labwire/labwire@" + version, "github.com/labwire/labwire/webhook/pginbox@" + version},
		{"go", "mod", "tidy"},
		{"go", "vet", "./..."},
		{"go", "build", "./..."},
		{"go", "test", "-count=1", "./..."},
	}
	for _, s := range steps {
		cmd := exec.Command(s[0], s[1:]...)
		cmd.Dir, cmd.Env = dir, env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("consumer: %s: %w\n%s", strings.Join(s, " "), err, out.String())
		}
		log.Printf("consumer: %s: ok", strings.Join(s, " "))
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return err
	}
	mf, err := modfile.Parse("go.mod", gomod, nil)
	if err != nil {
		return err
	}
	if len(mf.Replace) > 0 {
		return errors.New("consumer: go.mod gained a replace")
	}
	return nil
}

func output(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, ee.Stderr)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
