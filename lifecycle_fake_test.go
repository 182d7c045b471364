package ofauth

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Lifecycle tests: for each stateful area of ofauthtest, through the SDK,
// create → the list shows it → update → get or list shows the change →
// delete → gone. The SDK calls of these tests live in this file only.

// linked returns the Access API and Vault+ of a creator connected to
// ofauthtest through its Link flow, and a context for the test's calls.
func linked(t *testing.T) (context.Context, *AccessService, *VaultPlusService) {
	t.Helper()
	c, id := fakeLinked(t, "lifecycle", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx, c.Access.WithConnection(id), c.VaultPlus.WithConnection(id)
}

// gone asserts err is the API's 404 for a missing object (not a missing
// route).
func gone(t *testing.T, err error) {
	t.Helper()
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, CodeResourceNotFound, ae.Code, "%v", err)
}

func findID[T any](items []T, id func(T) bool) *T {
	if i := slices.IndexFunc(items, id); i >= 0 {
		return &items[i]
	}
	return nil
}

func TestFakeLifecycleUserLists(t *testing.T) {
	ctx, a, _ := linked(t)
	l, err := a.UserLists.Create(ctx, "VIPs")
	require.NoError(t, err)
	byID := func(u UserList) bool { return u.ID == l.ID }
	page, err := a.UserLists.List(ctx, nil)
	require.NoError(t, err)
	require.NotNil(t, findID(page.Items, byID))
	_, err = a.UserLists.Update(ctx, l.ID, "Top fans")
	require.NoError(t, err)
	got, err := a.UserLists.Get(ctx, l.ID)
	require.NoError(t, err)
	assert.Equal(t, "Top fans", got.Name)

	fans, err := a.Subscribers.List(ctx, nil)
	require.NoError(t, err)
	fan := fans.Items[0].ID
	_, err = a.UserLists.AddMember(ctx, l.ID, fan)
	require.NoError(t, err)
	members, err := a.UserLists.Members(ctx, l.ID, nil)
	require.NoError(t, err)
	require.Len(t, members.Items, 1)
	require.NoError(t, a.UserLists.RemoveMember(ctx, l.ID, fan))
	members, err = a.UserLists.Members(ctx, l.ID, nil)
	require.NoError(t, err)
	assert.Empty(t, members.Items)

	require.NoError(t, a.UserLists.Delete(ctx, l.ID))
	_, err = a.UserLists.Get(ctx, l.ID)
	gone(t, err)
}

func TestFakeLifecycleVaultListsAndVaultPlus(t *testing.T) {
	ctx, a, vp := linked(t)
	l, err := a.VaultLists.Create(ctx, "Beach")
	require.NoError(t, err)
	byID := func(v VaultList) bool { return v.ID == l.ID }
	_, err = a.VaultLists.AddMedia(ctx, l.ID, []int64{3100000001})
	require.NoError(t, err)
	media, err := a.VaultLists.Media(ctx, l.ID, nil)
	require.NoError(t, err)
	require.Len(t, media.Items, 1)
	_, err = a.VaultLists.Update(ctx, l.ID, &VaultListUpdateParams{Name: "Beach 2026"})
	require.NoError(t, err)
	page, err := a.VaultLists.List(ctx, nil)
	require.NoError(t, err)
	require.NotNil(t, findID(page.Items, byID))
	assert.Equal(t, "Beach 2026", findID(page.Items, byID).Name)

	// Vault+: storing the list stores its media.
	_, err = vp.StoreList(ctx, l.ID)
	require.NoError(t, err)
	item, err := vp.Get(ctx, "3100000001")
	require.NoError(t, err)
	assert.Equal(t, "3100000001", item.ID)
	require.NoError(t, vp.Delete(ctx, "3100000001"))
	_, err = vp.Get(ctx, "3100000001")
	gone(t, err)

	require.NoError(t, a.VaultLists.Delete(ctx, l.ID))
	page, err = a.VaultLists.List(ctx, nil)
	require.NoError(t, err)
	assert.Nil(t, findID(page.Items, byID))
}

