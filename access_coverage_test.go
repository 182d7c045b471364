package ofauth

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endpointCall calls the typed method of one Access endpoint.
type endpointCall struct {
	method, path string // as in testdata/access-endpoints.txt
	call         func(ctx context.Context, a *AccessService) error
}

var (
	endpointCallsMu sync.Mutex
	endpointCalls   = map[string]endpointCall{}
)

// registerCalls is called from the init functions of each group's tests.
func registerCalls(calls ...endpointCall) {
	endpointCallsMu.Lock()
	defer endpointCallsMu.Unlock()
	for _, c := range calls {
		endpointCalls[c.method+" "+c.path] = c
	}
}

func loadEndpoints(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/access-endpoints.txt")
	require.NoError(t, err)
	defer func() { _ = f.Close() }() // read only
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// matchPath reports whether a request path is the template below
// /v2/access, "{name}" standing for any one non-empty segment.
func matchPath(template, path string) bool {
	want := strings.Split("/v2/access"+template, "/")
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

// TestAccessEndpointCoverage fails when any of the 102 Access endpoints has
// no typed method, or when its method does not send exactly one request
// with that method and path (and the connection header).
func TestAccessEndpointCoverage(t *testing.T) {
	endpoints := loadEndpoints(t)
	require.Len(t, endpoints, 102)
	for _, ep := range endpoints {
		t.Run(ep, func(t *testing.T) {
			c, ok := endpointCalls[ep]
			require.True(t, ok, "no typed method registered for %s", ep)
			method, path, _ := strings.Cut(ep, " ")
			var mu sync.Mutex
			var seen []string
			client, mux := setup(t, WithMaxRetries(0))
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = append(seen, r.Method+" "+r.URL.Path)
				mu.Unlock()
				assert.Equal(t, "conn_cov", r.Header.Get("x-connection-id"))
				writeJSON(w, http.StatusOK, `{}`)
			})
			_ = c.call(context.Background(), client.Access.WithConnection("conn_cov"))
			mu.Lock()
			defer mu.Unlock()
			require.Len(t, seen, 1, "requests sent: %v", seen)
			gotMethod, gotPath, _ := strings.Cut(seen[0], " ")
			assert.Equal(t, method, gotMethod)
			assert.True(t, matchPath(path, gotPath), "path %s does not match %s", gotPath, path)
		})
	}
}

func TestMatchPath(t *testing.T) {
	assert.True(t, matchPath("/users/{userId}", "/v2/access/users/42"))
	assert.False(t, matchPath("/users/{userId}", "/v2/access/users/"))
	assert.False(t, matchPath("/users/{userId}", "/v2/access/users/42/lists"))
	assert.False(t, matchPath("/self", "/v2/access/users"))
}
