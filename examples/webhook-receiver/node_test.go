package main

import (
	"bytes"
	"log/slog"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// workpathNodeSigner is Workpath's published JavaScript (crypto.createHmac with the webhook
// secret, hex digest), with the "t." prefix its prose requires and the seed's snippet omits.
const workpathNodeSigner = `
const crypto = require("crypto");
const [secret, t, body] = process.argv.slice(1);
const hmac = crypto.createHmac("sha256", secret);
hmac.update(t + "." + body);
process.stdout.write("t=" + t + ",v1=" + hmac.digest("hex"));
`

// TestWorkpathDeliverySignedWithNode checks the receiver against a signature made by Node,
// not by our own signer: accepted as sent, refused when the body is tampered with.
func TestWorkpathDeliverySignedWithNode(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	out := &syncBuffer{}
	mux, _, err := newMux(getenvFrom(testEnv), newEventPrinter(out), slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)))
	require.NoError(t, err)

	ts := strconv.FormatInt(time.Now().Unix(), 10)
	body := strings.Replace(workpathBody, "%d", ts, 1)
	header, err := exec.Command(node, "-e", workpathNodeSigner, testEnv["WORKPATH_WEBHOOK_SECRET"], ts, body).Output()
	require.NoError(t, err)
	require.Regexp(t, `^t=\d+,v1=[0-9a-f]{64}$`, string(header))

	assert.Equal(t, 200, post(t, mux, "/webhooks/workpath", body, map[string]string{"WP-Signature": string(header)}))
	assert.Contains(t, out.String(), "accepted vendor=workpath type=Appointment.modify id=4242")

	tampered := strings.Replace(body, "4242", "4243", 1)
	assert.Equal(t, 401, post(t, mux, "/webhooks/workpath", tampered, map[string]string{"WP-Signature": string(header)}))
	assert.NotContains(t, out.String(), "4243")
}
