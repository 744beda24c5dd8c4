package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test binary runs main when asked, so its exit status can be checked.
func TestMain(m *testing.M) {
	if os.Getenv("RECEIVER_RUN_MAIN") == "1" {
		os.Args = append([]string{"webhook-receiver"}, strings.Fields(os.Getenv("RECEIVER_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Issue 19: without its configuration the receiver prints what to set and exits 2.
func TestReceiverWithoutConfigurationPrintsUsageAndExits2(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ args, secret, want string }{
		{"", "", "-inbox is required"},
		{"-inbox postgres://localhost/x", "", "WHOOP_WEBHOOK_SECRET is not set"},
		{"-no-such-flag", "", "flag provided but not defined"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "RECEIVER_RUN_MAIN=1", "RECEIVER_ARGS="+c.args, "WHOOP_WEBHOOK_SECRET="+c.secret, "ADMIN_USER=", "ADMIN_PASSWORD=")
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		require.True(t, errors.As(err, &ee), "%q: %v", c.args, err)
		assert.Equal(t, 2, ee.ExitCode(), c.args)
		assert.Contains(t, string(out), c.want)
		assert.Contains(t, string(out), "usage: webhook-receiver -inbox")
		assert.Contains(t, string(out), "WHOOP_WEBHOOK_SECRET  WHOOP's webhook signing secret (required)")
	}
}
