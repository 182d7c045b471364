// Command release prepares a release commit: every module of the
// repository requires the released SDK and companion modules instead of
// replacing them with their folders.
//
// On main, each companion module's go.mod replaces the SDK (and any other
// module of the repository it uses) with a relative path, so a change to the
// SDK and its companions lands in one commit. Go refuses
// `go install …@version` for a module whose go.mod has replace directives,
// and a published module's requirement on the zero pseudo-version cannot
// be resolved by its users. A release therefore happens on a branch whose
// go.mod files require the version being tagged:
//
//	git switch -c release-v0.2.0
//	go run ./internal/release v0.2.0
//	git commit -am "release v0.2.0" && git tag v0.2.0 && git tag cmd/ofauth/v0.2.0 …
//
// It prints every tag to create, the SDK's first: tagging them all on the
// same commit makes the pinned requirements resolvable. It checks that
// ofauth.Version is the version released, and changes nothing else.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// semver is a release version as Go modules spell it.
var semver = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$`)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/release vX.Y.Z")
		os.Exit(2)
	}
	if err := run(".", os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

// module is one go.mod of the repository, as `go mod edit -json` reads it.
type module struct {
	dir     string // relative to the root, "." for the SDK
	Module  struct{ Path string }
	Require []struct{ Path, Version string }
	Replace []struct {
		Old struct{ Path string }
		New struct{ Path, Version string }
	}
}

// run pins every module under root to version and writes the tags to make.
func run(root, version string, out io.Writer) error {
	if !semver.MatchString(version) {
		return fmt.Errorf("%q is not a release version such as v1.2.3", version)
	}
	if err := checkVersionConst(root, version); err != nil {
		return err
	}
	mods, err := readModules(root)
	if err != nil {
		return err
	}
	ours := map[string]bool{}
	for _, m := range mods {
		ours[m.Module.Path] = true
	}
	for _, m := range mods {
		if err := pin(root, m, ours, version); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(m.dir, "go.mod"), err)
		}
	}
	for _, m := range mods {
		fmt.Fprintln(out, tag(m.dir, version))
	}
	return nil
}

// checkVersionConst fails unless client.go's Version is version without
// its "v": the SDK reports it in every User-Agent.
func checkVersionConst(root, version string) error {
	src, err := os.ReadFile(filepath.Join(root, "client.go")) // #nosec G304 -- the repository's own file
	if err != nil {
		return err
	}
	m := regexp.MustCompile(`(?m)^const Version = "([^"]*)"`).FindSubmatch(src)
	if m == nil {
		return errors.New("client.go has no `const Version = \"…\"`")
	}
	if want := strings.TrimPrefix(version, "v"); string(m[1]) != want {
		return fmt.Errorf("ofauth.Version is %q: set it to %q first", m[1], want)
	}
	return nil
}

// readModules reads every go.mod below root, the SDK's first.
func readModules(root string) ([]module, error) {
	var mods []module
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.Name() != "go.mod" {
			return nil
		}
		dir, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		b, err := goModEdit(root, dir, "-json")
		if err != nil {
			return err
		}
		m := module{dir: dir}
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		mods = append(mods, m)
		return nil
	})
	slices.SortFunc(mods, func(a, b module) int {
		if (a.dir == ".") != (b.dir == ".") {
			if a.dir == "." {
				return -1
			}
			return 1
		}
		return strings.Compare(a.dir, b.dir)
	})
	return mods, err
}

// pin makes m require version of every module of the repository it
// requires, and drops the replace directives that point at their folders.
func pin(root string, m module, ours map[string]bool, version string) error {
	var args []string
	for _, r := range m.Replace {
		if ours[r.Old.Path] && r.New.Version == "" {
			args = append(args, "-dropreplace="+r.Old.Path)
		}
	}
	for _, r := range m.Require {
		if ours[r.Path] {
			args = append(args, "-require="+r.Path+"@"+version)
		}
	}
	if len(args) == 0 {
		return nil
	}
	_, err := goModEdit(root, m.dir, args...)
	return err
}

// goModEdit runs `go mod edit` with args on the go.mod in dir.
func goModEdit(root, dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", append(append([]string{"mod", "edit"}, args...), "go.mod")...) // #nosec G204 G702 -- `go mod edit` with arguments built from go.mod files
	cmd.Dir = filepath.Join(root, dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go mod edit in %s: %w: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	return b, nil
}

// tag is the git tag that releases the module in dir: Go finds a module
// in a subfolder by the folder's path before the version.
func tag(dir, version string) string {
	if dir == "." {
		return version
	}
	return filepath.ToSlash(dir) + "/" + version
}