func TestFakeLifecyclePosts(t *testing.T) {
	ctx, a, _ := linked(t)
	p, err := a.Posts.Create(ctx, &PostParams{Text: "New set tomorrow"})
	require.NoError(t, err)
	byID := func(q Post) bool { return q.ID == p.ID }
	page, err := a.Posts.List(ctx, nil)
	require.NoError(t, err)
	require.NotNil(t, findID(page.Items, byID), "the newest post heads the list")
	_, err = a.Posts.Update(ctx, p.ID, &PostParams{Text: "New set today"})
	require.NoError(t, err)
	page, err = a.Posts.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "New set today", findID(page.Items, byID).Text)
	require.NoError(t, a.Posts.Delete(ctx, p.ID))
	_, err = a.Posts.Get(ctx, p.ID)
	gone(t, err)
}

func TestFakeLifecycleMessages(t *testing.T) {
	ctx, a, _ := linked(t)
	chats, err := a.Chats.List(ctx, nil)
	require.NoError(t, err)
	var fan int64
	for _, ch := range chats.Items {
		if ch.CanSendMessage {
			fan = ch.WithUser.ID
			break
		}
	}
	require.NotZero(t, fan)
	m, err := a.Chats.SendMessage(ctx, fan, &MessageParams{Text: "Unsend me"})
	require.NoError(t, err)
	byID := func(x Message) bool { return x.ID == m.ID }
	msgs, err := a.Chats.Messages(ctx, fan, nil)
	require.NoError(t, err)
	require.NotNil(t, findID(msgs.Items, byID))
	require.NoError(t, a.Chats.UnsendMessage(ctx, fan, m.ID))
	msgs, err = a.Chats.Messages(ctx, fan, nil)
	require.NoError(t, err)
	assert.Nil(t, findID(msgs.Items, byID))
}

func TestFakeLifecycleMassMessages(t *testing.T) {
	ctx, a, _ := linked(t)
	job, err := a.MassMessages.Create(ctx, &MassMessageParams{Text: "Weekend sale"})
	require.NoError(t, err)
	got, err := a.MassMessages.Get(ctx, job.ID)
	require.NoError(t, err)
	assert.Equal(t, "Weekend sale", got.Text)
	_, err = a.MassMessages.Update(ctx, job.ID, &MassMessageParams{Text: "Weekend sale, last day"})
	require.NoError(t, err)
	got, err = a.MassMessages.Get(ctx, job.ID)
	require.NoError(t, err)
	assert.Equal(t, "Weekend sale, last day", got.Text)
	require.NoError(t, a.MassMessages.Delete(ctx, job.ID))
	_, err = a.MassMessages.Get(ctx, job.ID)
	gone(t, err)
}

