package ofauth

// EarningsService covers the creator's earnings chart, transactions and chargebacks (access-endpoints.json tag "Earnings").
type EarningsService struct{ accessGroup }
