package ofauth

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// txUserJSON is the fan of the transaction fixtures.
const txUserJSON = `{"id": 555, "name": "Sam", "username": "fan555", "avatar": null}`

func TestEarningsWire(t *testing.T) {
	may := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	june := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	runWireCases(t, []wireCase{
		{
			name: "Chart", method: "GET", path: "/earnings/chart",
			query: url.Values{"startDate": {"2024-05-01"}, "endDate": {"2024-06-01"}, "by": {"tips_chat"},
				"withTotal": {"true"}, "monthlyTotal": {"true"}},
			reply: `{"chart": [{"date": "2024-05-01T00:00:00+00:00", "count": 120.5}, {"date": "2024-05-02", "count": 0}],
				"total": 1234.56, "gross": 1543.2, "delta": -3.5}`,
			call: func(t *testing.T, a *AccessService) {
				c, err := a.Earnings.Chart(context.Background(), &EarningsChartParams{
					StartDate: may, EndDate: june, By: EarningsTipsChat, WithTotal: true, MonthlyTotal: true,
				})
				require.NoError(t, err)
				require.Len(t, c.Chart, 2)
				assertTime(t, "2024-05-01T00:00:00Z", c.Chart[0].Date)
				assert.InDelta(t, 120.5, c.Chart[0].Count, 1e-9)
				assertTime(t, "2024-05-02T00:00:00Z", c.Chart[1].Date)
				assert.InDelta(t, 1234.56, c.Total, 1e-9)
				assert.InDelta(t, 1543.2, c.Gross, 1e-9)
				assert.InDelta(t, -3.5, c.Delta, 1e-9)
			},
		},
		{
			name: "Chart without params", method: "GET", path: "/earnings/chart", reply: `{"chart": [], "total": 0}`,
			call: func(t *testing.T, a *AccessService) {
				c, err := a.Earnings.Chart(context.Background(), nil)
				require.NoError(t, err)
				assert.Empty(t, c.Chart)
			},
		},
		{
			name: "Transactions", method: "GET", path: "/earnings/transactions",
			query: url.Values{"startDate": {"2024-05-01"}, "type": {"tips"}, "tipsSource": {"chat"}, "marker": {"1714000000"}},
			reply: `{"list": [{"id": "tx_8a7f", "type": "tips", "createdAt": "2024-05-20T18:30:00+00:00",
				"amounts": {"gross": 10, "net": 8, "fee": 2, "vat": 0, "tax": 0}, "currency": "USD",
				"description": "Tip from <a href=\"/fan555\">Sam</a>", "status": null, "payoutPendingDays": 7, "user": ` + txUserJSON + `},
				{"id": "tx_8a80", "type": null, "createdAt": "2024-05-19T08:00:00+00:00",
				"amounts": {"gross": 9.99, "net": 7.99, "fee": 2, "vat": 0, "tax": 0}, "currency": "USD",
				"description": null, "status": "done", "payoutPendingDays": null, "user": ` + txUserJSON + `}],
				"hasMore": true, "nextMarker": 1713900000}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Earnings.Transactions(context.Background(), &TransactionListParams{
					StartDate: may, Type: TransactionTips, TipsSource: TipsFromChat, Marker: "1714000000",
				})
				require.NoError(t, err)
				require.Len(t, p.Items, 2)
				tx := p.Items[0]
				assert.Equal(t, "tx_8a7f", tx.ID)
				assertTime(t, "2024-05-20T18:30:00Z", tx.CreatedAt)
				assert.Equal(t, Amounts{Gross: 10, Net: 8, Fee: 2}, tx.Amounts)
				assert.Equal(t, "USD", tx.Currency)
				assert.Equal(t, int64(7), tx.PayoutPendingDays)
				assert.Equal(t, TxUser{ID: 555, Name: "Sam", Username: "fan555"}, tx.User)
				assert.Empty(t, p.Items[1].Type)
				assert.Zero(t, p.Items[1].PayoutPendingDays)
				assert.InDelta(t, 7.99, p.Items[1].Amounts.Net, 1e-9)
				assert.True(t, p.HasMore)
				assert.Equal(t, "1713900000", p.NextMarker)
			},
		},
		{
			name: "Transactions last page", method: "GET", path: "/earnings/transactions",
			reply: `{"list": [], "hasMore": true, "nextMarker": null}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Earnings.Transactions(context.Background(), nil)
				require.NoError(t, err)
				assert.False(t, p.HasMore, "no marker: no next page")
				assert.Empty(t, p.NextMarker)
			},
		},
		{
			name: "Chargebacks", method: "GET", path: "/earnings/chargebacks",
			query: url.Values{"startDate": {"2024-05-01"}, "endDate": {"2024-06-01"}},
			reply: `{"list": [{"id": 4400000001, "createdAt": "2024-05-25T10:00:00+00:00", "paymentType": "subscribe",
				"payment": {"id": "pay_1", "createdAt": "2024-05-01T10:00:00+00:00",
					"amounts": {"gross": 12.5, "net": 10, "fee": 2.5, "vat": 0, "tax": 0}, "currency": null,
					"description": null, "status": "reversed", "user": ` + txUserJSON + `}}], "hasMore": false, "nextMarker": null}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Earnings.Chargebacks(context.Background(), &ChargebackListParams{StartDate: may, EndDate: june})
				require.NoError(t, err)
				require.Len(t, p.Items, 1)
				cb := p.Items[0]
				assert.Equal(t, int64(4400000001), cb.ID)
				assertTime(t, "2024-05-25T10:00:00Z", cb.CreatedAt)
				assert.Equal(t, "subscribe", cb.PaymentType)
				assert.Equal(t, "pay_1", cb.Payment.ID)
				assertTime(t, "2024-05-01T10:00:00Z", cb.Payment.CreatedAt)
				assert.InDelta(t, 12.5, cb.Payment.Amounts.Gross, 1e-9)
				assert.Empty(t, cb.Payment.Currency)
				assert.Equal(t, "fan555", cb.Payment.User.Username)
				assert.False(t, p.HasMore)
			},
		},
	})
}

func TestEarningsWalks(t *testing.T) {
	runWalkCases(t, []walkCase{
		{
			name: "AllTransactions", path: "/earnings/transactions", key: "marker", fixed: url.Values{"type": {"post"}},
			pages: map[string]string{
				"":    `{"list": [{"id": "t1"}, {"id": "t2"}], "hasMore": true, "nextMarker": 900}`,
				"900": `{"list": [{"id": "t3"}], "hasMore": true, "nextMarker": "800"}`,
				"800": `{"list": [{"id": "t4"}], "hasMore": false, "nextMarker": null}`,
			},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.Earnings.AllTransactions(context.Background(), &TransactionListParams{Type: TransactionPost}), max,
					func(tx *Transaction) string { return tx.ID })
			},
			want: []string{"t1", "t2", "t3", "t4"}, cursors: []string{"", "900", "800"},
		},
		{
			name: "AllChargebacks from a marker, ends without one", path: "/earnings/chargebacks", key: "marker",
			pages: map[string]string{
				"500": `{"list": [{"id": 1}], "hasMore": true, "nextMarker": 400}`,
				"400": `{"list": [{"id": 2}], "hasMore": true, "nextMarker": null}`,
			},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.Earnings.AllChargebacks(context.Background(), &ChargebackListParams{Marker: "500"}), max,
					func(cb *Chargeback) string { return IDOf(cb.ID).String() })
			},
			want: []string{"1", "2"}, cursors: []string{"500", "400"},
		},
	})
}
