package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyRepoModules copies client.go and every go.mod of the repository
// into a temporary tree with the same layout.
func copyRepoModules(t *testing.T) string {
	t.Helper()
	src, dst := filepath.Join("..", ".."), t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(src, path)
		if err != nil || d.IsDir() || (d.Name() != "go.mod" && rel != "client.go") {
			return err
		}
		b, err := os.ReadFile(path) // #nosec G122 -- the repository's own tree
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o750); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600) // #nosec G703 -- rel is below the test's temp dir
	})
	require.NoError(t, err)
	return dst
}

// sdkVersion is the release version of client.go's Version.
func sdkVersion(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "client.go"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^const Version = "([^"]*)"`).FindSubmatch(b)
	require.NotNil(t, m)
	return "v" + string(m[1])
}

// TestPinsEveryModuleOfTheRepository runs the release step over a copy of
// the repository's go.mod files: afterwards no module replaces another of
// the repository with a folder, and each requires the released version.
func TestPinsEveryModuleOfTheRepository(t *testing.T) {
	root := copyRepoModules(t)
	version := sdkVersion(t, root)
	before, err := readModules(root)
	require.NoError(t, err)
	replaced := 0
	for _, m := range before {
		replaced += len(m.Replace)
	}
	require.Positive(t, replaced, "the repository's companions replace the SDK with its folder")

	var out strings.Builder
	require.NoError(t, run(root, version, &out))

	after, err := readModules(root)
	require.NoError(t, err)
	require.Len(t, after, len(before))
	ours := map[string]bool{}
	for _, m := range after {
		ours[m.Module.Path] = true
	}
	pinned := 0
	for _, m := range after {
		for _, r := range m.Replace {
			assert.False(t, ours[r.Old.Path] && r.New.Version == "", "%s still replaces %s with %s", m.dir, r.Old.Path, r.New.Path)
		}
		for _, r := range m.Require {
			if ours[r.Path] {
				assert.Equal(t, version, r.Version, "%s requires %s", m.dir, r.Path)
				pinned++
			}
		}
	}
	assert.GreaterOrEqual(t, pinned, len(after)-1, "every companion requires the SDK")

	tags := strings.Fields(out.String())
	require.Len(t, tags, len(after))
	assert.Equal(t, version, tags[0], "the SDK's tag comes first")
	assert.Contains(t, tags, "cmd/ofauth/"+version, "the command line's tag makes `go install …/cmd/ofauth@"+version+"` work")
}

// TestKeepsOtherReplaceDirectives: a replace of a module from elsewhere,
// or one pinned to a version, is the module's own business.
func TestKeepsOtherReplaceDirectives(t *testing.T) {
	root := t.TempDir()
	write(t, root, "client.go", "package ofauth\n\nconst Version = \"1.2.3\"\n")
	write(t, root, "go.mod", "module example.com/sdk\n\ngo 1.25\n")
	write(t, root, "tool/go.mod", `module example.com/sdk/tool

go 1.25

replace example.com/sdk => ../

replace example.com/other => ../../other

replace example.com/fork => example.com/fork2 v1.0.0

require (
	example.com/sdk v0.0.0-00010101000000-000000000000
	example.com/other v1.0.0
	example.com/fork v1.0.0
)
`)
	var out strings.Builder
	require.NoError(t, run(root, "v1.2.3", &out))
	b, err := os.ReadFile(filepath.Join(root, "tool", "go.mod"))
	require.NoError(t, err)
	got := string(b)
	assert.NotContains(t, got, "example.com/sdk =>")
	assert.Contains(t, got, "example.com/sdk v1.2.3")
	assert.Contains(t, got, "example.com/other => ../../other")
	assert.Contains(t, got, "example.com/fork => example.com/fork2 v1.0.0")
	assert.Equal(t, "v1.2.3\ntool/v1.2.3\n", out.String())
}

// TestRefusesBeforeChangingAnything: a malformed version, or one that is
// not ofauth.Version, leaves every go.mod as it was.
func TestRefusesBeforeChangingAnything(t *testing.T) {
	for _, tc := range []struct{ version, want string }{
		{"1.2.3", "not a release version"},
		{"v1.2", "not a release version"},
		{"v01.2.3", "not a release version"},
		{"v1.2.4", `set it to "1.2.4" first`},
	} {
		t.Run(tc.version, func(t *testing.T) {
			root := t.TempDir()
			write(t, root, "client.go", "package ofauth\n\nconst Version = \"1.2.3\"\n")
			write(t, root, "go.mod", "module example.com/sdk\n\ngo 1.25\n")
			mod := "module example.com/sdk/tool\n\ngo 1.25\n\nreplace example.com/sdk => ../\n\nrequire example.com/sdk v0.0.0-00010101000000-000000000000\n"
			write(t, root, "tool/go.mod", mod)
			err := run(root, tc.version, &strings.Builder{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			b, rerr := os.ReadFile(filepath.Join(root, "tool", "go.mod"))
			require.NoError(t, rerr)
			assert.Equal(t, mod, string(b))
		})
	}
}

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	path := filepath.Join(root, rel)
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o750))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
}
