package ofauthredis_test

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel stop redis-server if the test binary
// exits without its cleanup (an Example's log.Fatal, a killed run).
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
