package ofauth

// VaultSort orders vault media.
type VaultSort string

// Vault media orders.
const (
	VaultSortRecent      VaultSort = "recent"
	VaultSortMostLiked   VaultSort = "most-liked"
	VaultSortHighestTips VaultSort = "highest-tips"
)
