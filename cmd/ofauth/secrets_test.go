package main

import (
	"strings"
	"testing"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

// The key never appears in any output: not in results, not with
// --verbose, not in errors, whether it comes from the environment or
// --api-key, and not when it is the wrong key.
func TestKeyNeverPrinted(t *testing.T) {
	const key = "sk_sandbox_TOPSECRETkey0123456789"
	const wrong = "sk_sandbox_WRONGkey9876543210"
	srv, _ := fake(t, ofauthtest.WithAPIKey(key))
	conn := srv.AddConnection("ref")
	expired := srv.AddConnection("gone")
	if err := srv.ExpireConnection(expired.ID); err != nil {
		t.Fatal(err)
	}
	fromEnv := map[string]string{"OFAUTH_API_KEY": key, "OFAUTH_BASE_URL": srv.URL}
	onlyURL := map[string]string{"OFAUTH_BASE_URL": srv.URL}
	runs := []struct {
		env  map[string]string
		args []string
		code int
	}{
		{fromEnv, []string{"whoami", "--verbose"}, exitOK},
		{fromEnv, []string{"connections", "list", "-v"}, exitOK},
		{fromEnv, []string{"connections", "get", "conn_missing", "-v"}, exitError},
		{fromEnv, []string{"access", "self", "get", "-v", "-c", conn.ID}, exitOK},
		{fromEnv, []string{"access", "self", "get", "-v", "-c", expired.ID}, exitError},
		{fromEnv, []string{"api", "GET", "/v2/account/whoami", "-v", "--include"}, exitOK},
		{fromEnv, []string{"api", "GET", "/v2/nothing/here", "-v"}, exitError},
		{fromEnv, []string{"api", "GET", "/v2/access/self", "-v", "-c", expired.ID}, exitError},
		{onlyURL, []string{"whoami", "-v", "--api-key", key}, exitOK},
		{onlyURL, []string{"api", "GET", "/v2/nothing", "-v", "--api-key", key}, exitError},
		{onlyURL, []string{"whoami", "-v", "--api-key", wrong}, exitError},
		{onlyURL, []string{"api", "GET", "/v2/account/whoami", "-v", "--include", "--api-key", wrong}, exitError},
		{map[string]string{"OFAUTH_API_KEY": key, "OFAUTH_BASE_URL": "http://127.0.0.1:1"}, []string{"whoami", "-v"}, exitError},
	}
	for _, r := range runs {
		res := invocation{env: r.env}.run(t, r.args...)
		if res.code != r.code {
			t.Errorf("%v: exit %d, want %d\n%s", r.args, res.code, r.code, res.stderr)
		}
		for _, secret := range []string{key, wrong, key[11:], wrong[11:]} {
			if strings.Contains(res.stdout, secret) || strings.Contains(res.stderr, secret) {
				t.Errorf("%v printed the key:\nstdout: %s\nstderr: %s", r.args, res.stdout, res.stderr)
			}
		}
		if strings.Contains(strings.Join(r.args, " "), "-v") && res.code == exitOK && res.stderr == "" {
			t.Errorf("%v: --verbose logged nothing", r.args)
		}
	}
}
