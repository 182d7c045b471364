package ofauth

// NotificationType is a kind of notification.
type NotificationType string

// Notification types.
const (
	NotificationSubscribed NotificationType = "subscribed"
	NotificationPurchases  NotificationType = "purchases"
	NotificationTip        NotificationType = "tip"
	NotificationPost       NotificationType = "post"
	NotificationCommented  NotificationType = "commented"
	NotificationMentioned  NotificationType = "mentioned"
	NotificationFavorited  NotificationType = "favorited"
	NotificationMessage    NotificationType = "message"
)

// ReleaseFormFilter selects release forms by state.
type ReleaseFormFilter string

// Release form filters.
const (
	ReleaseFormsAll     ReleaseFormFilter = "all"
	ReleaseFormsPending ReleaseFormFilter = "pending"
)

// ReleaseFormSort orders release forms.
type ReleaseFormSort string

// Release form orders.
const (
	ReleaseFormSortDate ReleaseFormSort = "date"
	ReleaseFormSortName ReleaseFormSort = "name"
)
