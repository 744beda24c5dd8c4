// Package examples holds no program: its tests check that the repository's README.md says
// what the code does, wherever a test can tell.
package examples

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// root is the repository root, seen from this directory.
const root = ".."

var (
	linkRE     = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]+)\)`)
	backtickRE = regexp.MustCompile("`([^`]*)`")
	// envRE is an environment variable's name as the examples spell them: WHOOP_BASE_URL.
	envRE = regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`)
)

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	return string(b)
}

// section is the text of the README's "## title" section, up to the next "## ".
func section(t *testing.T, md, title string) string {
	t.Helper()
	start := strings.Index(md, "\n## "+title+"\n")
	require.NotEqual(t, -1, start, "README has a section %q", title)
	rest := md[start+len(title)+5:]
	if end := strings.Index(rest, "\n## "); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// tableRows returns the cells of each body row of the first table in text.
func tableRows(t *testing.T, text string) [][]string {
	t.Helper()
	var rows [][]string
	header := true
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "|") {
			if len(rows) > 0 || !header {
				break
			}
			continue
		}
		if header || strings.HasPrefix(line, "|---") {
			header = false
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	require.NotEmpty(t, rows, "a table")
	return rows
}

// links returns the targets of the Markdown links in s whose text is the target in
// backticks ([`whoop`](whoop)), failing for a link whose text and target differ.
func links(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	for _, m := range linkRE.FindAllStringSubmatch(s, -1) {
		assert.Equal(t, "`"+m[2]+"`", m[1], "a link's text names its target")
		out = append(out, m[2])
	}
	return out
}

// TestReadmeExamplesTableEnvironment: the environment variables each row of the examples
// table names (in backticks, anywhere in the row) are exactly those the example's program
// reads: os.Getenv and os.LookupEnv, a parameter or variable of type func(string) string
// (run's getenv), or a local helper that passes its parameter to one of those (num("...")).
func TestReadmeExamplesTableEnvironment(t *testing.T) {
	t.Parallel()
	for _, row := range tableRows(t, section(t, readme(t), "Examples")) {
		dirs := links(t, row[0])
		require.Len(t, dirs, 1, "the first cell links to the example: %q", row[0])
		dir := dirs[0]
		t.Run(dir, func(t *testing.T) {
			var named []string
			for _, cell := range row {
				for _, code := range backtickRE.FindAllStringSubmatch(cell, -1) {
					named = append(named, envRE.FindAllString(code[1], -1)...)
				}
			}
			read := envRead(t, filepath.Join(root, dir))
			assert.ElementsMatch(t, uniq(read), uniq(named),
				"README's row for %s names the environment variables the program reads (README: %v, program: %v)", dir, uniq(named), uniq(read))
		})
	}
}

// TestEnvReadFindsEveryShape keeps envRead honest on the shapes the examples use.
func TestEnvReadFindsEveryShape(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := `package main

import (
	"os"
	"strconv"
)

func main() {
	_ = os.Getenv("A_ONE")
	_, _ = os.LookupEnv("A_TWO")
	run(os.Getenv)
	getenv := os.Getenv
	_ = getenv("A_SIX")
	_ = os.Getenv("lower_case_is_not_a_name")
}

func run(getenv func(string) string) {
	_ = getenv("A_THREE")
	num := func(k string) int64 { n, _ := strconv.ParseInt(getenv(k), 10, 64); return n }
	_ = num("A_FOUR")
	route := func(get func(string) string) string { return get("A_FIVE") }
	_ = route(getenv)
	_ = "NOT_READ"
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main_test.go"), []byte("package main\n\nimport \"os\"\n\nvar _ = os.Getenv(\"ONLY_IN_TESTS\")\n"), 0o644))
	assert.ElementsMatch(t, []string{"A_ONE", "A_TWO", "A_THREE", "A_FOUR", "A_FIVE", "A_SIX"}, envRead(t, dir))
}

// envRead returns the environment variables the Go program in dir reads (test files aside).
func envRead(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		out = append(out, envReadFile(f)...)
	}
	return out
}

