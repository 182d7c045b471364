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

func TestGenerateRejectsEmbeddingWithTimes(t *testing.T) {
	dir := t.TempDir()
	src := "package p\nimport \"time\"\ntype Base struct{ A int }\ntype T struct {\n\tBase\n\tAt time.Time `json:\"at\"`\n}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.go"), []byte(src), 0o644))
	_, err := Generate(dir)
	assert.ErrorContains(t, err, "T has time fields and an embedded field")
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
