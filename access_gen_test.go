package ofauth

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedBoundsFromTheSpec: the generated methods refuse params out
// of the bounds spec/openapi.yaml gives their body (minimum, maximum,
// minLength, maxLength) before any request, and send those at the bounds.
func TestGeneratedBoundsFromTheSpec(t *testing.T) {
	c, mux := setup(t)
	var sent atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	})
	a := c.Access.WithConnection(wireConn)
	ctx := context.Background()
	long := strings.Repeat("é", 101) // 101 characters, 202 bytes
	refused := map[string]func() error{
		"discount below 5": func() error {
			return a.Subscribers.SetDiscount(ctx, 5, &SubscriberDiscountParams{Discount: 4, Period: 1})
		},
		"discount above 60": func() error {
			return a.Subscribers.SetDiscount(ctx, 5, &SubscriberDiscountParams{Discount: 61, Period: 1})
		},
		"period above 12": func() error {
			return a.Subscribers.SetDiscount(ctx, 5, &SubscriberDiscountParams{Discount: 5, Period: 13})
		},
		"bundle discount above": func() error {
			_, err := a.Promotions.CreateBundle(ctx, &BundleParams{Discount: 101, Duration: 1})
			return err
		},
		"bundle duration above": func() error {
			_, err := a.Promotions.CreateBundle(ctx, &BundleParams{Discount: 1, Duration: 366})
			return err
		},
		"trial link name too long": func() error {
			_, err := a.Promotions.CreateTrialLink(ctx, &TrialLinkParams{Name: long, SubscribeDays: 1})
			return err
		},
		"trial link blank name": func() error {
			_, err := a.Promotions.CreateTrialLink(ctx, &TrialLinkParams{Name: " ", SubscribeDays: 1})
			return err
		},
		"folder name too long": func() error { _, err := a.VaultLists.Update(ctx, 1, &VaultListUpdateParams{Name: long}); return err },
		"zero path id":         func() error { _, err := a.MassMessages.Get(ctx, 0); return err },
	}
	for name, call := range refused {
		t.Run(name, func(t *testing.T) { assert.ErrorIs(t, call(), ErrInvalidParams) })
	}
	require.Zero(t, sent.Load(), "a refused call sent a request")

	atBounds := map[string]func() error{
		"discount 5-60, period 1-12": func() error {
			return a.Subscribers.SetDiscount(ctx, 5, &SubscriberDiscountParams{Discount: 60, Period: 12})
		},
		"bundle 100 % for 365 days": func() error {
			_, err := a.Promotions.CreateBundle(ctx, &BundleParams{Discount: 100, Duration: 365})
			return err
		},
		"trial link of 100 characters": func() error {
			_, err := a.Promotions.CreateTrialLink(ctx, &TrialLinkParams{Name: long[2:], SubscribeDays: 365})
			return err
		},
	}
	for name, call := range atBounds {
		t.Run(name, func(t *testing.T) { assert.NoError(t, call()) })
	}
	assert.EqualValues(t, len(atBounds), sent.Load())
}
