package ofauth

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// matchPath reports whether a request path is the full path template,
// "{name}" standing for any one non-empty segment.
func matchPath(template, path string) bool {
	want := strings.Split(template, "/")
	got := strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if strings.HasPrefix(want[i], "{") {
			if got[i] == "" {
				return false
			}
			continue
		}
		if want[i] != got[i] {
			return false
		}
	}
	return true
}

// TestEndpointCoverage fails when an operation of spec/openapi.yaml has no
// SDK method, or when its method does not send exactly one request with the
// operation's HTTP method and path, with the connection header exactly when
// the operation takes one.
func TestEndpointCoverage(t *testing.T) {
	require.NotEmpty(t, specOperations)
	for _, op := range specOperations {
		t.Run(op.Method+" "+op.Path, func(t *testing.T) {
			call, ok := endpointCalls[op.GoMethod]
			require.True(t, ok, "no call registered for %s (%s %s)", op.GoMethod, op.Method, op.Path)
			type sent struct{ method, path, conn string }
			var mu sync.Mutex
			var seen []sent
			client, mux := setup(t, WithMaxRetries(0))
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = append(seen, sent{r.Method, r.URL.Path, r.Header.Get("x-connection-id")})
				mu.Unlock()
				writeJSON(w, http.StatusOK, `{}`)
			})
			_ = call(context.Background(), client, op)
			mu.Lock()
			defer mu.Unlock()
			require.Len(t, seen, 1, "requests sent: %v", seen)
			assert.Equal(t, op.Method, seen[0].method)
			assert.True(t, matchPath(op.Path, seen[0].path), "path %s does not match %s", seen[0].path, op.Path)
			if op.Connection {
				assert.Equal(t, coverageConnection, seen[0].conn)
			} else {
				assert.Empty(t, seen[0].conn, "x-connection-id sent to a call that takes none")
			}
		})
	}
}

// TestEndpointCallsAreInSpec fails when a registered call names a method no
// operation of the spec has, so the registry cannot outgrow the spec.
func TestEndpointCallsAreInSpec(t *testing.T) {
	inSpec := map[string]bool{}
	for _, op := range specOperations {
		inSpec[op.GoMethod] = true
	}
	for name := range endpointCalls {
		assert.True(t, inSpec[name], "%s is registered but no operation of spec/openapi.yaml names it", name)
	}
}

// TestSpecOperationsTable checks the generated table's invariants the
// coverage test relies on: unique operations, full paths, Access facts.
func TestSpecOperationsTable(t *testing.T) {
	seen := map[string]bool{}
	access := 0
	for _, op := range specOperations {
		key := op.Method + " " + op.Path
		assert.False(t, seen[key], "duplicate operation %s", key)
		seen[key] = true
		assert.True(t, strings.HasPrefix(op.Path, "/v2/"), "%s: not a full path", key)
		assert.NotEmpty(t, op.GoMethod, key)
		if strings.HasPrefix(op.Path, "/v2/access/") {
			assert.NotEmpty(t, op.Permission, "%s: no permission", key)
			assert.True(t, op.Connection, "%s: an Access call without x-connection-id", key)
			if !strings.HasPrefix(op.Path, "/v2/access/proxy/") {
				access++
			}
		}
	}
	assert.Equal(t, 102, access, "typed Access operations")
}

func TestMatchPath(t *testing.T) {
	assert.True(t, matchPath("/v2/access/users/{userId}", "/v2/access/users/42"))
	assert.False(t, matchPath("/v2/access/users/{userId}", "/v2/access/users/"))
	assert.False(t, matchPath("/v2/access/users/{userId}", "/v2/access/users/42/lists"))
	assert.False(t, matchPath("/v2/access/self", "/v2/access/users"))
}
