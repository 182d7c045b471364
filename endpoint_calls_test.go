package ofauth

import (
	"context"
	"net/http"
)

// coverageConnection is the connection the endpoint calls act on.
const coverageConnection = "conn_cov"

// endpointCall calls the SDK method of one operation of the spec; op is the
// operation being exercised (several operations may share a method) and
// opts are passed to the method as its CallOptions (none: a plain call).
type endpointCall func(ctx context.Context, c *Client, op specOperation, opts ...CallOption) error

// accessCall adapts a call of the Access API, bound to coverageConnection.
func accessCall(f func(ctx context.Context, a *AccessService, opts []CallOption) error) endpointCall {
	return func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		return f(ctx, c.Access.WithConnection(coverageConnection), opts)
	}
}

func analyticsCall(f func(ctx context.Context, s *AnalyticsService, opts []CallOption) error) endpointCall {
	return accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error { return f(ctx, a.Analytics, opts) })
}

func promotionsCall(f func(ctx context.Context, s *PromotionsService, opts []CallOption) error) endpointCall {
	return accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return f(ctx, a.Promotions, opts)
	})
}

// vaultPlusCall adapts a connection-scoped Vault+ call.
func vaultPlusCall(f func(ctx context.Context, v *VaultPlusService, opts []CallOption) error) endpointCall {
	return func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		return f(ctx, c.VaultPlus.WithConnection(coverageConnection), opts)
	}
}

// covPromotion is a valid body for PromotionsService.Create.
var covPromotion = &PromotionParams{Discount: 50, Message: "Half off", FinishDays: 7, SubscribeCounts: 100, SubscribeDays: 30, Types: []string{"new"}}

