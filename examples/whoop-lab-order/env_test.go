package main

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets a test run the program itself: with LABWIRE_RUN_MAIN=1 the test binary
// behaves as the command, reading its configuration from the environment.
func TestMain(m *testing.M) {
	if os.Getenv("LABWIRE_RUN_MAIN") == "1" {
		os.Args = []string{"whoop-lab-order", "-timeout=30s"}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestProgramUsesEnvironment runs the program with WHOOP_BASE_URL and credentials in its
// environment, as a user would against a real server (here a fake in this process).
func TestProgramUsesEnvironment(t *testing.T) {
	fake, id := onlineFake(t)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(),
		"LABWIRE_RUN_MAIN=1",
		"WHOOP_BASE_URL="+fake.URL,
		"WHOOP_CLIENT_ID=real-lab",
		"WHOOP_CLIENT_SECRET=real-lab-secret",
		"WHOOP_REQUISITION_ID="+id,
	)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "whoop-lab-order: online, ")
	assert.Contains(t, string(out), "requisition "+shortID(id)+" complete")
	assert.NotContains(t, string(out), "real-lab-secret")
	assert.Equal(t, 1, fake.TokensIssued(), "one token for the whole run")

	// Without credentials the program refuses to start: it says what to set and exits 2.
	cmd = exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "LABWIRE_RUN_MAIN=1", "WHOOP_BASE_URL="+fake.URL, "WHOOP_CLIENT_ID=", "WHOOP_CLIENT_SECRET=")
	out, err = cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 2, exit.ExitCode())
	assert.Contains(t, string(out), "WHOOP_CLIENT_ID and WHOOP_CLIENT_SECRET are required")
	assert.Contains(t, string(out), "usage: go run ./examples/whoop-lab-order")
}
