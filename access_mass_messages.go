package ofauth

// MassMessagesService covers messages sent to many fans at once (access-endpoints.json tag "Messages (mass messages)").
// Their statistics are in AnalyticsService.
//
// Its methods are generated from spec/openapi.yaml into access_mass_messages_gen.go.
type MassMessagesService struct{ accessGroup }
