package ofauth

// UploadsService covers media uploads into the vault (access-endpoints.json tag "Upload").
type UploadsService struct{ accessGroup }
