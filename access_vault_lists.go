package ofauth

// VaultListsService covers the folders of the creator's vault (access-endpoints.json tag "Vault Lists").
type VaultListsService struct{ accessGroup }