// endpointCalls holds, by the x-go-method of spec/openapi.yaml, a call of
// every SDK method that sends an operation of the spec. TestEndpointCoverage
// runs each against the generated table (endpoints_gen_test.go).
var endpointCalls = map[string]endpointCall{
	"Access.Analytics.CampaignsChart": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.CampaignsChart(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.TopCampaigns": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.TopCampaigns(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.MassMessagesChart": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.MassMessagesChart(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.PurchasedMassMessages": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.PurchasedMassMessages(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.SentMassMessages": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.SentMassMessages(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.MassMessageBuyers": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.MassMessageBuyers(ctx, 7, nil, opts...)
		return err
	}),
	"Access.Analytics.PostsChart": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.PostsChart(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.TopPosts": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.TopPosts(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.PostStats": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.PostStats(ctx, 7, opts...)
		return err
	}),
	"Access.Analytics.PromotionsChart": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.PromotionsChart(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.TopPromotions": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.TopPromotions(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.StoriesChart": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.StoriesChart(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.TopStories": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.TopStories(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.StreamsChart": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.StreamsChart(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.TopStreams": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.TopStreams(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.TrialsChart": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.TrialsChart(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.TopTrials": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.TopTrials(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.VisitorCountriesChart": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.VisitorCountriesChart(ctx, nil, opts...)
		return err
	}),
	"Access.Analytics.TopVisitorCountries": analyticsCall(func(ctx context.Context, a *AnalyticsService, opts []CallOption) error {
		_, err := a.TopVisitorCountries(ctx, nil, opts...)
		return err
	}),
	"Access.Chats.List": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Chats.List(ctx, nil, opts...)
		return err
	}),
	"Access.Chats.Media": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Chats.Media(ctx, 1, nil, opts...)
		return err
	}),
	"Access.Chats.Messages": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Chats.Messages(ctx, 1, nil, opts...)
		return err
	}),
	"Access.Chats.SendMessage": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Chats.SendMessage(ctx, 1, &MessageParams{Text: "hi"}, opts...)
		return err
	}),
	"Access.Chats.UnsendMessage": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.Chats.UnsendMessage(ctx, 1, 2, opts...)
	}),
	"Access.Earnings.Chargebacks": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Earnings.Chargebacks(ctx, nil, opts...)
		return err
	}),
	"Access.Earnings.Chart": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Earnings.Chart(ctx, nil, opts...)
		return err
	}),
	"Access.Earnings.Transactions": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Earnings.Transactions(ctx, nil, opts...)
		return err
	}),
	"Access.MassMessages.Create": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.MassMessages.Create(ctx, &MassMessageParams{Text: "hi"}, opts...)
		return err
	}),
	"Access.MassMessages.Get": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.MassMessages.Get(ctx, 1, opts...)
		return err
	}),
	"Access.MassMessages.Update": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.MassMessages.Update(ctx, 1, &MassMessageParams{Text: "hi"}, opts...)
		return err
	}),
	"Access.MassMessages.Delete": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.MassMessages.Delete(ctx, 1, opts...)
	}),
	"Access.Posts.List": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Posts.List(ctx, nil, opts...)
		return err
	}),
	"Access.Posts.Create": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Posts.Create(ctx, &PostParams{Text: "hi"}, opts...)
		return err
	}),
	"Access.Posts.Get": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Posts.Get(ctx, 1, opts...)
		return err
	}),
	"Access.Posts.Update": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Posts.Update(ctx, 1, &PostParams{Text: "hi"}, opts...)
		return err
	}),
	"Access.Posts.Delete": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.Posts.Delete(ctx, 1, opts...)
	}),
	"Access.Promotions.List": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.List(ctx, nil, opts...)
		return err
	}),
	"Access.Promotions.Create": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.Create(ctx, covPromotion, opts...)
		return err
	}),
	"Access.Promotions.Bundles": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.Bundles(ctx, nil, opts...)
		return err
	}),
	"Access.Promotions.CreateBundle": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.CreateBundle(ctx, &BundleParams{Discount: 10, Duration: 90}, opts...)
		return err
	}),
	"Access.Promotions.GetBundle": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.GetBundle(ctx, 7, opts...)
		return err
	}),
	"Access.Promotions.UpdateBundle": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.UpdateBundle(ctx, 7, nil, opts...)
		return err
	}),
	"Access.Promotions.DeleteBundle": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.DeleteBundle(ctx, 7, opts...)
	}),
	"Access.Promotions.TrackingLinks": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.TrackingLinks(ctx, nil, opts...)
		return err
	}),
	"Access.Promotions.CreateTrackingLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.CreateTrackingLink(ctx, &TrackingLinkParams{Name: "Bio"}, opts...)
		return err
	}),
	"Access.Promotions.ShareTrackingLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.ShareTrackingLink(ctx, 7, 8, opts...)
	}),
	"Access.Promotions.UnshareTrackingLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.UnshareTrackingLink(ctx, 7, 8, opts...)
	}),
	"Access.Promotions.GetTrackingLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.GetTrackingLink(ctx, 7, opts...)
		return err
	}),
	"Access.Promotions.UpdateTrackingLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.UpdateTrackingLink(ctx, 7, nil, opts...)
		return err
	}),
	"Access.Promotions.DeleteTrackingLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.DeleteTrackingLink(ctx, 7, opts...)
	}),
	"Access.Promotions.TrackingLinkClaimers": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.TrackingLinkClaimers(ctx, 7, opts...)
		return err
	}),
	"Access.Promotions.TrialLinks": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.TrialLinks(ctx, nil, opts...)
		return err
	}),
	"Access.Promotions.CreateTrialLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.CreateTrialLink(ctx, &TrialLinkParams{Name: "Reddit", SubscribeDays: 7}, opts...)
		return err
	}),
	"Access.Promotions.ShareTrialLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.ShareTrialLink(ctx, 7, 8, opts...)
	}),
	"Access.Promotions.UnshareTrialLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.UnshareTrialLink(ctx, 7, 8, opts...)
	}),
	"Access.Promotions.GetTrialLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.GetTrialLink(ctx, 7, opts...)
		return err
	}),
	"Access.Promotions.UpdateTrialLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.UpdateTrialLink(ctx, 7, nil, opts...)
	}),
	"Access.Promotions.DeleteTrialLink": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.DeleteTrialLink(ctx, 7, opts...)
	}),
	"Access.Promotions.Update": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		_, err := s.Update(ctx, 7, nil, opts...)
		return err
	}),
	"Access.Promotions.Delete": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.Delete(ctx, 7, opts...)
	}),
	"Access.Promotions.Stop": promotionsCall(func(ctx context.Context, s *PromotionsService, opts []CallOption) error {
		return s.Stop(ctx, 7, opts...)
	}),
	"Access.Do": func(ctx context.Context, c *Client, op specOperation, opts ...CallOption) error {
		// The proxy serves any OnlyFans path; a one-segment one matches {path}.
		var body any
		if op.Method != http.MethodGet && op.Method != http.MethodDelete {
			body = map[string]any{"text": "Hello!"}
		}
		return c.Access.WithConnection(coverageConnection).Do(ctx, op.Method, "/proxy/me", body, nil, opts...)
	},
	"Access.Self.Get": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Self.Get(ctx, opts...)
		return err
	}),
	"Access.Self.Update": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Self.Update(ctx, &SelfUpdateParams{Name: "Jane"}, opts...)
		return err
	}),
	"Access.Self.Notifications": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Self.Notifications(ctx, nil, opts...)
		return err
	}),
	"Access.Self.ReleaseForms": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Self.ReleaseForms(ctx, nil, opts...)
		return err
	}),
	"Access.Self.TaggedFriends": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Self.TaggedFriends(ctx, nil, opts...)
		return err
	}),
	"Access.Subscribers.List": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Subscribers.List(ctx, nil, opts...)
		return err
	}),
	"Access.Subscribers.SetCustomName": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.Subscribers.SetCustomName(ctx, 555, "Sam (VIP)", opts...)
	}),
	"Access.Subscribers.SetDiscount": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.Subscribers.SetDiscount(ctx, 555, &SubscriberDiscountParams{Discount: 20, Period: 3}, opts...)
	}),
	"Access.Subscribers.SetNote": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.Subscribers.SetNote(ctx, 555, "likes cats", opts...)
	}),
	"Access.Subscriptions.List": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Subscriptions.List(ctx, nil, opts...)
		return err
	}),
	"Access.Subscriptions.Counts": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Subscriptions.Counts(ctx, opts...)
		return err
	}),
	"Access.Subscriptions.History": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Subscriptions.History(ctx, 777, nil, opts...)
		return err
	}),
	"Access.Uploads.Check": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Uploads.Check(ctx, "etag-1", 10, opts...)
		return err
	}),
	"Access.Uploads.Complete": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Uploads.Complete(ctx, "upload:cov", opts...)
		return err
	}),
	"Access.Uploads.Init": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Uploads.Init(ctx, &UploadInitParams{Filename: "a.jpg", Size: 10, ContentType: "image/jpeg"}, opts...)
		return err
	}),
	"Access.Uploads.PutFile": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Uploads.PutFile(ctx, "upload:cov", []byte("x"), "image/jpeg", opts...)
		return err
	}),
	"Access.Uploads.PutPart": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Uploads.PutPart(ctx, "upload:cov", 1, []byte("x"), "image/jpeg", opts...)
		return err
	}),
	"Access.Users.Blocked": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Users.Blocked(ctx, nil, opts...)
		return err
	}),
	"Access.Users.GetMany": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Users.GetMany(ctx, []int64{1, 2}, opts...)
		return err
	}),
	"Access.UserLists.List": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.UserLists.List(ctx, nil, opts...)
		return err
	}),
	"Access.UserLists.Create": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.UserLists.Create(ctx, "VIP", opts...)
		return err
	}),
	"Access.UserLists.Get": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.UserLists.Get(ctx, "9001", opts...)
		return err
	}),
	"Access.UserLists.Update": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.UserLists.Update(ctx, "9001", "VIP+", opts...)
		return err
	}),
	"Access.UserLists.Delete": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.UserLists.Delete(ctx, "9001", opts...)
	}),
	"Access.UserLists.Members": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.UserLists.Members(ctx, "9001", nil, opts...)
		return err
	}),
	"Access.UserLists.AddMember": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.UserLists.AddMember(ctx, "9001", 555, opts...)
		return err
	}),
	"Access.UserLists.RemoveMember": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.UserLists.RemoveMember(ctx, "9001", 555, opts...)
	}),
	"Access.Users.Restricted": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Users.Restricted(ctx, nil, opts...)
		return err
	}),
	"Access.Users.Search": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Users.Search(ctx, nil, opts...)
		return err
	}),
	"Access.Users.Get": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Users.Get(ctx, 42, opts...)
		return err
	}),
	"Access.UserLists.AddToLists": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.UserLists.AddToLists(ctx, 555, []ID{"9001"}, opts...)
		return err
	}),
	"Access.Posts.ListByUser": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Posts.ListByUser(ctx, 42, nil, opts...)
		return err
	}),
	"Access.Users.Restrict": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.Users.Restrict(ctx, 42, opts...)
	}),
	"Access.Users.Unrestrict": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.Users.Unrestrict(ctx, 42, opts...)
	}),
	"Access.VaultLists.List": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.VaultLists.List(ctx, nil, opts...)
		return err
	}),
	"Access.VaultLists.Create": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.VaultLists.Create(ctx, "Beach", opts...)
		return err
	}),
	"Access.VaultLists.Update": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.VaultLists.Update(ctx, 1, &VaultListUpdateParams{Name: "Beach"}, opts...)
		return err
	}),
	"Access.VaultLists.Delete": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		return a.VaultLists.Delete(ctx, 1, opts...)
	}),
	"Access.VaultLists.Media": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.VaultLists.Media(ctx, 1, nil, opts...)
		return err
	}),
	"Access.VaultLists.AddMedia": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.VaultLists.AddMedia(ctx, 1, []int64{5001}, opts...)
		return err
	}),
	"Access.Vault.List": accessCall(func(ctx context.Context, a *AccessService, opts []CallOption) error {
		_, err := a.Vault.List(ctx, nil, opts...)
		return err
	}),
	"Connections.List": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Connections.List(ctx, nil, opts...)
		return err
	},
	"Connections.Import": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Connections.Import(ctx, &ImportConnectionParams{Cookie: "auth_id=1; sess=s; fp=f", UserAgent: "Mozilla/5.0"}, opts...)
		return err
	},
	"Connections.UpdateImport": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Connections.UpdateImport(ctx, "conn_abc", &UpdateImportParams{Cookie: "auth_id=1; sess=s; fp=f", UserAgent: "Mozilla/5.0"}, opts...)
		return err
	},
	"Connections.Delete": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		return c.Connections.Delete(ctx, "conn_abc", opts...)
	},
	"Connections.Invalidate": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		return c.Connections.Invalidate(ctx, "conn_abc", opts...)
	},
	"Connections.Settings": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Connections.Settings(ctx, "conn_abc", opts...)
		return err
	},
	"Connections.UpdateSettings": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Connections.UpdateSettings(ctx, "conn_abc", &ConnectionSettingsUpdateParams{}, opts...)
		return err
	},
	"Account.Settings": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Account.Settings(ctx, opts...)
		return err
	},
	"Account.UpdateSettings": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Account.UpdateSettings(ctx, &AccountSettingsUpdateParams{}, opts...)
		return err
	},
	"Account.Whoami": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Account.Whoami(ctx, opts...)
		return err
	},
	"DynamicRules.Rules": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.DynamicRules.Rules(ctx, opts...)
		return err
	},
	"DynamicRules.Sign": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.DynamicRules.Sign(ctx, &SignParams{Endpoint: "/api2/v2/users/me"}, opts...)
		return err
	},
	"DynamicRules.Status": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.DynamicRules.Status(ctx, opts...)
		return err
	},
	"Link.Init": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Link.Init(ctx, &LinkInitParams{}, opts...)
		return err
	},
	"Link.Status": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.Link.Status(ctx, "cs_abc", opts...)
		return err
	},
	"Link.Delete": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		return c.Link.Delete(ctx, "cs_abc", opts...)
	},
	"VaultPlus.Batch": vaultPlusCall(func(ctx context.Context, v *VaultPlusService, opts []CallOption) error {
		_, err := v.Batch(ctx, []string{"media_1"}, opts...)
		return err
	}),
	"VaultPlus.List": vaultPlusCall(func(ctx context.Context, v *VaultPlusService, opts []CallOption) error {
		_, err := v.List(ctx, nil, opts...)
		return err
	}),
	"VaultPlus.Purge": vaultPlusCall(func(ctx context.Context, v *VaultPlusService, opts []CallOption) error {
		return v.Purge(ctx, opts...)
	}),
	"VaultPlus.StoreList": vaultPlusCall(func(ctx context.Context, v *VaultPlusService, opts []CallOption) error {
		_, err := v.StoreList(ctx, 7, opts...)
		return err
	}),
	"VaultPlus.Stats": func(ctx context.Context, c *Client, _ specOperation, opts ...CallOption) error {
		_, err := c.VaultPlus.Stats(ctx, opts...)
		return err
	},
	"VaultPlus.StoreStatus": vaultPlusCall(func(ctx context.Context, v *VaultPlusService, opts []CallOption) error {
		_, err := v.StoreStatus(ctx, opts...)
		return err
	}),
	"VaultPlus.Get": vaultPlusCall(func(ctx context.Context, v *VaultPlusService, opts []CallOption) error {
		_, err := v.Get(ctx, "media_1", opts...)
		return err
	}),
	"VaultPlus.Delete": vaultPlusCall(func(ctx context.Context, v *VaultPlusService, opts []CallOption) error {
		return v.Delete(ctx, "media_1", opts...)
	}),
}
