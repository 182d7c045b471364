package ofauth

import "time"

// PromotionParams is the body of PromotionsService.Create and Update.
// Create needs every field; Update sends only the fields that are set.
type PromotionParams struct {
	Discount        int      `json:"discount,omitempty"`        // percent, 1-100
	Message         string   `json:"message,omitempty"`         // the offer's text, up to 1000 characters
	FinishDays      int      `json:"finishDays,omitempty"`      // days until the promotion ends, 1-365
	SubscribeCounts int      `json:"subscribeCounts,omitempty"` // how many fans may claim it
	SubscribeDays   int      `json:"subscribeDays,omitempty"`   // length of the discounted subscription, 1-365
	Types           []string `json:"type,omitempty"`            // promotion kinds, at least one
}

// TrialLinkParams is the body of PromotionsService.CreateTrialLink and
// UpdateTrialLink. CreateTrialLink needs Name and SubscribeDays;
// UpdateTrialLink sends only the fields that are set.
type TrialLinkParams struct {
	Name            string     `json:"trialLinkName,omitempty"`   // 1-100 characters
	SubscribeDays   int        `json:"subscribeDays,omitempty"`   // length of the free trial, 1-365
	SubscribeCounts int        `json:"subscribeCounts,omitempty"` // how many fans may claim it; 0: no limit sent
	ExpiredAt       *time.Time `json:"expiredAt,omitempty"`       // when the link expires; nil: not sent
}

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
