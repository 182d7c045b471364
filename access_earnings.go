package ofauth

import (
	"context"
	"iter"

	"github.com/ofauth-go/ofauth/internal/query"
)

// EarningsService covers the creator's earnings chart, transactions and chargebacks (access-endpoints.json tag "Earnings").
type EarningsService struct{ accessGroup }

// Chart returns the creator's earnings over a range, for all revenue or
// one kind.
//
// GET /v2/access/earnings/chart
func (s *EarningsService) Chart(ctx context.Context, p *EarningsChartParams, opts ...CallOption) (*EarningsChart, error) {
	return accessGet[EarningsChart](ctx, s.with(opts), "/v2/access/earnings/chart", nil, query.Values(p))
}

// Transactions returns one page of earnings transactions. The next page
// starts at Page.NextMarker.
//
// GET /v2/access/earnings/transactions
func (s *EarningsService) Transactions(ctx context.Context, p *TransactionListParams, opts ...CallOption) (*Page[Transaction], error) {
	return getMarkerPage[Transaction](ctx, s.with(opts), "/v2/access/earnings/transactions", nil, query.Values(p))
}

// AllTransactions walks every transaction matching p, page by page,
// starting at p.Marker. p is not modified.
func (s *EarningsService) AllTransactions(ctx context.Context, p *TransactionListParams, opts ...CallOption) iter.Seq2[*Transaction, error] {
	return walkMarkers(ctx, opts, p, func(q *TransactionListParams) *string { return &q.Marker }, s.Transactions)
}

// Chargebacks returns one page of chargebacks. The next page starts at
// Page.NextMarker.
//
// GET /v2/access/earnings/chargebacks
func (s *EarningsService) Chargebacks(ctx context.Context, p *ChargebackListParams, opts ...CallOption) (*Page[Chargeback], error) {
	return getMarkerPage[Chargeback](ctx, s.with(opts), "/v2/access/earnings/chargebacks", nil, query.Values(p))
}

// AllChargebacks walks every chargeback matching p, page by page, starting
// at p.Marker. p is not modified.
func (s *EarningsService) AllChargebacks(ctx context.Context, p *ChargebackListParams, opts ...CallOption) iter.Seq2[*Chargeback, error] {
	return walkMarkers(ctx, opts, p, func(q *ChargebackListParams) *string { return &q.Marker }, s.Chargebacks)
}
