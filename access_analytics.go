package ofauth

// AnalyticsService covers the creator's statistics: posts, stories, streams, mass messages, promotions, trials, campaigns, visitors (access-endpoints.json tag "Analytics").
type AnalyticsService struct{ accessGroup }
