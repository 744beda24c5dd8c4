package webhook

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The rows of reliability.md §1.4 that apply to a body-only HMAC (no
// timestamp, one signature per header).

const bodyHeaderName = "X-Body-Signature"

func newBody(t *testing.T, secrets ...string) *Verifier {
	t.Helper()
	v, err := NewBodyHMAC(bodyHeaderName, secrets)
	require.NoError(t, err)
	return v
}

func TestBodyHMACMatrix(t *testing.T) {
	t.Parallel()
	wrong := strings.Repeat("cd", 32)
	cases := []struct {
		id      string
		secrets []string
		header  http.Header
		body    string
		wantErr error
		wantIdx int
	}{
		{id: "P1_valid_V6", header: hdr(bodyHeaderName, v6Hex)},
		{id: "P6_receiver_rotation_old_secret", secrets: []string{vecRolled, vecSecret}, header: hdr(bodyHeaderName, v6Hex), wantIdx: 1},
		{id: "P7_github_vector", secrets: []string{ghSecret}, body: ghBody, header: hdr(bodyHeaderName, ghHex)},
		{id: "P8_empty_body", header: hdr(bodyHeaderName, macHex(vecSecret)), body: "\x00empty"},
		{id: "P9_uppercase_hex", header: hdr(bodyHeaderName, strings.ToUpper(v6Hex))},
		{id: "N1_header_absent", header: http.Header{}, wantErr: ErrMissingSignature},
		{id: "N2_header_empty", header: hdr(bodyHeaderName, ""), wantErr: ErrMissingSignature},
		{id: "N8_prefixed_sha256", secrets: []string{ghSecret}, body: ghBody, header: hdr(bodyHeaderName, "sha256="+ghHex), wantErr: ErrNoValidSignature},
		{id: "N9_non_hex", header: hdr(bodyHeaderName, strings.Repeat("zz", 32)), wantErr: ErrNoValidSignature},
		{id: "N11_truncated_8_hex", header: hdr(bodyHeaderName, v6Hex[:8]), wantErr: ErrNoValidSignature},
		{id: "N11_truncated_63_hex", header: hdr(bodyHeaderName, v6Hex[:63]), wantErr: ErrNoValidSignature},
		{id: "N11_truncated_31_bytes", header: hdr(bodyHeaderName, v6Hex[:62]), wantErr: ErrNoValidSignature},
		{id: "N12_right_length_wrong_value", header: hdr(bodyHeaderName, wrong), wantErr: ErrNoValidSignature},
		{id: "N16_whitespace", header: hdr(bodyHeaderName, " "+v6Hex), wantErr: ErrNoValidSignature},
		{id: "N17_header_over_8KiB", header: hdr(bodyHeaderName, strings.Repeat("a", MaxHeaderBytes+1)), wantErr: ErrMalformedHeader},
		{id: "N18_lowercase_header_name", header: func() http.Header { h := http.Header{}; h.Set("x-body-signature", v6Hex); return h }()},
		{id: "N19_two_header_lines", header: hdr(bodyHeaderName, v6Hex, v6Hex), wantErr: ErrMalformedHeader},
		{id: "N20_body_one_byte_changed", header: hdr(bodyHeaderName, v6Hex), body: strings.Replace(vecBody, "evt", "evu", 1), wantErr: ErrNoValidSignature},
		{id: "N21_body_reserialised", header: hdr(bodyHeaderName, v6Hex), body: v7Body, wantErr: ErrNoValidSignature},
		{id: "N22_trailing_newline", header: hdr(bodyHeaderName, v6Hex), body: vecBody + "\n", wantErr: ErrNoValidSignature},
		{id: "N24_other_secret", header: hdr(bodyHeaderName, macHex(vecRolled, vecBody)), wantErr: ErrNoValidSignature},
		{id: "N25_timestamped_mac_V1", header: hdr(bodyHeaderName, v1Hex), wantErr: ErrNoValidSignature},
		{id: "N27_body_swapped", header: hdr(bodyHeaderName, macHex(vecSecret, `{"id":"evt_other"}`)), wantErr: ErrNoValidSignature},
		{id: "N29_non_utf8_body", header: hdr(bodyHeaderName, macHex(vecSecret, "\xff\xfe\xc3\x28")), body: "\xff\xfe\xc3\x28"},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			secrets := c.secrets
			if secrets == nil {
				secrets = []string{vecSecret}
			}
			body := c.body
			switch body {
			case "":
				body = vecBody
			case "\x00empty":
				body = ""
			}
			d, err := newBody(t, secrets...).Verify(c.header, []byte(body))
			if c.wantErr != nil {
				require.ErrorIs(t, err, c.wantErr)
				assert.Equal(t, Delivery{}, d)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.wantIdx, d.SecretIndex)
			assert.True(t, d.Timestamp.IsZero(), "body HMAC signs no timestamp")
			assert.Empty(t, d.ID, "a built-in scheme sets no ID")
			assert.Equal(t, wantBodyKey([]byte(body)), d.Key([]byte(body)), "the key is the body's digest, not the signature")
		})
	}
}

func TestBodyHMACConstructor(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id      string
		secrets []string
		opts    []Option
		wantErr error
		field   string
	}{
		{id: "N38_no_secrets", wantErr: ErrEmptySecret, field: "secrets"},
		{id: "N38_empty_secret", secrets: []string{""}, wantErr: ErrEmptySecret, field: "secrets[0]"},
		{id: "tolerance_not_applicable", secrets: []string{vecSecret}, opts: []Option{WithTolerance(time.Minute)}, wantErr: ErrInvalidConfig, field: "WithTolerance"},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			v, err := NewBodyHMAC(bodyHeaderName, c.secrets, c.opts...)
			require.ErrorIs(t, err, c.wantErr)
			assert.Contains(t, err.Error(), c.field)
			assert.Nil(t, v)
		})
	}
}

// The schemes that sign no time do not pay for a clock read; the timestamped
// scheme reads the clock once per delivery.
func TestClockReadOnlyBySchemesThatSignTime(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	reads := 0
	clock := WithClock(func() time.Time { reads++; return now })
	body := []byte(vecBody)

	bodyV, err := NewBodyHMAC(bodyHeaderName, []string{vecSecret}, clock)
	require.NoError(t, err)
	_, err = bodyV.Verify(hdr(bodyHeaderName, SignBody(vecSecret, body)), body)
	require.NoError(t, err)
	basicV, err := NewBasicAuth([]BasicCredentials{{Username: "u", Password: "a-long-enough-password"}}, clock)
	require.NoError(t, err)
	_, err = basicV.Verify(hdr("Authorization", BasicAuthHeader("u", "a-long-enough-password")), body)
	require.NoError(t, err)
	assert.Zero(t, reads)

	tsV, err := NewTimestampedHMAC(tsHeaderName, []string{vecSecret}, clock)
	require.NoError(t, err)
	_, err = tsV.Verify(hdr(tsHeaderName, SignTimestamped(now, body, vecSecret)), body)
	require.NoError(t, err)
	assert.Equal(t, 1, reads)
}
