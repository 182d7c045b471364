package ofauth_test

// README snippets are code users copy, so every ```go block in README.md is
// checked. The line right above its fence (blank lines allowed) must be one of:
//
//	<!-- run: ExampleName -->
//	    ExampleName is an Example function (with an Output comment) in this
//	    package's tests; its body, or the body of a function it calls
//	    directly, holds the snippet's lines verbatim, so go test runs them.
//	<!-- compile: testdata/readme/DIR -->
//	    A file of that package holds the snippet's lines verbatim, with
//	    stubs for what the snippet leaves to the reader; the test vets
//	    (type-checks) the package. For snippets that cannot run here (a
//	    server that listens forever, a file on the user's disk).
//	<!-- checked: path/to/file_test.go FuncName -->
//	    The snippet belongs to another module, checked there by FuncName;
//	    the test only verifies that the file declares it.
//
// "Verbatim" compares lines with blank lines dropped and runs of spaces
// and tabs collapsed, so gofmt's alignment does not matter.

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// snippet is one ```go block of a Markdown file.
type snippet struct {
	line   int      // 1-based line of the opening fence
	marker string   // the HTML comment above the fence, "" if none
	lines  []string // the code, as written
}

var markerRE = regexp.MustCompile(`^<!--\s*(run|compile|checked):\s*(.*?)\s*-->$`)

// goSnippets returns the ```go blocks of a Markdown text.
func goSnippets(md string) ([]snippet, error) {
	var out []snippet
	var cur *snippet
	lastText := "" // the last non-blank line outside a block
	sc := bufio.NewScanner(strings.NewReader(md))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur != nil && trimmed == "```":
			out = append(out, *cur)
			cur, lastText = nil, ""
		case cur != nil:
			cur.lines = append(cur.lines, line)
		case trimmed == "```go":
			cur = &snippet{line: n}
			if markerRE.MatchString(lastText) {
				cur.marker = lastText
			}
		case trimmed != "":
			lastText = trimmed
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("line %d: the go block is not closed", cur.line)
	}
	return out, sc.Err()
}

var spaceRE = regexp.MustCompile(`[ \t]+`)

