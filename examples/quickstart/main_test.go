package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

// stepResult is what the output shows of one numbered step.
type stepResult struct {
	n        int
	title    string
	ok, fail int
}

var stepHeader = regexp.MustCompile(`^(\d+)\. (.+)$`)

func parseSteps(out string) []stepResult {
	var steps []stepResult
	for _, line := range strings.Split(out, "\n") {
		if m := stepHeader.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			steps = append(steps, stepResult{n: n, title: m[2]})
			continue
		}
		if len(steps) == 0 {
			continue
		}
		switch cur := &steps[len(steps)-1]; {
		case strings.HasPrefix(line, "   ✓ "):
			cur.ok++
		case strings.HasPrefix(line, "   ✗ "):
			cur.fail++
		}
	}
	return steps
}

// assertAllPassed checks that the steps are numbered 1..want and each
// printed a ✓ and no ✗.
func assertAllPassed(t *testing.T, out string, want int) {
	t.Helper()
	steps := parseSteps(out)
	require.Len(t, steps, want, out)
	for i, s := range steps {
		assert.Equal(t, i+1, s.n, s.title)
		assert.Positive(t, s.ok, "step %d %q printed no ✓", s.n, s.title)
		assert.Zero(t, s.fail, "step %d %q failed", s.n, s.title)
	}
	assert.Contains(t, out, "All "+strconv.Itoa(want)+" steps passed.")
}

func TestSandboxWalk(t *testing.T) {
	var out bytes.Buffer
	begin := time.Now()
	err := runSandbox(context.Background(), &out)
	t.Log("\n" + out.String())
	require.NoError(t, err)
	assertAllPassed(t, out.String(), 9)
	assert.Less(t, time.Since(begin), 10*time.Second, "the walk should take a few seconds")

	// Each checklist item shows its evidence.
	for _, want := range []string{
		"the key works", "/link/cs_", "status success, connection conn_", "signature verified for event msg_",
		"stored conn_", "connected account:", "45 subscribers in 3 requests", "SESSION_EXPIRED", "NeedsReauth is true",
		"connection.expired received", "re-auth Link", "reconnected", "429 RATE_LIMIT_EXCEEDED, then 200",
	} {
		assert.Contains(t, out.String(), want)
	}
}

func TestLiveWalkAgainstTheFakeAPI(t *testing.T) {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	srv.AddConnection("user_1")
	var out bytes.Buffer
	require.NoError(t, runLive(context.Background(), &out, srv.APIKey, srv.URL))
	assertAllPassed(t, out.String(), 4)
	assert.Contains(t, out.String(), "1 active connection(s)")
	assert.Contains(t, out.String(), "10 subscriber(s) on the first page (more: true)")
	for _, r := range srv.Requests() {
		assert.Equal(t, "GET", r.Method, "the live run only reads: %s %s", r.Method, r.Path)
	}
}

func TestLiveWalkWithoutConnections(t *testing.T) {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	var out bytes.Buffer
	require.NoError(t, runLive(context.Background(), &out, srv.APIKey, srv.URL))
	assertAllPassed(t, out.String(), 2)
	assert.Contains(t, out.String(), "connect a creator through Link first")
}

func TestLiveWalkFailsClearly(t *testing.T) {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	var out bytes.Buffer
	err := runLive(context.Background(), &out, "sk_sandbox_wrong", srv.URL)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "step 1, Verify the API key")
	assert.Contains(t, err.Error(), "401")
	assert.NotContains(t, err.Error(), "sk_sandbox_wrong")
	steps := parseSteps(out.String())
	require.Len(t, steps, 1)
	assert.Equal(t, 1, steps[0].fail)
}
