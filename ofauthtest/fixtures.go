package ofauthtest

import (
	"fmt"
	"hash/fnv"
	"math"
	mrand "math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A fixture is the OnlyFans data of one connected creator, generated from
// the server's seed and the creator's user id, so the same creator always
// has the same fans, chats, posts and earnings. Guarded by Server.mu.
type fixture struct {
	user       User
	userID     int64
	fans       []*subscriberJSON // newest subscription first
	fanByID    map[int64]*subscriberJSON
	chats      []*chatThread // most recent message first
	chatByUser map[int64]*chatThread
	posts      []*postJSON // newest first
	txs        []*txJSON   // newest first
	nextMsgID  int64
	store      *store // the stateful areas, made on first use
}

type chatThread struct {
	fan      *subscriberJSON
	messages []*messageJSON // newest first
	unread   int
	hasTips  bool
}

func (t *chatThread) lastAt() time.Time {
	if len(t.messages) == 0 {
		return time.Time{}
	}
	return t.messages[0].at
}

// JSON shapes of the Access models (access-models.md).

type avatarThumbs struct {
	C50  string `json:"c50"`
	C144 string `json:"c144"`
}

type listRef struct {
	ID   any    `json:"id"` // "fans" or a numeric list id, as OnlyFans mixes them
	Name string `json:"name"`
}

type subscriberJSON struct {
	ID           int64            `json:"id"`
	Name         string           `json:"name"`
	Username     string           `json:"username"`
	DisplayName  string           `json:"displayName"`
	IsVerified   bool             `json:"isVerified"`
	Avatar       *string          `json:"avatar"`
	AvatarThumbs *avatarThumbs    `json:"avatarThumbs"`
	LastSeen     *string          `json:"lastSeen"`
	Subscription subscriptionJSON `json:"subscription"`
	Spending     spendingJSON     `json:"spending"`
	IsRestricted bool             `json:"isRestricted"`
	IsBlocked    bool             `json:"isBlocked"`
	Capabilities capabilitiesJSON `json:"capabilities"`
	Lists        []listRef        `json:"lists"`

	subscribedAt time.Time
}

type subscriptionJSON struct {
	IsActive           bool          `json:"isActive"`
	IsExpired          bool          `json:"isExpired"`
	SubscribedAt       *string       `json:"subscribedAt"`
	ExpiresAt          *string       `json:"expiresAt"`
	RenewedAt          *string       `json:"renewedAt"`
	Price              *float64      `json:"price"`
	RegularPrice       *float64      `json:"regularPrice"`
	DiscountPercent    *float64      `json:"discountPercent"`
	DiscountPeriod     *float64      `json:"discountPeriod"`
	DiscountStartedAt  *string       `json:"discountStartedAt"`
	DiscountFinishedAt *string       `json:"discountFinishedAt"`
	History            []historyJSON `json:"history"`
}

type historyJSON struct {
	ID           int64   `json:"id"`
	StartDate    string  `json:"startDate"`
	ExpireDate   string  `json:"expireDate"`
	Price        float64 `json:"price"`
	RegularPrice float64 `json:"regularPrice"`
	Discount     float64 `json:"discount"`
	Type         string  `json:"type"`
	Action       string  `json:"action"`
	IsCurrent    bool    `json:"isCurrent"`
}

type spendingJSON struct {
	Total         float64 `json:"total"`
	Tips          float64 `json:"tips"`
	Subscriptions float64 `json:"subscriptions"`
	Messages      float64 `json:"messages"`
	Posts         float64 `json:"posts"`
	Streams       float64 `json:"streams"`
}

type capabilitiesJSON struct {
	CanRestrict        bool `json:"canRestrict"`
	CanBlock           bool `json:"canBlock"`
	CanReport          bool `json:"canReport"`
	CanUnsubscribe     bool `json:"canUnsubscribe"`
	CanReceiveMessages bool `json:"canReceiveMessages"`
	CanSendTrial       bool `json:"canSendTrial"`
}

type authorRef struct {
	ID   int64  `json:"id"`
	View string `json:"_view"`
}

type mediaJSON struct {
	ID               int64         `json:"id"`
	Type             string        `json:"type"`
	ConvertedToVideo bool          `json:"convertedToVideo"`
	CanView          bool          `json:"canView"`
	HasError         bool          `json:"hasError"`
	CreatedAt        string        `json:"createdAt"`
	IsReady          bool          `json:"isReady"`
	Duration         float64       `json:"duration,omitempty"`
	ReleaseForms     []any         `json:"releaseForms"`
	HasCustomPreview bool          `json:"hasCustomPreview"`
	VideoSources     *videoSources `json:"videoSources,omitempty"`
	Files            *mediaFiles   `json:"files,omitempty"`
}

type videoSources struct {
	P240 string `json:"240"`
	P720 string `json:"720"`
}

type mediaFiles struct {
	Full          fileFull     `json:"full"`
	Thumb         *fileVariant `json:"thumb,omitempty"`
	Preview       *filePreview `json:"preview,omitempty"`
	SquarePreview *fileVariant `json:"squarePreview,omitempty"`
}

type fileFull struct {
	URL     string `json:"url"`
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
	Size    int64  `json:"size,omitempty"`
	Sources []any  `json:"sources"`
}

type fileVariant struct {
	URL    string `json:"url"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
}

type filePreview struct {
	URL     string `json:"url"`
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
	Options []any  `json:"options"`
}

type messageJSON struct {
	ID                 int64       `json:"id"`
	Text               string      `json:"text"`
	FromUser           authorRef   `json:"fromUser"`
	Media              []mediaJSON `json:"media"`
	MediaCount         int         `json:"mediaCount"`
	Previews           []int64     `json:"previews"`
	IsMediaReady       bool        `json:"isMediaReady"`
	LockedText         bool        `json:"lockedText"`
	ResponseType       string      `json:"responseType"`
	GiphyID            *string     `json:"giphyId"`
	IsFree             bool        `json:"isFree"`
	IsTip              bool        `json:"isTip"`
	IsReportedByMe     bool        `json:"isReportedByMe"`
	IsMarkdownDisabled bool        `json:"isMarkdownDisabled"`
	ReleaseForms       any         `json:"releaseForms"`
	IsOpened           bool        `json:"isOpened"`
	IsNew              bool        `json:"isNew"`
	CreatedAt          string      `json:"createdAt"`
	ChangedAt          string      `json:"changedAt"`
	IsLiked            bool        `json:"isLiked"`
	CanPurchase        bool        `json:"canPurchase"`
	CanReport          bool        `json:"canReport"`
	CanBePinned        bool        `json:"canBePinned"`
	IsPinned           bool        `json:"isPinned"`

	at time.Time
}

type chatJSON struct {
	WithUser             authorRef    `json:"withUser"`
	CanNotSendReason     any          `json:"canNotSendReason"`
	CanSendMessage       bool         `json:"canSendMessage"`
	CanGoToProfile       bool         `json:"canGoToProfile"`
	UnreadMessagesCount  int          `json:"unreadMessagesCount"`
	HasUnreadTips        bool         `json:"hasUnreadTips"`
	IsMutedNotifications bool         `json:"isMutedNotifications"`
	LastMessage          *messageJSON `json:"lastMessage,omitempty"`
	LastReadMessageID    int64        `json:"lastReadMessageId"`
	HasPurchasedFeed     bool         `json:"hasPurchasedFeed"`
	CountPinnedMessages  int          `json:"countPinnedMessages"`
}

type postJSON struct {
	ID                 int64       `json:"id"`
	CanDelete          bool        `json:"canDelete"`
	CanEdit            bool        `json:"canEdit"`
	MediaCount         int         `json:"mediaCount"`
	Media              []mediaJSON `json:"media"`
	CanViewMedia       bool        `json:"canViewMedia"`
	Author             authorRef   `json:"author"`
	ResponseType       string      `json:"responseType"`
	PostedAt           string      `json:"postedAt"`
	PostedAtPrecise    string      `json:"postedAtPrecise"`
	IsMarkdownDisabled bool        `json:"isMarkdownDisabled"`
	IsOpened           bool        `json:"isOpened"`
	CanToggleFavorite  bool        `json:"canToggleFavorite"`
	TipsAmount         string      `json:"tipsAmount"`
	Text               string      `json:"text"`
	IsFavorite         bool        `json:"isFavorite"`
	CanComment         bool        `json:"canComment"`
	FavoritesCount     int         `json:"favoritesCount"`
	IsMediaReady       bool        `json:"isMediaReady"`
	RawText            string      `json:"rawText"`

	at time.Time
}

type postsCounters struct {
	AudiosCount               int `json:"audiosCount"`
	PhotosCount               int `json:"photosCount"`
	VideosCount               int `json:"videosCount"`
	MediasCount               int `json:"mediasCount"`
	PostsCount                int `json:"postsCount"`
	StreamsCount              int `json:"streamsCount"`
	ArchivedPostsCount        int `json:"archivedPostsCount"`
	PrivateArchivedPostsCount int `json:"privateArchivedPostsCount"`
}

type amountsJSON struct {
	Gross float64 `json:"gross"`
	Net   float64 `json:"net"`
	Fee   float64 `json:"fee"`
	Vat   float64 `json:"vat"`
	Tax   float64 `json:"tax"`
}

type txUser struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	Username string  `json:"username"`
	Avatar   *string `json:"avatar"`
}

type txJSON struct {
	ID                string      `json:"id"`
	Type              *string     `json:"type"`
	CreatedAt         string      `json:"createdAt"`
	Amounts           amountsJSON `json:"amounts"`
	Currency          string      `json:"currency"`
	Description       *string     `json:"description"`
	Status            *string     `json:"status"`
	PayoutPendingDays *int        `json:"payoutPendingDays"`
	User              txUser      `json:"user"`

	at         time.Time
	kind       string
	tipsSource string
}

// fixtureLocked returns the creator's data, generating it on first use.
func (s *Server) fixtureLocked(u User) *fixture {
	if f, ok := s.fixtures[u.ID]; ok {
		f.user = u // the profile may have been refreshed by a reconnect
		return f
	}
	h := fnv.New64a()
	h.Write([]byte(u.ID))
	f := generateFixture(mrand.New(mrand.NewPCG(s.cfg.seed, h.Sum64())), u, s.start.Truncate(time.Second), s.cfg.subscribers)
	s.fixtures[u.ID] = f
	return f
}

const day = 24 * time.Hour

func generateFixture(r *mrand.Rand, u User, now time.Time, nFans int) *fixture {
	uid, _ := strconv.ParseInt(u.ID, 10, 64) // creator ids are generated as decimal numbers
	f := &fixture{
		user:       u,
		userID:     uid,
		fanByID:    map[int64]*subscriberJSON{},
		chatByUser: map[int64]*chatThread{},
		nextMsgID:  7_000_000_000 + r.Int64N(1_000_000_000),
	}
	for len(f.fans) < nFans {
		fan := newFan(r, now)
		if _, dup := f.fanByID[fan.ID]; dup {
			continue
		}
		f.fans = append(f.fans, fan)
		f.fanByID[fan.ID] = fan
	}
	sort.SliceStable(f.fans, func(i, j int) bool { return f.fans[i].subscribedAt.After(f.fans[j].subscribedAt) })
	f.generateChats(r, now)
	f.generatePosts(r, now)
	f.generateTransactions(r, now)
	return f
}

func newFan(r *mrand.Rand, now time.Time) *subscriberJSON {
	id := 10_000_000 + r.Int64N(490_000_000)
	first, last := pick(r, fanFirstNames), pick(r, lastNames)
	fan := &subscriberJSON{ID: id, Name: first + " " + last}
	switch r.IntN(10) {
	case 0, 1, 2: // fans who never chose a username keep OnlyFans' default
		fan.Username, fan.Name = fmt.Sprintf("u%d", id), first
	case 3, 4:
		fan.Username = strings.ToLower(first) + fmt.Sprint(r.IntN(9000)+10)
	case 5, 6:
		fan.Username = strings.ToLower(first) + "_" + strings.ToLower(last)
	default:
		fan.Username = strings.ToLower(first[:1] + last)
	}
	if r.IntN(10) == 0 {
		fan.DisplayName = "⭐ " + first
	}
	if r.IntN(10) < 7 {
		fan.Avatar = strPtr(avatarURL(fmt.Sprint(id)))
		fan.AvatarThumbs = &avatarThumbs{C50: thumbURL(id, 50), C144: thumbURL(id, 144)}
	}
	if r.IntN(5) > 0 {
		fan.LastSeen = strPtr(isoTime(now.Add(-time.Duration(r.IntN(14*24*60)) * time.Minute)))
	}

	days := 1 + r.IntN(400)
	subscribedAt := now.Add(-time.Duration(days)*day - time.Duration(r.IntN(24*60))*time.Minute)
	fan.subscribedAt = subscribedAt
	active := days < 31 || r.IntN(5) > 0
	periods := days/30 + 1
	if !active {
		periods = 1 + r.IntN(days/30)
	}
	regular := pick(r, []float64{0, 4.99, 9.99, 9.99, 12.99, 14.99})
	price, discount := regular, 0.0
	sub := subscriptionJSON{
		IsActive: active, IsExpired: !active,
		SubscribedAt: strPtr(isoTime(subscribedAt)),
		ExpiresAt:    strPtr(isoTime(subscribedAt.Add(time.Duration(periods) * 30 * day))),
		RegularPrice: &regular, DiscountPercent: &discount,
	}
	if regular > 0 && r.IntN(7) == 0 {
		discount = 50
		price = round2(regular / 2)
		one := 1.0
		sub.DiscountPeriod = &one
		sub.DiscountStartedAt = strPtr(isoTime(subscribedAt))
		sub.DiscountFinishedAt = strPtr(isoTime(subscribedAt.Add(30 * day)))
	}
	sub.Price = &price
	if periods > 1 {
		sub.RenewedAt = strPtr(isoTime(subscribedAt.Add(time.Duration(periods-1) * 30 * day)))
	}
	sub.History = []historyJSON{}
	for p := periods - 1; p >= 0 && len(sub.History) < 6; p-- { // newest first
		start := subscribedAt.Add(time.Duration(p) * 30 * day)
		h := historyJSON{
			ID: 90_000_000 + r.Int64N(9_000_000), StartDate: isoTime(start), ExpireDate: isoTime(start.Add(30 * day)),
			Price: regular, RegularPrice: regular, Type: "regular", Action: "renew", IsCurrent: active && p == periods-1,
		}
		if p == 0 {
			h.Action = "subscribe"
			h.Price, h.Discount = price, discount
		}
		sub.History = append(sub.History, h)
	}
	fan.Subscription = sub

	sp := spendingJSON{Subscriptions: round2(price + regular*float64(periods-1))}
	if r.IntN(10) < 4 {
		sp.Tips = float64(5 + r.IntN(196))
	}
	if r.IntN(10) < 3 {
		sp.Messages = round2(float64(3+r.IntN(148)) - 0.01)
	}
	if r.IntN(10) == 0 {
		sp.Posts = round2(float64(5+r.IntN(46)) - 0.01)
	}
	if r.IntN(20) == 0 {
		sp.Streams = float64(5 + r.IntN(26))
	}
	sp.Total = round2(sp.Tips + sp.Subscriptions + sp.Messages + sp.Posts + sp.Streams)
	fan.Spending = sp

	fan.IsRestricted = r.IntN(30) == 0
	fan.IsBlocked = r.IntN(45) == 0
	fan.Capabilities = capabilitiesJSON{
		CanRestrict: !fan.IsRestricted, CanBlock: !fan.IsBlocked, CanReport: true, CanUnsubscribe: false,
		CanReceiveMessages: active && !fan.IsBlocked, CanSendTrial: !active,
	}
	fan.Lists = []listRef{{ID: "fans", Name: "Fans"}}
	if sp.Total >= 150 {
		fan.Lists = append(fan.Lists, listRef{ID: 1_204_877, Name: "VIP"})
	}
	return fan
}

func (f *fixture) generateChats(r *mrand.Rand, now time.Time) {
	order := r.Perm(len(f.fans))
	n := min(len(f.fans), 24)
	for _, i := range order[:n] {
		fan := f.fans[i]
		t := &chatThread{fan: fan}
		count := 3 + r.IntN(10)
		at := now.Add(-time.Duration(r.IntN(96*60)) * time.Minute)
		times := make([]time.Time, count)
		for k := range times { // newest first, minutes to hours apart
			times[k] = at
			at = at.Add(-time.Duration(5+r.IntN(240)) * time.Minute)
		}
		fromFan := r.IntN(2) == 0
		msgs := make([]*messageJSON, count)
		for k := count - 1; k >= 0; k-- { // oldest first, so ids grow with time
			m := f.newMessage(times[k], fan.ID, fromFan)
			if fromFan {
				m.Text = pick(r, fanLines)
				if r.IntN(15) == 0 {
					m.IsTip, m.Text = true, fmt.Sprintf("I sent you a $%d tip ❤️", 5*(1+r.IntN(10)))
					t.hasTips = true
				}
			} else {
				m.Text = pick(r, creatorLines)
				m.IsOpened = true
			}
			msgs[k] = m
			if r.IntN(3) > 0 {
				fromFan = !fromFan
			}
		}
		if r.IntN(5) < 2 { // some threads end with unread messages from the fan
			for _, m := range msgs {
				if m.FromUser.ID != fan.ID {
					break
				}
				m.IsNew = true
				t.unread++
			}
		}
		t.messages = msgs
		f.chats = append(f.chats, t)
		f.chatByUser[fan.ID] = t
	}
	f.sortChats()
}

func (f *fixture) sortChats() {
	sort.SliceStable(f.chats, func(i, j int) bool { return f.chats[i].lastAt().After(f.chats[j].lastAt()) })
}

// newMessage starts a message in the fan's thread, from the fan or from
// the creator.
func (f *fixture) newMessage(at time.Time, fanID int64, fromFan bool) *messageJSON {
	from := f.userID
	if fromFan {
		from = fanID
	}
	f.nextMsgID++
	return &messageJSON{
		ID: f.nextMsgID, FromUser: authorRef{ID: from, View: "s"},
		Media: []mediaJSON{}, Previews: []int64{}, IsMediaReady: true, ResponseType: "message",
		IsFree: true, CreatedAt: isoTime(at), ChangedAt: isoTime(at), CanReport: fromFan,
		CanBePinned: true, at: at,
	}
}

func (f *fixture) generatePosts(r *mrand.Rand, now time.Time) {
	at := now.Add(-time.Duration(r.IntN(20*60)) * time.Minute)
	id := 1_400_000_000 + r.Int64N(100_000_000)
	mediaID := 3_000_000_000 + r.Int64N(90_000_000)
	for i := 0; i < 24; i++ {
		at = at.Add(-time.Duration(20+r.IntN(40))*time.Hour - time.Duration(r.IntN(3600))*time.Second)
		at = at.Add(time.Duration(r.IntN(1_000_000)) * time.Microsecond)
		text := pick(r, postLines)
		id -= 1 + r.Int64N(5000)
		p := &postJSON{
			ID: id, CanDelete: true, CanEdit: true,
			Media: []mediaJSON{}, CanViewMedia: true, Author: authorRef{ID: f.userID, View: "s"},
			ResponseType: "post", PostedAt: isoTime(at), PostedAtPrecise: precise(at),
			IsOpened: true, CanToggleFavorite: true, TipsAmount: fmt.Sprintf("%.2f", float64(r.IntN(40))*2.5),
			Text: text, RawText: text, CanComment: true, FavoritesCount: r.IntN(400), IsMediaReady: true, at: at,
		}
		for k := r.IntN(4); k > 0; k-- {
			mediaID += 1 + r.Int64N(1000)
			kind := "photo"
			if r.IntN(4) == 0 {
				kind = "video"
			}
			p.Media = append(p.Media, newMedia(mediaID, kind, at, 0))
		}
		p.MediaCount = len(p.Media)
		f.posts = append(f.posts, p)
	}
}

// counters are the totals GET /posts reports.
func (f *fixture) counters() postsCounters {
	c := postsCounters{PostsCount: len(f.posts)}
	for _, p := range f.posts {
		for _, m := range p.Media {
			switch m.Type {
			case "photo":
				c.PhotosCount++
			case "video":
				c.VideosCount++
			case "audio":
				c.AudiosCount++
			}
			c.MediasCount++
		}
	}
	return c
}

// precise formats a time as OnlyFans' postedAtPrecise: seconds with
// microseconds.
func precise(t time.Time) string {
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}

func newMedia(id int64, kind string, at time.Time, size int64) mediaJSON {
	base := fmt.Sprintf("%s/files/%d", mediaHost, id)
	m := mediaJSON{
		ID: id, Type: kind, CanView: true, CreatedAt: isoTime(at), IsReady: true, ReleaseForms: []any{},
		Files: &mediaFiles{
			Full:          fileFull{URL: base + "/full.jpg", Width: 1440, Height: 1920, Size: size, Sources: []any{}},
			Thumb:         &fileVariant{URL: base + "/thumb.jpg", Width: 300, Height: 400},
			Preview:       &filePreview{URL: base + "/preview.jpg", Width: 720, Height: 960, Options: []any{}},
			SquarePreview: &fileVariant{URL: base + "/square.jpg", Width: 480, Height: 480},
		},
	}
	switch kind {
	case "video":
		m.Duration = float64(15 + id%300)
		m.Files.Full.URL = base + "/source.mp4"
		m.VideoSources = &videoSources{P240: base + "/240.mp4", P720: base + "/720.mp4"}
	case "audio":
		m.Duration = float64(10 + id%120)
		m.Files.Full.URL = base + "/audio.mp3"
		m.Files.Thumb, m.Files.Preview, m.Files.SquarePreview = nil, nil, nil
	case "gif":
		m.Files.Full.URL = base + "/full.gif"
	}
	return m
}

// Transaction types and tip sources, as the earnings endpoints name them.
var (
	txKinds    = []string{"subscribes", "subscribes", "subscribes", "tips", "tips", "chat_messages", "chat_messages", "post", "stream"}
	tipSources = []string{"chat", "post_all", "profile", "story", "stream"}
)

func (f *fixture) generateTransactions(r *mrand.Rand, now time.Time) {
	at := now.Add(-time.Duration(r.IntN(180)) * time.Minute)
	for i := 0; i < 60; i++ {
		at = at.Add(-time.Duration(10+r.IntN(36*60))*time.Minute - time.Duration(r.IntN(60))*time.Second)
		kind := pick(r, txKinds)
		var u txUser
		if len(f.fans) > 0 {
			fan := pick(r, f.fans)
			u = txUser{ID: fan.ID, Name: fan.Name, Username: fan.Username, Avatar: fan.Avatar}
		} else {
			id := 10_000_000 + r.Int64N(490_000_000)
			u = txUser{ID: id, Name: pick(r, fanFirstNames), Username: fmt.Sprintf("u%d", id)}
		}
		var gross float64
		var desc, source string
		switch kind {
		case "subscribes":
			gross = pick(r, []float64{4.99, 9.99, 9.99, 14.99})
			desc = "Subscription from " + u.Name
		case "tips":
			gross = float64(5 * (1 + r.IntN(20)))
			source = pick(r, tipSources)
			desc = "Tip from " + u.Name
		case "chat_messages":
			gross = pick(r, []float64{3, 5, 7.99, 9.99, 14.99, 24.99})
			desc = "Payment for message from " + u.Name
		case "post":
			gross = pick(r, []float64{4.99, 7.99, 12})
			desc = "Post purchase by " + u.Name
		default:
			gross = float64(5 + r.IntN(26))
			desc = "Stream tip from " + u.Name
		}
		net := round2(gross * 0.8)
		tx := &txJSON{
			ID: fmt.Sprintf("%016x", r.Uint64()), Type: strPtr(kind), CreatedAt: isoTime(at),
			Amounts:  amountsJSON{Gross: gross, Net: net, Fee: round2(gross - net)},
			Currency: "USD", Description: strPtr(desc), User: u, at: at, kind: kind, tipsSource: source,
		}
		if age := int(now.Sub(at) / day); age < 7 {
			pending := 7 - age
			tx.Status, tx.PayoutPendingDays = strPtr("pending"), &pending
		} else {
			tx.Status = strPtr("done")
		}
		f.txs = append(f.txs, tx)
	}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Assets live on a reserved .test domain: nothing resolves, nothing leaks.
const mediaHost = "https://media.sandbox.ofauth.test"

func avatarURL(userID string) string {
	return mediaHost + "/avatars/" + userID + "/avatar.jpg"
}

func thumbURL(id int64, size int) string {
	return fmt.Sprintf("%s/avatars/%d/c%d.jpg", mediaHost, id, size)
}

// Name and text pools for the generated data.
var (
	creatorFirstNames = []string{
		"Mia", "Ava", "Luna", "Chloe", "Isla", "Ruby", "Sofia", "Ella", "Nora", "Zoe",
		"Lily", "Aria", "Maya", "Jade", "Leah", "Ivy", "Sienna", "Skye", "Lexi", "Nina",
	}
	fanFirstNames = []string{
		"James", "Liam", "Noah", "Oliver", "Ethan", "Lucas", "Mason", "Logan", "Jack", "Ryan",
		"Daniel", "Henry", "Owen", "Leo", "Caleb", "Nathan", "Aaron", "Adam", "Kevin", "Marco",
		"Diego", "Tom", "Alex", "Chris", "Sam", "Ben", "Max", "Victor", "Hugo", "Felix",
		"Sophie", "Emma", "Kate", "Julia", "Rachel", "Tyler", "Connor", "Jordan", "Dylan", "Sean",
	}
	lastNames = []string{
		"Harper", "Bennett", "Carter", "Hayes", "Reed", "Brooks", "Foster", "Sullivan", "Price", "Ward",
		"Russo", "Moreno", "Novak", "Larsen", "Kim", "Patel", "Walsh", "Fischer", "Dubois", "Silva",
		"Keller", "Quinn", "Blake", "Rivera", "Ortiz", "Hughes", "Murphy", "Grant", "Lowe", "Stone",
	}
	fanLines = []string{
		"Hey! Loved your last post 😍", "How was your weekend?", "You look amazing in that set",
		"Any plans for a new video soon?", "Good morning ☀️", "Can't wait for the next drop!",
		"Thanks for the reply, made my day", "Do you take custom requests?", "That beach pic was 🔥",
		"Happy Friday!",
	}
	creatorLines = []string{
		"Thank you so much 💕", "Hey babe! Glad you liked it", "New set going up tomorrow 😘",
		"Check your DMs later, something special is coming", "Aww you're sweet", "Had a great weekend, you?",
		"Yes! Send me the details", "Thanks for being here ❤️",
	}
	postLines = []string{
		"Golden hour never disappoints ✨", "New set is live, link in bio", "Monday mood 😴",
		"Behind the scenes from today's shoot 📸", "Who's ready for the weekend?", "Trying something new, tell me what you think",
		"Throwback to summer 🌴", "Thank you for 1k likes 💖", "Sunday self-care", "Coffee first ☕",
	}
)

// fanByIDOrUsername finds a fan by numeric id or by username, as the
// users routes take either; nil when the creator has no such fan.
func (f *fixture) fanByIDOrUsername(v string) *subscriberJSON {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		return f.fanByID[id]
	}
	for _, fan := range f.fans {
		if strings.EqualFold(fan.Username, v) {
			return fan
		}
	}
	return nil
}
