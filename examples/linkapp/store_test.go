package main

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
)

// newTestStore returns an empty in-memory store closed with the test.
func newTestStore(t *testing.T) *sqliteStore {
	t.Helper()
	s, err := openStore(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// steppingClock returns a clock that advances a millisecond per call, so
// ordering by time is deterministic.
func steppingClock() func() time.Time {
	t := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Millisecond)
		return t
	}
}

func mustGet(t *testing.T, s Store, id string) Connection {
	t.Helper()
	c, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get(%s): %v", id, err)
	}
	return c
}

func TestStoreUpsertMerges(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	s.now = steppingClock()

	if err := s.Upsert(ctx, Connection{ID: "conn_1", Status: ofauth.ConnectionActive, Username: "jane", Name: "Jane", ClientReferenceID: "user_1"}); err != nil {
		t.Fatal(err)
	}
	// An expiry carries only the id and status: the profile must survive.
	if err := s.Upsert(ctx, Connection{ID: "conn_1", Status: ofauth.ConnectionExpired}); err != nil {
		t.Fatal(err)
	}
	got := mustGet(t, s, "conn_1")
	want := Connection{ID: "conn_1", Status: ofauth.ConnectionExpired, Username: "jane", Name: "Jane", ClientReferenceID: "user_1"}
	if got.ID != want.ID || got.Status != want.Status || got.Username != want.Username || got.Name != want.Name || got.ClientReferenceID != want.ClientReferenceID {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if !got.UpdatedAt.After(got.CreatedAt) {
		t.Errorf("UpdatedAt %v not after CreatedAt %v", got.UpdatedAt, got.CreatedAt)
	}
}

func TestStorePendingNeverOverridesReportedStatus(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)

	// The webhook can beat the redirect: the late pending write must not
	// undo it.
	if err := s.Upsert(ctx, Connection{ID: "conn_1", Status: ofauth.ConnectionActive, Username: "jane"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Upsert(ctx, Connection{ID: "conn_1", Status: statusPending, ClientReferenceID: "user_1"}); err != nil {
		t.Fatal(err)
	}
	if c := mustGet(t, s, "conn_1"); c.Status != ofauth.ConnectionActive || c.ClientReferenceID != "user_1" {
		t.Fatalf("got %+v, want active with the reference id", c)
	}

	// A new id with no status is pending.
	if err := s.Upsert(ctx, Connection{ID: "conn_2"}); err != nil {
		t.Fatal(err)
	}
	if c := mustGet(t, s, "conn_2"); c.Status != statusPending {
		t.Fatalf("status %q, want pending", c.Status)
	}
}

func TestStoreRejectsEmptyID(t *testing.T) {
	if err := newTestStore(t).Upsert(context.Background(), Connection{Status: ofauth.ConnectionActive}); err == nil {
		t.Fatal("Upsert without id: want an error")
	}
}

func TestStoreGetUnknown(t *testing.T) {
	_, err := newTestStore(t).Get(context.Background(), "conn_nope")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err %v, want ErrNotFound", err)
	}
}

func TestStoreListNewestFirstAndDelete(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	s.now = steppingClock()
	for _, id := range []string{"conn_a", "conn_b", "conn_c"} {
		if err := s.Upsert(ctx, Connection{ID: id, Status: ofauth.ConnectionActive}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Upsert(ctx, Connection{ID: "conn_a", Name: "touched"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "conn_b"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "conn_unknown"); err != nil {
		t.Fatalf("deleting an unknown id: %v", err)
	}
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range list {
		ids = append(ids, c.ID)
	}
	if len(ids) != 2 || ids[0] != "conn_a" || ids[1] != "conn_c" {
		t.Fatalf("List ids %v, want [conn_a conn_c]", ids)
	}
}

func TestStoreEvents(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	s.now = steppingClock()
	for _, e := range []Event{
		{ID: "evt_1", Type: ofauth.EventConnectionCreated, ConnectionID: "conn_1"},
		{ID: "evt_2", Type: ofauth.EventConnectionExpired, ConnectionID: "conn_1"},
		{ID: "evt_1", Type: "repeated delivery is ignored"},
		{ID: "evt_3", Type: ofauth.EventRulesUpdated},
	} {
		if err := s.RecordEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.RecentEvents(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "evt_3" || got[1].ID != "evt_2" || got[1].ConnectionID != "conn_1" {
		t.Fatalf("RecentEvents(2) = %+v, want evt_3 then evt_2", got)
	}
	all, err := s.RecentEvents(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[2].Type != ofauth.EventConnectionCreated {
		t.Fatalf("RecentEvents(10) = %+v, want 3 events with evt_1 unchanged", all)
	}
}

func TestStoreFilePersistsAndReset(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "linkapp.db")
	s, err := openStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Upsert(ctx, Connection{ID: "conn_1", Status: ofauth.ConnectionActive}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordEvent(ctx, Event{ID: "evt_1", Type: ofauth.EventConnectionCreated}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = openStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}()
	if c := mustGet(t, s, "conn_1"); c.Status != ofauth.ConnectionActive {
		t.Fatalf("reopened: %+v", c)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	list, _ := s.List(ctx)
	events, _ := s.RecentEvents(ctx, 10)
	if len(list) != 0 || len(events) != 0 {
		t.Fatalf("after Reset: %d connections, %d events", len(list), len(events))
	}
}
