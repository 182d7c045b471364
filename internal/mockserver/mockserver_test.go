package mockserver

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRunNamesItsMessages(t *testing.T) {
	var stderr bytes.Buffer
	if code := Run(context.Background(), "ofauth mock", []string{"extra"}, io.Discard, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.HasPrefix(stderr.String(), "ofauth mock: unexpected arguments: extra") {
		t.Errorf("stderr %q does not start with the command's name", stderr.String())
	}
}

// syncWriter hands the server's first stdout line to the test.
type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
	ch chan<- string // nil once the first line was sent
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	if w.ch != nil {
		line, err := bufio.NewReader(bytes.NewReader(w.b.Bytes())).ReadString('\n')
		if err == nil {
			w.ch <- line
			w.ch = nil
		}
	}
	return len(p), nil
}

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan string, 1)
	out := &syncWriter{ch: first}
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, "ofauth mock", []string{"-key", "sk_sandbox_fixed", "-webhook-scheme", "standard, ofauth", "-webhook-envelope", "docs"}, out, &stderr)
	}()
	line := <-first
	if !strings.HasPrefix(line, "OFAUTH_BASE_URL=http://127.0.0.1:") {
		t.Errorf("first line %q, want the base URL", line)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr.String())
	}
	if !strings.Contains(out.b.String(), "OFAUTH_API_KEY=sk_sandbox_fixed\n") {
		t.Errorf("stdout %q lacks the fixed key", out.b.String())
	}
	if !strings.Contains(stderr.String(), "ofauth mock: webhooks signed standard,ofauth, docs envelope\n") {
		t.Errorf("stderr %q does not name the webhook format", stderr.String())
	}
}

func TestRunRejectsBadWebhookFormats(t *testing.T) {
	for _, args := range [][]string{
		{"-webhook-scheme", "both"},
		{"-webhook-scheme", "svix,"},
		{"-webhook-envelope", "xml"},
	} {
		var stderr bytes.Buffer
		if code := Run(context.Background(), "ofauth-mock", args, io.Discard, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if !strings.HasPrefix(stderr.String(), "ofauth-mock: "+args[0]+": ") || !strings.Contains(stderr.String(), args[1]) {
			t.Errorf("%v: stderr %q does not name the flag and value", args, stderr.String())
		}
	}
	var usage bytes.Buffer
	if code := Run(context.Background(), "ofauth-mock", []string{"-h"}, io.Discard, &usage); code != 0 {
		t.Fatalf("-h: exit %d", code)
	}
	for _, want := range []string{"-webhook-scheme", "standard (webhook-* headers)", "-webhook-envelope", "docs {"} {
		if !strings.Contains(usage.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, usage.String())
		}
	}
}
