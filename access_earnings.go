package ofauth

// EarningsService covers the creator's earnings chart, transactions and chargebacks (access-endpoints.json tag "Earnings").
//
// Its methods are generated from spec/openapi.yaml into access_earnings_gen.go.
type EarningsService struct{ accessGroup }
