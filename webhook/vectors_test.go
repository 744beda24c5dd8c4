package webhook

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Fixed vectors from reliability.md §1.2. V1–V7 share this secret, timestamp
// and body unless the row says otherwise. The secret is used as raw bytes.
const (
	vecSecret = "whsec_test_secret"
	vecRolled = "whsec_test_secret_rolled_key"
	vecT      = int64(1565712055)
	vecBody   = `{"id":"evt_test_webhook","object":"event"}`

	v1Hex = "bdeaa1bcad26d91fc7cfe19cdb8a468b1de6dfead54f3f8c38a45914e9b9c800" // baseline
	v2Hex = "081826e8d4abcf7242248d58066193394b339b26388202698c0e95ea8b33aeb9" // body + "\n"
	v3Hex = "ff3b279e29020a7e81eb9bf16364f7de712725810148a2ac7d00bd010be3efc8" // empty body
	v4Hex = "734a8a71360d3116495874ddfdf63993e933d267093f79f1e4c08d09f08ce922" // rolled secret
	v5Hex = "7c479c99c6350e665766d2c87cbab714d08cb95f2c42235728d4dad8d39e696c" // t+1
	v6Hex = "f1b27e09364fc7362c461d1314a4853fc2827219e604dfd604e46e40e5fb7b2f" // body only
	v7Hex = "19d98583cb6d80bd7fa53026c30f75fce22206707397370064d31a0258bf46de" // re-serialised body

	v7Body = `{"id": "evt_test_webhook", "object": "event"}`

	// GitHub's published body-HMAC vector.
	ghSecret = "It's a Secret to Everybody"
	ghBody   = "Hello, World!"
	ghHex    = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
)

func TestVectorsSignTimestamped(t *testing.T) {
	t.Parallel()
	at := time.Unix(vecT, 0)
	cases := []struct {
		id     string
		secret string
		t      time.Time
		body   string
		want   string
	}{
		{"V1", vecSecret, at, vecBody, v1Hex},
		{"V2", vecSecret, at, vecBody + "\n", v2Hex},
		{"V3", vecSecret, at, "", v3Hex},
		{"V4", vecRolled, at, vecBody, v4Hex},
		{"V5", vecSecret, at.Add(time.Second), vecBody, v5Hex},
		{"V7", vecSecret, at, v7Body, v7Hex},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			got := SignTimestamped(c.t, []byte(c.body), c.secret)
			assert.Equal(t, "t="+strconv.FormatInt(c.t.Unix(), 10)+",v1="+c.want, got)
		})
	}
}

func TestVectorsSignBody(t *testing.T) {
	t.Parallel()
	assert.Equal(t, v6Hex, SignBody(vecSecret, []byte(vecBody)), "V6")
	assert.Equal(t, ghHex, SignBody(ghSecret, []byte(ghBody)), "GitHub vector")
}

func TestSignTimestampedSeveralSecrets(t *testing.T) {
	t.Parallel()
	got := SignTimestamped(time.Unix(vecT, 0), []byte(vecBody), vecRolled, vecSecret)
	assert.Equal(t, "t=1565712055,v1="+v4Hex+",v1="+v1Hex, got)
}
