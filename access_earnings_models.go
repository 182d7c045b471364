package ofauth

// EarningsType is a kind of revenue charted by EarningsService.Chart.
type EarningsType string

// Revenue kinds.
const (
	EarningsTotal       EarningsType = "total"
	EarningsMessages    EarningsType = "messages"
	EarningsTips        EarningsType = "tips"
	EarningsStream      EarningsType = "stream"
	EarningsPost        EarningsType = "post"
	EarningsSubscribes  EarningsType = "subscribes"
	EarningsTipsProfile EarningsType = "tips_profile"
	EarningsTipsPost    EarningsType = "tips_post"
	EarningsTipsChat    EarningsType = "tips_chat"
	EarningsTipsStream  EarningsType = "tips_stream"
	EarningsTipsStory   EarningsType = "tips_story"
	EarningsReferrals   EarningsType = "ref"
)

// TransactionType is a kind of earnings transaction.
type TransactionType string

// Transaction types.
const (
	TransactionSubscribes   TransactionType = "subscribes"
	TransactionChatMessages TransactionType = "chat_messages"
	TransactionPost         TransactionType = "post"
	TransactionStream       TransactionType = "stream"
	TransactionTips         TransactionType = "tips"
)

// TipsSource is where a tip was given.
type TipsSource string

// Tip sources.
const (
	TipsFromChat    TipsSource = "chat"
	TipsFromPosts   TipsSource = "post_all"
	TipsFromProfile TipsSource = "profile"
	TipsFromStory   TipsSource = "story"
	TipsFromStream  TipsSource = "stream"
)