func TestFakeLifecyclePromotions(t *testing.T) {
	ctx, a, _ := linked(t)
	created, err := a.Promotions.Create(ctx, &PromotionParams{Discount: 30, Message: "Spring", FinishDays: 7, SubscribeCounts: 10, SubscribeDays: 30, Types: []string{"new"}})
	require.NoError(t, err)
	require.NotEmpty(t, created)
	id := created[0].ID
	byID := func(p Promotion) bool { return p.ID == id }
	page, err := a.Promotions.List(ctx, nil)
	require.NoError(t, err)
	require.NotNil(t, findID(page.Items, byID))
	_, err = a.Promotions.Update(ctx, id, &PromotionParams{Message: "Spring, extended"})
	require.NoError(t, err)
	page, err = a.Promotions.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "Spring, extended", findID(page.Items, byID).Message)
	require.NoError(t, a.Promotions.Delete(ctx, id))
	page, err = a.Promotions.List(ctx, nil)
	require.NoError(t, err)
	assert.Nil(t, findID(page.Items, byID))

	// Bundles, trial links and tracking links.
	b, err := a.Promotions.CreateBundle(ctx, &BundleParams{Discount: 10, Duration: 3})
	require.NoError(t, err)
	_, err = a.Promotions.UpdateBundle(ctx, b.ID, &BundleParams{Discount: 25})
	require.NoError(t, err)
	gb, err := a.Promotions.GetBundle(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, 25.0, gb.Discount)
	require.NoError(t, a.Promotions.DeleteBundle(ctx, b.ID))
	_, err = a.Promotions.GetBundle(ctx, b.ID)
	gone(t, err)

	tl, err := a.Promotions.CreateTrialLink(ctx, &TrialLinkParams{Name: "reddit", SubscribeDays: 7})
	require.NoError(t, err)
	require.NoError(t, a.Promotions.UpdateTrialLink(ctx, tl.ID, &TrialLinkParams{Name: "reddit-2"}))
	gtl, err := a.Promotions.GetTrialLink(ctx, tl.ID)
	require.NoError(t, err)
	assert.Equal(t, "reddit-2", gtl.Name)
	require.NoError(t, a.Promotions.DeleteTrialLink(ctx, tl.ID))
	_, err = a.Promotions.GetTrialLink(ctx, tl.ID)
	gone(t, err)

	links, err := a.Promotions.CreateTrackingLink(ctx, &TrackingLinkParams{Name: "instagram"})
	require.NoError(t, err)
	require.NotEmpty(t, links)
	trk := links[0].ID
	_, err = a.Promotions.UpdateTrackingLink(ctx, trk, &TrackingLinkParams{Name: "instagram-bio"})
	require.NoError(t, err)
	gtk, err := a.Promotions.GetTrackingLink(ctx, trk)
	require.NoError(t, err)
	assert.Equal(t, "instagram-bio", gtk.Name)
	require.NoError(t, a.Promotions.DeleteTrackingLink(ctx, trk))
	_, err = a.Promotions.GetTrackingLink(ctx, trk)
	gone(t, err)
}

func TestFakeLifecycleSubscriberSettings(t *testing.T) {
	ctx, a, _ := linked(t)
	fans, err := a.Subscribers.List(ctx, nil)
	require.NoError(t, err)
	fan := fans.Items[0].ID
	for _, name := range []string{"Big tipper", "Biggest tipper"} {
		require.NoError(t, a.Subscribers.SetCustomName(ctx, fan, name))
		fans, err = a.Subscribers.List(ctx, nil)
		require.NoError(t, err)
		assert.Equal(t, name, findID(fans.Items, func(s Subscriber) bool { return s.ID == fan }).DisplayName)
	}
	require.NoError(t, a.Subscribers.SetNote(ctx, fan, "Likes beach sets"))
	require.NoError(t, a.Subscribers.SetDiscount(ctx, fan, &SubscriberDiscountParams{Discount: 20, Period: 3}))
}

// A fan's custom name and note, set through the subscriber routes, show
// in the fan's profile, by id and by username; another user's profile
// names the id asked for.
func TestFakeLifecycleSubscriberNoteAndName(t *testing.T) {
	ctx, a, _ := linked(t)
	fans, err := a.Subscribers.List(ctx, nil)
	require.NoError(t, err)
	fan := fans.Items[0]
	for _, note := range []string{"Likes beach sets", "Prefers video"} {
		require.NoError(t, a.Subscribers.SetNote(ctx, fan.ID, note))
		require.NoError(t, a.Subscribers.SetCustomName(ctx, fan.ID, "Fan "+note))
		u, err := a.Users.Get(ctx, fan.ID)
		require.NoError(t, err)
		assert.Equal(t, fan.ID, u.ID)
		assert.Equal(t, fan.Username, u.Username)
		assert.Equal(t, note, u.Notice)
		assert.Equal(t, "Fan "+note, u.DisplayName)
		byName, err := a.Users.GetByUsername(ctx, fan.Username)
		require.NoError(t, err)
		assert.Equal(t, u, byName)
	}
	other, err := a.Users.Get(ctx, 987654321)
	require.NoError(t, err)
	assert.Equal(t, int64(987654321), other.ID)
}
