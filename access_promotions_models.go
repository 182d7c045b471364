package ofauth

// trialLinkShare is the body of the trial-link share-access calls.
type trialLinkShare struct {
	TrialID int64 `json:"trialId"`
	UserID  int64 `json:"userId"`
}

// trackingLinkShare is the body of the tracking-link share-access calls.
type trackingLinkShare struct {
	CampaignID int64 `json:"campaignId"`
	UserID     int64 `json:"userId"`
}

// promotionsDefaultLimit is the page size of the promotion lists when no
// limit is sent.
const promotionsDefaultLimit = 20
