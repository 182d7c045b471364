package ofauth

import (
	"context"
	"fmt"
	"net/http"
)

// DynamicRulesService serves OnlyFans request-signing rules, needed only to
// call OnlyFans directly: the Access API signs for you. The rules change
// often; the API rate-limits these calls per organization (rules 1/min,
// sign 10/min), and a 503 is retried.
type DynamicRulesService struct{ service }

// Rules returns the current signing rules.
//
// GET /v2/dynamic-rules
func (s *DynamicRulesService) Rules(ctx context.Context, opts ...CallOption) (*RulesResponse, error) {
	var out RulesResponse
	if err := s.core.do(ctx, &request{opts: opts, method: http.MethodGet, route: "/v2/dynamic-rules", out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// SignParams is the body of DynamicRulesService.Sign.
type SignParams struct {
	// Endpoint is the OnlyFans API path to sign, e.g. "/api2/v2/users/me".
	Endpoint string `json:"endpoint"`
	// Time is the request time in epoch milliseconds; 0 means now.
	Time int64 `json:"time,omitempty"`
	// UserID is the OnlyFans user id for authenticated calls.
	UserID string `json:"user-id,omitempty"`
}

// Sign signs an OnlyFans request.
//
// POST /v2/dynamic-rules/sign
func (s *DynamicRulesService) Sign(ctx context.Context, p *SignParams, opts ...CallOption) (*SignResult, error) {
	if p == nil || p.Endpoint == "" {
		return nil, refused(opts, fmt.Errorf("%w: sign needs an endpoint", ErrInvalidParams))
	}
	var out SignResult
	if err := s.core.do(ctx, &request{opts: opts, method: http.MethodPost, route: "/v2/dynamic-rules/sign", body: p, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Status returns the rules revisions.
//
// GET /v2/dynamic-rules/status
func (s *DynamicRulesService) Status(ctx context.Context, opts ...CallOption) (*RulesStatus, error) {
	var out RulesStatus
	if err := s.core.do(ctx, &request{opts: opts, method: http.MethodGet, route: "/v2/dynamic-rules/status", out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}
