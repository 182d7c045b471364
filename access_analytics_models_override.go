package ofauth

// MassMessageBuyersParams page AnalyticsService.MassMessageBuyers.
// Written by hand: the list pages by marker, so the type leaves out the
// offset parameter the operation also accepts.
type MassMessageBuyersParams struct {
	Limit int `url:"limit"` // 1-20; 0: the API's default (10)
	// Marker is the previous page's Page.NextMarker; empty for the first
	// page.
	Marker string `url:"marker"`
}
