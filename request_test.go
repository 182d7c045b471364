package ofauth

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStreamBodyIsReopenedPerAttemptWithLength(t *testing.T) {
	c, mux := setup(t)
	calls := 0
	mux.HandleFunc("PUT /v2/x", func(w http.ResponseWriter, r *http.Request) {
		calls++
		b, _ := io.ReadAll(r.Body)
		assert.Equal(t, "payload", string(b))
		assert.Equal(t, int64(7), r.ContentLength)
		assert.Equal(t, "video/mp4", r.Header.Get("Content-Type"))
		if calls == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		writeJSON(w, 200, `{"ok":true}`)
	})
	opened := 0
	var out struct{ OK bool }
	err := c.core.do(context.Background(), &request{
		method: http.MethodPut, route: "/v2/x", contentType: "video/mp4", length: 7,
		stream: func() (io.Reader, error) { opened++; return strings.NewReader("payload"), nil },
		out:    &out,
	})
	require.NoError(t, err)
	assert.True(t, out.OK)
	assert.Equal(t, 2, calls)
	assert.Equal(t, 2, opened)
}

func TestRawBodySent(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("PUT /v2/x", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		assert.True(t, bytes.Equal([]byte{0, 1, 2}, b))
		assert.Equal(t, "image/png", r.Header.Get("Content-Type"))
		w.WriteHeader(http.StatusNoContent)
	})
	require.NoError(t, c.core.do(context.Background(), &request{method: http.MethodPut, route: "/v2/x", raw: []byte{0, 1, 2}, contentType: "image/png"}))
}
