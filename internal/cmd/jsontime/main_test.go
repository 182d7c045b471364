package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedFileIsCurrent fails when a model gained or lost a time
// field without `go generate` being run.
func TestGeneratedFileIsCurrent(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	want, err := Generate(root)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(root, Output))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run `go generate ./...` at the module root")
}

func TestGenerateDecodesEmbeddedDecodersFirst(t *testing.T) {
	dir := t.TempDir()
	src := `package p
import "time"
type Base struct {
	At time.Time ` + "`json:\"at\"`" + `
}
type Plain struct{ N int }
// Outer embeds a type that decodes itself, so it needs its own decoder.
type Outer struct {
	Base
	Extra *Plain ` + "`json:\"extra,omitempty\"`" + `
	Seen  time.Time ` + "`json:\"seen\"`" + `
}
// Deeper embeds Outer only: it needs one too, found on a second pass.
type Deeper struct {
	Outer
}
// Flat embeds a plain type: the alias form works.
type Flat struct {
	Plain
	When time.Time ` + "`json:\"when\"`" + `
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.go"), []byte(src), 0o644))
	out, err := Generate(dir)
	require.NoError(t, err)
	s := string(out)
	assert.Contains(t, s, "func (v *Outer) UnmarshalJSON")
	assert.Contains(t, s, "json.Unmarshal(b, &v.Base)")
	assert.Regexp(t, "Extra +\\*Plain +`json:\"extra,omitempty\"`", s)
	assert.Contains(t, s, "v.Seen = aux.Seen.Time")
	assert.Contains(t, s, "func (v *Deeper) UnmarshalJSON")
	assert.Contains(t, s, "json.Unmarshal(b, &v.Outer)")
	assert.Contains(t, s, "func (v *Flat) UnmarshalJSON(b []byte) error {\n\ttype plain Flat")
}

func TestGenerateWritesLenientDecoders(t *testing.T) {
	dir := t.TempDir()
	src := "package p\nimport \"time\"\ntype T struct {\n\tAt time.Time `json:\"at,omitempty\"`\n\tSkip time.Time `json:\"-\"`\n\tUntagged time.Time\n\tN int\n}\ntype U struct{ At time.Time }\nfunc (u *U) UnmarshalJSON([]byte) error { return nil }\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.go"), []byte(src), 0o644))
	out, err := Generate(dir)
	require.NoError(t, err)
	s := string(out)
	assert.Contains(t, s, "func (v *T) UnmarshalJSON")
	assert.Contains(t, s, "At jsonx.Time `json:\"at\"`")
	assert.NotContains(t, s, "Skip jsonx.Time")
	assert.NotContains(t, s, "Untagged jsonx.Time")
	assert.NotContains(t, s, "func (v *U)")
}
