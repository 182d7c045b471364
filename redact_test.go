package ofauth

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assertNoKeyPart fails when s holds the key or any prefix of it that
// gives away more than 3 characters.
func assertNoKeyPart(t *testing.T, s, what string) {
	t.Helper()
	for k := 4; k <= len(testKey); k++ {
		if strings.Contains(s, testKey[:k]) {
			t.Errorf("%s holds %d characters of the key", what, k)
			return
		}
	}
}

// keyAcrossCut returns filler of n bytes followed by the key and a tail,
// so that a cut at n+k splits the key after k of its characters.
func keyAcrossCut(n int) string {
	return strings.Repeat("x", n) + testKey + strings.Repeat("y", 100)
}

// The key echoed across the point where an error body, a message or a
// DecodeError body is cut must be masked, not cut to a leaking prefix:
// redaction comes first, the cut second.
func TestKeyEchoedAcrossTheCutIsRedacted(t *testing.T) {
	var bodies []string
	var statuses []int
	for _, k := range []int{1, 5, len(testKey) / 2, len(testKey) - 1} {
		// the raw error body, cut at maxErrorBody
		bodies, statuses = append(bodies, keyAcrossCut(maxErrorBody-k)), append(statuses, 400)
		// the message of a text body and of a JSON body, cut at maxMessage
		bodies, statuses = append(bodies, keyAcrossCut(maxMessage-k)), append(statuses, 500)
		msg, _ := json.Marshal(map[string]any{"error": keyAcrossCut(maxMessage - k), "details": map[string]string{"k": testKey}})
		bodies, statuses = append(bodies, string(msg)), append(statuses, 422)
		// a 2xx body that does not decode: DecodeError.Body, cut at maxErrorBody
		bodies, statuses = append(bodies, "["+keyAcrossCut(maxErrorBody-1-k)), append(statuses, 200)
	}
	// many echoes before the cut: masks shorter than the key pull later
	// bytes into the kept part
	bodies, statuses = append(bodies, strings.Repeat(testKey, 2*maxErrorBody/len(testKey))), append(statuses, 400)
	bodies, statuses = append(bodies, strings.Repeat(testKey, 2*maxErrorBody/len(testKey))), append(statuses, 200)

	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var hooked []Attempt
	c, mux := setup(t, WithMaxRetries(0), WithLogger(logger), WithAttemptHook(func(a Attempt) {
		mu.Lock()
		hooked = append(hooked, a)
		mu.Unlock()
	}))
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(r.URL.Query().Get("case"))
		w.WriteHeader(statuses[i])
		_, _ = w.Write([]byte(bodies[i])) // the client may leave early
	})
	for i := range bodies {
		q := url.Values{"case": {strconv.Itoa(i)}}
		err := c.core.do(context.Background(), &request{method: "GET", route: "/v2/thing", query: q, out: new([]string)})
		require.Error(t, err, "body %d", i)
		what := fmt.Sprintf("body %d (status %d)", i, statuses[i])
		assertNoKeyPart(t, err.Error(), what+": error string")
		assertNoKeyPart(t, fmt.Sprintf("%+v", err), what+": %+v")
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			assertNoKeyPart(t, apiErr.Message, what+": Message")
			assertNoKeyPart(t, string(apiErr.Body), what+": Body")
			assertNoKeyPart(t, string(apiErr.Details), what+": Details")
			assert.LessOrEqual(t, len(apiErr.Body), maxErrorBody, what)
			assert.LessOrEqual(t, len(apiErr.Message), maxMessage+len("…"), what)
			if strings.Contains(bodies[i], testKey) && len(bodies[i]) < maxErrorBody {
				assert.Contains(t, string(apiErr.Body), redactMask, what)
			}
		}
		var de *DecodeError
		if errors.As(err, &de) {
			assertNoKeyPart(t, string(de.Body), what+": DecodeError.Body")
			assert.LessOrEqual(t, len(de.Body), maxErrorBody, what)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	assertNoKeyPart(t, logs.String(), "logs")
	assertNoKeyPart(t, fmt.Sprintf("%+v", hooked), "hook")
}

// The cut keeps whole masks and valid UTF-8.
func TestRedactThenCut(t *testing.T) {
	r := redactor{key: testKey}
	for n := 0; n < 3*len(testKey); n++ {
		in := strings.Repeat("é", n/2) + testKey + "é" + testKey
		for limit := 0; limit <= len(in); limit++ {
			out := r.cut(in, limit, false)
			assert.LessOrEqual(t, len(out), limit)
			assertNoKeyPart(t, out, fmt.Sprintf("cut(%d, %d)", n, limit))
			assert.True(t, utf8.ValidString(out), "cut(%d, %d) = %q", n, limit, out)
		}
	}
	assert.Equal(t, "ab[REDACTED]c", r.cut("ab"+testKey+"c", 100, false))
	assert.Equal(t, "abc", redactor{}.cut("abc", 100, true), "no key: nothing to mask")
}

// A transport error that quotes what the server sent (a malformed status
// line) does not carry the key into the error or the log.
func TestKeyInMalformedResponseIsRedacted(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			br := bufio.NewReader(conn)
			req, err := http.ReadRequest(br)
			if err == nil {
				fmt.Fprintf(conn, "HTTP/1.1 2%s OK\r\nContent-Length: 0\r\n\r\n", req.Header.Get("apiKey"))
			}
			conn.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })

	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := NewClient(testKey, WithBaseURL("http://"+ln.Addr().String()), WithMaxRetries(0), WithLogger(logger))
	require.NoError(t, err)
	_, err = c.Account.Whoami(context.Background())
	require.Error(t, err)
	assertNoKeyPart(t, err.Error(), "error")
	assert.Contains(t, err.Error(), redactMask, "the error still says what was wrong")
	mu.Lock()
	defer mu.Unlock()
	assertNoKeyPart(t, logs.String(), "logs")
}
