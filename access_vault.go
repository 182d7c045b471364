package ofauth

// VaultService covers the creator's media vault (access-endpoints.json tag "Vault").
// Files get into the vault through UploadsService; folders are managed by
// VaultListsService.
//
// Its methods are generated from spec/openapi.yaml into access_vault_gen.go.
type VaultService struct{ accessGroup }
