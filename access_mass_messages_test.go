package ofauth

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const massJobFixture = `{"id": 3100000001, "date": "2024-06-01T18:00:00+02:00", "isReady": true, "isDone": false,
	"total": 1250, "pending": 1200.5, "canUnsend": true, "unsendSeconds": 3600}`

func TestMassMessagesCreate(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("POST /v2/access/mass-messages", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, map[string]any{
			"text":                "Weekend drop",
			"mediaItems":          []any{float64(5001)},
			"price":               12.5,
			"previewMediaCount":   float64(0),
			"scheduledDate":       "2024-06-01T16:00:00Z",
			"userIds":             []any{float64(77), float64(78)},
			"userLists":           []any{"fans", float64(12)},
			"excludeUserLists":    []any{float64(13)},
			"subscribedAfterDate": "2024-01-01T00:00:00Z",
		}, readJSON(t, r))
		writeJSON(w, 200, massJobFixture)
	})
	when := time.Date(2024, 6, 1, 16, 0, 0, 0, time.UTC)
	since := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	price, previews := 12.5, 0
	job, err := a.MassMessages.Create(context.Background(), &MassMessageParams{
		Text: "Weekend drop", MediaItems: []MediaItem{MediaItemOf(5001)}, Price: &price, PreviewMediaCount: &previews,
		ScheduledDate: &when, UserIDs: []int64{77, 78}, UserLists: []ID{"fans", "12"},
		ExcludeUserLists: []ID{IDOf(13)}, SubscribedAfterDate: &since,
	})
	require.NoError(t, err)
	assert.Equal(t, int64(3100000001), job.ID)
	assert.True(t, job.Date.Equal(when))
	assert.InDelta(t, 1250.0, job.Total, 1e-9)
	assert.InDelta(t, 1200.5, job.Pending, 1e-9)
	assert.True(t, job.CanUnsend)
	assert.Equal(t, int64(3600), job.UnsendSeconds)
}

func TestMassMessagesGetUpdateDelete(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/mass-messages/{massMessageId}", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "3100000001", r.PathValue("massMessageId"))
		writeJSON(w, 200, messageFixture)
	})
	mux.HandleFunc("PUT /v2/access/mass-messages/{massMessageId}", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "3100000001", r.PathValue("massMessageId"))
		assert.Equal(t, map[string]any{"text": "Moved", "isMarkdown": true}, readJSON(t, r))
		writeJSON(w, 200, massJobFixture)
	})
	mux.HandleFunc("DELETE /v2/access/mass-messages/{massMessageId}", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Empty(t, r.Header.Get("Content-Type"), "no body")
		writeJSON(w, 200, `{"success": true}`)
	})
	ctx := context.Background()
	m, err := a.MassMessages.Get(ctx, 3100000001)
	require.NoError(t, err)
	assert.Equal(t, "hey", m.Text)
	assert.Equal(t, time.Date(2024, 5, 2, 8, 15, 30, 0, time.UTC), m.CreatedAt)

	md := true
	job, err := a.MassMessages.Update(ctx, 3100000001, &MassMessageParams{Text: "Moved", IsMarkdown: &md})
	require.NoError(t, err)
	assert.True(t, job.IsReady)

	require.NoError(t, a.MassMessages.Delete(ctx, 3100000001))
}
