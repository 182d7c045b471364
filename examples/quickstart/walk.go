package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/ofauth-go/ofauth"
)

// walk prints numbered steps and their results.
type walk struct {
	w     io.Writer
	n     int
	title string
}

// step starts the next numbered step.
func (k *walk) step(title string) {
	k.n++
	k.title = title
	fmt.Fprintf(k.w, "\n%d. %s\n", k.n, title)
}

// ok prints a result line of the current step.
func (k *walk) ok(format string, args ...any) {
	fmt.Fprintf(k.w, "   ✓ "+format+"\n", args...)
}

// note prints a line that is neither a result nor a failure.
func (k *walk) note(format string, args ...any) {
	fmt.Fprintf(k.w, "   · "+format+"\n", args...)
}

// fail prints the current step's failure and returns it as an error that
// names the step.
func (k *walk) fail(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	fmt.Fprintf(k.w, "   ✗ %v\n", err)
	return fmt.Errorf("step %d, %s: %w", k.n, k.title, err)
}

// connectionStore is where an app keeps its creators' connection ids,
// keyed by its own user id, the client reference id it gave Link. A real
// app uses its database; the webhook handler and the request handlers
// share it, hence the lock.
type connectionStore struct {
	mu    sync.Mutex
	byRef map[string]string
}

func newConnectionStore() *connectionStore {
	return &connectionStore{byRef: map[string]string{}}
}

// Put records the connection of a user.
func (s *connectionStore) Put(clientReferenceID, connectionID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byRef[clientReferenceID] = connectionID
}

// Get returns the connection of a user.
func (s *connectionStore) Get(clientReferenceID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.byRef[clientReferenceID]
	return id, ok
}

// attempts records the SDK's HTTP attempts, fed by ofauth.WithAttemptHook,
// so a step can show the retries behind one call.
type attempts struct {
	mu   sync.Mutex
	list []ofauth.Attempt
}

func (a *attempts) record(at ofauth.Attempt) {
	a.mu.Lock()
	a.list = append(a.list, at)
	a.mu.Unlock()
}

// take returns the attempts recorded since the last take.
func (a *attempts) take() []ofauth.Attempt {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := a.list
	a.list = nil
	return out
}

// describe renders attempts as "429 RATE_LIMIT_EXCEEDED, then 200".
func describe(as []ofauth.Attempt) string {
	s := ""
	for i, a := range as {
		if i > 0 {
			s += ", then "
		}
		s += fmt.Sprint(a.StatusCode)
		if a.Code != "" {
			s += " " + a.Code
		}
		if a.Err != nil {
			s += " (" + a.Err.Error() + ")"
		}
	}
	return s
}

// seconds formats a duration for the output.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.1fs", d.Seconds())
}
