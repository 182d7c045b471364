package ofauth

// PromotionsService covers promotions, bundles, trial links and tracking links (access-endpoints.json tag "Promotions").
type PromotionsService struct{ accessGroup }
