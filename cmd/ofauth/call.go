package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/ofauth-go/ofauth"
)

// accessPrefix is where the Access API lives; `ofauth api` sends paths
// under it through the SDK.
const accessPrefix = "/v2/access"

// fetchFunc makes one request with query q and returns the answer's body
// and head; a non-2xx answer is an error. Paging calls it once per page.
type fetchFunc func(ctx context.Context, q url.Values) ([]byte, *head, error)

// head is what --include prints of an answer.
type head struct {
	status   int
	header   http.Header
	attempts int // requests the answer took, retries included
}

// accessRel returns path relative to /v2/access, and whether it is an
// Access path at all.
func accessRel(path string) (string, bool) {
	if path == accessPrefix {
		return "/", true
	}
	rel, ok := strings.CutPrefix(path, accessPrefix+"/")
	return "/" + rel, ok
}

// accessService is the SDK's Access API for the configured connection.
func (a *app) accessService() (*ofauth.AccessService, error) {
	conn, err := a.needConnection()
	if err != nil {
		return nil, err
	}
	cl, err := a.client()
	if err != nil {
		return nil, err
	}
	return cl.Access.WithConnection(conn), nil
}

// accessFetch sends an Access call through the SDK's Access.Do, the one
// sending path for /v2/access: retries with backoff on 429 and 5xx, typed
// errors and request logging come from the SDK. rel is relative to
// /v2/access; body is sent as JSON unless nil.
func accessFetch(svc *ofauth.AccessService, method, rel string, body any) fetchFunc {
	return func(ctx context.Context, q url.Values) ([]byte, *head, error) {
		var out json.RawMessage
		var resp ofauth.Response
		opts := []ofauth.CallOption{ofauth.WithResponseInto(&resp)}
		if len(q) > 0 {
			opts = append(opts, ofauth.WithQuery(q))
		}
		if err := svc.Do(ctx, method, rel, body, &out, opts...); err != nil {
			if errors.Is(err, ofauth.ErrInvalidParams) {
				return nil, nil, usageError{err} // refused before sending: the command line's fault
			}
			return nil, nil, err
		}
		return out, &head{status: resp.StatusCode, header: resp.Header, attempts: resp.Attempts}, nil
	}
}

// printOnce makes one request and prints its answer, the head first with
// --include.
func (a *app) printOnce(ctx context.Context, q url.Values, include bool, fetch fetchFunc) error {
	body, h, err := fetch(ctx, q)
	if err != nil {
		return err
	}
	if include {
		a.printHead(h)
	}
	return a.printRaw(body)
}

// printHead writes the status line and the headers worth reading: the
// request id, the rate limit, Retry-After and the content type. An answer
// that took retries says how many attempts it took.
func (a *app) printHead(h *head) {
	line := fmt.Sprintf("HTTP %d %s", h.status, http.StatusText(h.status))
	if h.attempts > 1 {
		line += fmt.Sprintf(" (after %d attempts)", h.attempts)
	}
	fmt.Fprintln(a.stdout, line)
	var keys []string
	for k := range h.header {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "x-ratelimit-") || strings.Contains(lk, "request-id") ||
			lk == "retry-after" || lk == "content-type" || strings.HasPrefix(lk, "x-ofauth-") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(a.stdout, "%s: %s\n", k, strings.Join(h.header[k], ", "))
	}
	fmt.Fprintln(a.stdout)
}