// normalize drops blank lines and collapses runs of spaces and tabs.
func normalize(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(spaceRE.ReplaceAllString(l, " ")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// containsRun reports whether want appears in have as consecutive lines.
func containsRun(have, want []string) bool {
	if len(want) == 0 {
		return false
	}
	for i := 0; i+len(want) <= len(have); i++ {
		ok := true
		for j := range want {
			if have[i+j] != want[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// goFunc is a parsed function with its source lines.
type goFunc struct {
	decl  *ast.FuncDecl
	lines []string
	file  *ast.File
}

// testFuncs parses the *_test.go files of dir and returns their top-level
// functions by name.
func testFuncs(dir string) (map[string]goFunc, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	funcs := map[string]goFunc{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, p, src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			body := src[fset.Position(fd.Pos()).Offset:fset.Position(fd.End()).Offset]
			funcs[fd.Name.Name] = goFunc{decl: fd, lines: strings.Split(string(body), "\n"), file: f}
		}
	}
	return funcs, nil
}

// hasOutput reports whether an Example function has an Output comment, so
// go test runs it.
func hasOutput(fn goFunc) bool {
	for _, cg := range fn.file.Comments {
		if cg.Pos() < fn.decl.Body.Lbrace || cg.End() > fn.decl.Body.Rbrace {
			continue
		}
		for _, c := range cg.List {
			t := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			if strings.HasPrefix(t, "Output:") || strings.HasPrefix(t, "Unordered output:") {
				return true
			}
		}
	}
	return false
}

// callees returns the names of the functions fn calls directly.
func callees(fn goFunc) []string {
	var out []string
	ast.Inspect(fn.decl.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok {
				out = append(out, id.Name)
			}
		}
		return true
	})
	return out
}

// readmeChecker checks snippets against the code of a repository root.
type readmeChecker struct {
	root  string
	funcs map[string]goFunc // the root package's test functions
	vet   func(dir string) error
}

// check returns what is wrong with one snippet, or "".
func (c *readmeChecker) check(s snippet) string {
	code := normalize(s.lines)
	if s.marker == "" {
		return "the go snippet has no marker: put <!-- run: ExampleX -->, <!-- compile: testdata/readme/DIR --> " +
			"or <!-- checked: FILE FUNC --> on the line above it (see readme_test.go)"
	}
	m := markerRE.FindStringSubmatch(s.marker)
	kind, arg := m[1], m[2]
	switch kind {
	case "run":
		fn, ok := c.funcs[arg]
		if !ok || !strings.HasPrefix(arg, "Example") {
			return fmt.Sprintf("run: no Example function %s in the package's tests", arg)
		}
		if !hasOutput(fn) {
			return fmt.Sprintf("run: %s has no Output comment, so go test does not run it", arg)
		}
		if containsRun(normalize(fn.lines), code) {
			return ""
		}
		for _, name := range callees(fn) {
			if callee, ok := c.funcs[name]; ok && containsRun(normalize(callee.lines), code) {
				return ""
			}
		}
		return fmt.Sprintf("run: neither %s nor a function it calls holds the snippet's lines verbatim", arg)
	case "compile":
		dir := filepath.Clean(arg)
		if !strings.HasPrefix(filepath.ToSlash(dir), "testdata/readme/") {
			return fmt.Sprintf("compile: %s is not under testdata/readme/", arg)
		}
		files, _ := filepath.Glob(filepath.Join(c.root, dir, "*.go"))
		found := false
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err == nil && containsRun(normalize(strings.Split(string(src), "\n")), code) {
				found = true
				break
			}
		}
		if !found {
			return fmt.Sprintf("compile: no file in %s holds the snippet's lines verbatim", arg)
		}
		if err := c.vet(dir); err != nil {
			return fmt.Sprintf("compile: %s does not build: %v", arg, err)
		}
		return ""
	default: // checked
		file, name, ok := strings.Cut(arg, " ")
		if !ok {
			return "checked: want <!-- checked: FILE FUNC -->"
		}
		src, err := os.ReadFile(filepath.Join(c.root, filepath.Clean(file)))
		if err != nil {
			return fmt.Sprintf("checked: %v", err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, src, 0)
		if err != nil {
			return fmt.Sprintf("checked: %v", err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == strings.TrimSpace(name) {
				return ""
			}
		}
		return fmt.Sprintf("checked: %s declares no function %s", file, name)
	}
}

// goVet type-checks a package of this module, once per directory.
func goVet(root string) func(dir string) error {
	done := map[string]error{}
	return func(dir string) error {
		if err, ok := done[dir]; ok {
			return err
		}
		cmd := exec.Command("go", "vet", "./"+filepath.ToSlash(dir)) //nolint:gosec // dir is checked to lie under testdata/readme/
		cmd.Dir = root
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if err != nil {
			err = fmt.Errorf("%w\n%s", err, out.String())
		}
		done[dir] = err
		return err
	}
}

func TestREADMESnippets(t *testing.T) {
	md, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	snippets, err := goSnippets(string(md))
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	if len(snippets) == 0 {
		t.Fatal("README.md: no go snippet found")
	}
	funcs, err := testFuncs(".")
	if err != nil {
		t.Fatal(err)
	}
	c := &readmeChecker{root: ".", funcs: funcs, vet: goVet(".")}
	for _, s := range snippets {
		if problem := c.check(s); problem != "" {
			t.Errorf("README.md:%d: %s", s.line, problem)
		}
	}
}

// The checker itself: each way a snippet can go wrong is reported.
func TestREADMECheckerCatchesDrift(t *testing.T) {
	funcs, err := testFuncs(".")
	if err != nil {
		t.Fatal(err)
	}
	vetted := 0
	c := &readmeChecker{root: ".", funcs: funcs, vet: func(string) error { vetted++; return nil }}
	md := "intro\n```go\nx := 1\n```\n" +
		"<!-- run: ExampleNotThere -->\n```go\nx := 1\n```\n" +
		"<!-- run: ExampleNewClient -->\n```go\nfmt.Println(me.Name)\n```\n" +
		"<!-- run: ExampleNewClient -->\n\n```go\nfmt.Println(me.Name, \"drifted\")\n```\n" +
		"<!-- compile: testdata/readme/fragments -->\n```go\nnot in any file\n```\n" +
		"<!-- compile: ../elsewhere -->\n```go\nx := 1\n```\n" +
		"<!-- checked: readme_test.go TestREADMESnippets -->\n```go\nanything\n```\n" +
		"<!-- checked: readme_test.go TestNotThere -->\n```go\nanything\n```\n" +
		"<!-- checked: nothere/example_test.go Example -->\n```go\nanything\n```\n"
	snippets, err := goSnippets(md)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"has no marker",
		"no Example function ExampleNotThere",
		"",
		"holds the snippet's lines verbatim",
		"no file in testdata/readme/fragments holds",
		"is not under testdata/readme/",
		"",
		"declares no function TestNotThere",
		"no such file",
	}
	if len(snippets) != len(want) {
		t.Fatalf("%d snippets, want %d", len(snippets), len(want))
	}
	for i, s := range snippets {
		got := c.check(s)
		if want[i] == "" && got != "" || !strings.Contains(got, want[i]) {
			t.Errorf("snippet at line %d: got %q, want %q", s.line, got, want[i])
		}
	}
	if _, err := goSnippets("```go\nx := 1\n"); err == nil {
		t.Error("an unclosed block was accepted")
	}
}
