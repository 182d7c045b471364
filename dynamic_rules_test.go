package ofauth

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDynamicRules(t *testing.T) {
	c, mux := setup(t)
	var rulesHits atomic.Int32
	mux.HandleFunc("GET /v2/dynamic-rules", func(w http.ResponseWriter, r *http.Request) {
		if rulesHits.Add(1) == 1 {
			writeJSON(w, 503, `{"error":"rules refreshing","is_current":false}`)
			return
		}
		writeJSON(w, 200, `{"rules":{"static_param":"sp","format":"%d:%s","start":"1","end":"2","prefix":"p","suffix":"s",
			"checksum_constant":77,"checksum_indexes":[1,5,9],"app_token":"tok","revision":"rev_3"},
			"is_current":true,"is_public":false,"is_early_access":true}`)
	})
	mux.HandleFunc("POST /v2/dynamic-rules/sign", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, map[string]any{"endpoint": "/api2/v2/users/me", "time": float64(1735689600000), "user-id": "42"}, readJSON(t, r))
		writeJSON(w, 200, `{"signed":{"sign":"1:abc:2","time":1735689600000,"user-id":42,"app-token":"tok","x-of-rev":"rev_3"},"is_public":false,"is_early_access":true}`)
	})
	mux.HandleFunc("GET /v2/dynamic-rules/status", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"revision":"rev_3","early_access_revision":"rev_3","public_revision":"rev_2","is_current":true,"is_early_access":true,"is_public":false,"access_granted":true}`)
	})
	ctx := context.Background()
	rules, err := c.DynamicRules.Rules(ctx)
	require.NoError(t, err, "a 503 is retried")
	assert.Equal(t, int32(2), rulesHits.Load())
	assert.Equal(t, []int{1, 5, 9}, rules.Rules.ChecksumIndexes)
	assert.Equal(t, 77, rules.Rules.ChecksumConstant)
	assert.Equal(t, "rev_3", rules.Rules.Revision)
	assert.True(t, rules.IsEarlyAccess)

	signed, err := c.DynamicRules.Sign(ctx, &SignParams{Endpoint: "/api2/v2/users/me", Time: 1735689600000, UserID: "42"})
	require.NoError(t, err)
	assert.Equal(t, SignedHeaders{"sign": "1:abc:2", "time": "1735689600000", "user-id": "42", "app-token": "tok", "x-of-rev": "rev_3"}, signed.Signed)

	st, err := c.DynamicRules.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, &RulesStatus{Revision: "rev_3", EarlyAccessRevision: "rev_3", PublicRevision: "rev_2", IsCurrent: true, IsEarlyAccess: true, AccessGranted: true}, st)

	_, err = c.DynamicRules.Sign(ctx, &SignParams{})
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = c.DynamicRules.Sign(ctx, nil)
	assert.ErrorIs(t, err, ErrInvalidParams)
}