// envReadFile finds the names a file reads from the environment. Readers are found by name
// within the file: os.Getenv and os.LookupEnv; every parameter or variable declared with
// the type func(string) string or assigned os.Getenv; every local func literal assigned to a
// name that passes its own parameter to a reader. A call of a reader with a string literal
// that looks like an environment variable reads it.
func envReadFile(f *ast.File) []string {
	readers := map[string]bool{}
	isGetenvType := func(e ast.Expr) bool {
		ft, ok := e.(*ast.FuncType)
		return ok && ft.Params != nil && ft.Results != nil && len(ft.Params.List) == 1 && len(ft.Results.List) == 1 &&
			isIdent(ft.Params.List[0].Type, "string") && isIdent(ft.Results.List[0].Type, "string") &&
			len(ft.Params.List[0].Names) <= 1 && len(ft.Results.List[0].Names) <= 1
	}
	isOSReader := func(e ast.Expr) bool {
		sel, ok := e.(*ast.SelectorExpr)
		return ok && isIdent(sel.X, "os") && (sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv")
	}
	isReader := func(e ast.Expr) bool {
		if isOSReader(e) {
			return true
		}
		id, ok := e.(*ast.Ident)
		return ok && readers[id.Name]
	}
	// Parameters, fields and variables of the getenv type, and variables assigned os.Getenv.
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			if isGetenvType(n.Type) {
				for _, name := range n.Names {
					readers[name.Name] = true
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil && isGetenvType(n.Type) {
				for _, name := range n.Names {
					readers[name.Name] = true
				}
			}
		case *ast.AssignStmt:
			for i, rhs := range n.Rhs {
				if i < len(n.Lhs) && isOSReader(rhs) {
					if id, ok := n.Lhs[i].(*ast.Ident); ok {
						readers[id.Name] = true
					}
				}
			}
		}
		return true
	})
	// Local helpers that pass their parameter to a reader, until no new one is found.
	for grew := true; grew; {
		grew = false
		ast.Inspect(f, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for i, rhs := range as.Rhs {
				lit, ok := rhs.(*ast.FuncLit)
				id, named := ast.Expr(nil), false
				if i < len(as.Lhs) {
					id = as.Lhs[i]
					_, named = id.(*ast.Ident)
				}
				if !ok || !named || readers[id.(*ast.Ident).Name] || len(lit.Type.Params.List) == 0 || len(lit.Type.Params.List[0].Names) == 0 {
					continue
				}
				param := lit.Type.Params.List[0].Names[0].Name
				ast.Inspect(lit.Body, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok && isReader(c.Fun) && len(c.Args) == 1 && isIdent(c.Args[0], param) {
						readers[id.(*ast.Ident).Name], grew = true, true
					}
					return true
				})
			}
			return true
		})
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || !isReader(c.Fun) || len(c.Args) != 1 {
			return true
		}
		if lit, ok := c.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && envRE.MatchString(s) && envRE.FindString(s) == s {
				out = append(out, s)
			}
		}
		return true
	})
	return out
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func uniq(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// exampleDirs are the directories of runnable examples: each directory holding Go files under
// examples/ (this one aside), and under each nested module's examples/ (webhook/pginbox's).
func exampleDirs(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, parent := range []string{"examples", "webhook/pginbox/examples"} {
		entries, err := os.ReadDir(filepath.Join(root, parent))
		require.NoError(t, err)
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			if gos, _ := filepath.Glob(filepath.Join(root, parent, e.Name(), "*.go")); len(gos) > 0 {
				out = append(out, path.Join(parent, e.Name()))
			}
		}
	}
	require.NotEmpty(t, out)
	return out
}

// TestReadmeExamplesTableListsEveryExample: the examples table has one row per example
// directory, and no row for anything else.
func TestReadmeExamplesTableListsEveryExample(t *testing.T) {
	t.Parallel()
	var listed []string
	for _, row := range tableRows(t, section(t, readme(t), "Examples")) {
		listed = append(listed, links(t, row[0])...)
	}
	assert.ElementsMatch(t, exampleDirs(t), listed)
}

// TestReadmePackagesTable: the packages table lists exactly the module's public packages:
// every directory of Go files that is not a command, not under internal/, examples/ or
// testdata, and not in a nested module; plus webhook/pginbox, which is its own module and
// says so.
func TestReadmePackagesTable(t *testing.T) {
	t.Parallel()
	var want []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if rel != "." {
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "internal" || name == "examples" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // a nested module: not this module's package
			}
		}
		if pkg := packageName(t, p); pkg != "" && pkg != "main" && rel != "." {
			want = append(want, rel)
		}
		return nil
	})
	require.NoError(t, err)

	// webhook/pginbox: its own module, listed as such.
	mod, err := os.ReadFile(filepath.Join(root, "webhook", "pginbox", "go.mod"))
	require.NoError(t, err)
	assert.Contains(t, string(mod), "module github.com/labwire/labwire/webhook/pginbox\n")
	want = append(want, "webhook/pginbox")

	var listed []string
	for _, row := range tableRows(t, section(t, readme(t), "Packages")) {
		targets := links(t, row[0])
		require.NotEmpty(t, targets, "the first cell links to its packages: %q", row[0])
		listed = append(listed, targets...)
		if slices.Contains(targets, "webhook/pginbox") {
			assert.Contains(t, row[len(row)-1], "its own module")
		}
	}
	assert.ElementsMatch(t, want, listed)
}

