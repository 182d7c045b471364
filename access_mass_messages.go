package ofauth

import (
	"context"
	"net/http"
	"strconv"
)

// MassMessagesService covers messages sent to many fans at once (access-endpoints.json tag "Messages (mass messages)").
// Their statistics are in AnalyticsService.
type MassMessagesService struct{ accessGroup }

// Create sends a mass message now, or queues it for p.ScheduledDate.
//
// POST /v2/access/mass-messages
func (s *MassMessagesService) Create(ctx context.Context, p *MassMessageParams, opts ...CallOption) (*MassMessageJob, error) {
	return accessSend[MassMessageJob](ctx, s.with(opts), http.MethodPost, "/v2/access/mass-messages", nil, p)
}

// Get returns one mass message.
//
// GET /v2/access/mass-messages/{massMessageId}
func (s *MassMessagesService) Get(ctx context.Context, massMessageID int64, opts ...CallOption) (*Message, error) {
	return accessGet[Message](ctx, s.with(opts), "/v2/access/mass-messages/{massMessageId}", []string{strconv.FormatInt(massMessageID, 10)}, nil)
}

// Update replaces the content and audience of a mass message that is not
// sent yet, such as a scheduled one.
//
// PUT /v2/access/mass-messages/{massMessageId}
func (s *MassMessagesService) Update(ctx context.Context, massMessageID int64, p *MassMessageParams, opts ...CallOption) (*MassMessageJob, error) {
	return accessSend[MassMessageJob](ctx, s.with(opts), http.MethodPut, "/v2/access/mass-messages/{massMessageId}", []string{strconv.FormatInt(massMessageID, 10)}, p)
}

// Delete unsends a mass message, or cancels it while it is queued.
//
// DELETE /v2/access/mass-messages/{massMessageId}
func (s *MassMessagesService) Delete(ctx context.Context, massMessageID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/mass-messages/{massMessageId}", args: []string{idArg(massMessageID)}})
}
