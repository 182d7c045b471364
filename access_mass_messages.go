package ofauth

// MassMessagesService covers messages sent to many fans at once (access-endpoints.json tag "Messages (mass messages)").
type MassMessagesService struct{ accessGroup }
