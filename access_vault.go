package ofauth

// VaultService covers the creator's media vault (access-endpoints.json tag "Vault").
type VaultService struct{ accessGroup }
