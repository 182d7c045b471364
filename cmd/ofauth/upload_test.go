package main

import (
	"bytes"
	"crypto/rand"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/creack/pty"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

const partSize = 64 << 10

// uploadFixture starts a fake with small parts and writes a file of a
// few parts.
func uploadFixture(t *testing.T) (*ofauthtest.Server, map[string]string, string) {
	t.Helper()
	srv, env := fake(t, ofauthtest.WithUploadPartSize(partSize))
	conn := srv.AddConnection("ref-upload")
	file := filepath.Join(t.TempDir(), "clip.mp4")
	data := make([]byte, 3*partSize+1234)
	_, _ = rand.Read(data)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return srv, with(env, "OFAUTH_CONNECTION_ID", conn.ID), file
}

// checkUploaded checks the fake received every part and printed id is
// the new media's.
func checkUploaded(t *testing.T, srv *ofauthtest.Server, id string) {
	t.Helper()
	ups := srv.Uploads()
	if len(ups) != 1 {
		t.Fatalf("%d uploads", len(ups))
	}
	u := ups[0]
	if u.TotalParts != 4 || !u.Completed || u.BytesReceived != 3*partSize+1234 || u.Filename != "clip.mp4" || u.ContentType != "video/mp4" {
		t.Errorf("upload %+v", u)
	}
	if strconv.FormatInt(u.MediaID, 10) != id {
		t.Errorf("printed %q, the media id is %d", id, u.MediaID)
	}
}

func TestUploadPiped(t *testing.T) {
	srv, env, file := uploadFixture(t)
	r := invocation{env: env}.run(t, "upload", file).want(t, exitOK)
	if r.stderr != "" {
		t.Errorf("piped, stderr has %q; want no progress output", r.stderr)
	}
	checkUploaded(t, srv, strings.TrimSuffix(r.stdout, "\n"))
	if strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("stdout %q is not the id alone", r.stdout)
	}
}

func TestUploadProgressOnTerminal(t *testing.T) {
	srv, env, file := uploadFixture(t)
	text := runPTY(t, env, "upload", file)
	for _, want := range []string{"uploading clip.mp4", "100%", "kB", "/s", "s]"} {
		if !strings.Contains(text, want) {
			t.Errorf("progress output lacks %q:\n%q", want, text)
		}
	}
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(text, "\r", "\n")), "\n")
	checkUploaded(t, srv, strings.TrimSpace(lines[len(lines)-1]))
}

// runPTY runs the binary with its standard streams on a pseudo-terminal
// and returns what it wrote there.
func runPTY(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...) // #nosec G204 -- the binary under test
	cmd.Env = cliEnv(t, env)
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 150})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		_, _ = io.Copy(&out, ptmx) // ends with EIO once the process has exited
	}()
	err = cmd.Wait()
	<-copied
	_ = ptmx.Close()
	if err != nil {
		t.Fatalf("ofauth %v on a terminal: %v\n%s", args, err, out.String())
	}
	return out.String()
}

// A part the API fails is sent again, as the SDK retries it, and the
// upload completes.
func TestUploadRetriesAPart(t *testing.T) {
	srv, env, file := uploadFixture(t)
	srv.Inject(ofauthtest.Fault{Method: "PUT", Path: "/v2/access/uploads/*", Status: 503})
	r := invocation{env: env}.run(t, "upload", file).want(t, exitOK)
	checkUploaded(t, srv, strings.TrimSuffix(r.stdout, "\n"))
	failed := 0
	for _, req := range srv.Requests() {
		if req.Method == "PUT" && req.Status == 503 {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("%d failed part requests, want 1", failed)
	}
}
