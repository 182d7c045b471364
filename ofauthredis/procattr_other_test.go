//go:build !linux

package ofauthredis_test

import "os/exec"

// dieWithParent has no portable equivalent outside Linux; cleanup stops
// the server.
func dieWithParent(*exec.Cmd) {}