// packageName is the package clause of the non-test Go files in dir, or "" when it has none.
func packageName(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly)
		require.NoError(t, err)
		return af.Name.Name
	}
	return ""
}

// TestReadmeLinksResolve: every relative link of the README names a file or directory.
func TestReadmeLinksResolve(t *testing.T) {
	t.Parallel()
	md := readme(t)
	n := 0
	for _, m := range linkRE.FindAllStringSubmatch(md, -1) {
		target := m[2]
		if strings.Contains(target, "://") || strings.HasPrefix(target, "#") {
			continue
		}
		n++
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(strings.SplitN(target, "#", 2)[0])))
		assert.NoError(t, err, "README links to %s", target)
	}
	assert.Positive(t, n)
}

// TestReadmeGoRunCommands: every `go run` the README shows (with its `cd`) names a command.
func TestReadmeGoRunCommands(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile("(?:cd ([^\\s`]+) && )?(?:[A-Z]+=[^\\s`]* )*go run (\\.[^\\s`]*)")
	n := 0
	for _, m := range re.FindAllStringSubmatch(readme(t), -1) {
		n++
		dir := filepath.Join(root, filepath.FromSlash(m[1]), filepath.FromSlash(m[2]))
		assert.Equal(t, "main", packageName(t, dir), "%q runs a command", m[0])
	}
	assert.Positive(t, n)
}

// TestReadmeFirstCommands: the README's first code block is its two commands. The first runs
// offline, and is run here (not under -short); the second is the test command, which CI's
// script runs after gofmt, vet and staticcheck, as the block's comment says.
func TestReadmeFirstCommands(t *testing.T) {
	t.Parallel()
	md := readme(t)
	start := strings.Index(md, "```\n")
	require.NotEqual(t, -1, start)
	block := md[start+4:]
	block = block[:strings.Index(block, "```")]
	var cmds, comments []string
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		cmd, comment, _ := strings.Cut(line, "#")
		cmds = append(cmds, strings.TrimSpace(cmd))
		comments = append(comments, comment)
	}
	require.Equal(t, []string{"go run ./examples/labflow", "go test -race ./..."}, cmds)
	assert.Contains(t, comments[0], "offline")
	assert.Contains(t, comments[1], "CI runs .ci/run: gofmt, vet, staticcheck, this")

	ci, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	require.NoError(t, err)
	for _, want := range []string{"gofmt -l", "go vet ./...", `"$GOBIN/staticcheck" ./...`, "\ngo test -race ./...\n"} {
		assert.Contains(t, string(ci), want, ".ci/run runs %s", want)
	}

	if testing.Short() {
		t.Skip("runs go run ./examples/labflow")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	run := exec.CommandContext(ctx, "go", strings.Fields(cmds[0])[1:]...)
	run.Dir = root
	out, err := run.CombinedOutput()
	require.NoError(t, err, "%s\n%s", cmds[0], out)
	assert.Contains(t, string(out), "labflow: 1 order, faults off;")
	assert.Contains(t, string(out), "1 of 1 orders complete in ")
}

// TestReadmeVendorDocsLeaveOpen: each vendor package (one with a fake) has the doc section
// the README points to.
func TestReadmeVendorDocsLeaveOpen(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`(?m)^// # What [A-Z][A-Za-z]*'s documentation leaves open`)
	n := 0
	for _, row := range tableRows(t, section(t, readme(t), "Packages")) {
		targets := links(t, row[0])
		if len(targets) != 2 || targets[1] != targets[0]+"/"+path.Base(targets[0])+"test" {
			continue // not a vendor and its fake
		}
		n++
		doc, err := os.ReadFile(filepath.Join(root, targets[0], "doc.go"))
		require.NoError(t, err)
		assert.Regexp(t, re, string(doc), "%s/doc.go", targets[0])
	}
	assert.Equal(t, 4, n, "four vendors")
}
