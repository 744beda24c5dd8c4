package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The matrix of reliability.md §1.4 for the timestamped scheme. Rows N44–N48
// (JSON decoding after verification) belong to the packages that decode
// payloads; this package never parses bodies. N35/N36 (replays), N39 (short
// secret warning) and N40–N43 (body and request checks) are in
// handler_test.go, N37 in api_test.go, N49 in redaction_test.go and N50 in
// fuzz_test.go.

const tsHeaderName = "Webhook-Signature"

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

func newTS(t *testing.T, now time.Time, secrets []string, opts ...Option) *Verifier {
	t.Helper()
	v, err := NewTimestampedHMAC(tsHeaderName, secrets, append([]Option{WithClock(fixedClock(now))}, opts...)...)
	require.NoError(t, err)
	return v
}

func hdr(name string, values ...string) http.Header {
	h := http.Header{}
	for _, v := range values {
		h.Add(name, v)
	}
	return h
}

func macHex(secret string, parts ...string) string {
	m := hmac.New(sha256.New, []byte(secret))
	for _, p := range parts {
		m.Write([]byte(p))
	}
	return hex.EncodeToString(m.Sum(nil))
}

func TestTimestampedMatrix(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(vecT, 0)
	ts := strconv.FormatInt(vecT, 10)
	good := "t=" + ts + ",v1=" + v1Hex
	wrong := strings.Repeat("ab", 32)

	// base64-decoded form of a prefixed secret (N28).
	const swSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	swKey, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(swSecret, "whsec_"))
	require.NoError(t, err)
	swDecodedMAC := macHex(string(swKey), ts, ".", vecBody)
	swRawMAC := macHex(swSecret, ts, ".", vecBody)

	many := func(n int, last string) string {
		var b strings.Builder
		b.WriteString("t=" + ts)
		for i := 0; i < n-1; i++ {
			b.WriteString(",v1=" + wrong)
		}
		b.WriteString(",v1=" + last)
		return b.String()
	}

	cases := []struct {
		id      string
		now     time.Time
		secrets []string
		header  http.Header
		body    string
		opts    []Option
		wantErr error // nil means OK
		wantIdx int
	}{
		{id: "P1_valid", header: hdr(tsHeaderName, good)},
		{id: "P2_boundary_past_inclusive", now: t0.Add(300 * time.Second), header: hdr(tsHeaderName, good)},
		{id: "P2_boundary_future_inclusive", now: t0.Add(-300 * time.Second), header: hdr(tsHeaderName, good)},
		{id: "P3_several_v1_one_valid", header: hdr(tsHeaderName, "t="+ts+",v1="+wrong+",v1="+v1Hex)},
		{id: "P4_unknown_elements_ignored", header: hdr(tsHeaderName, "t="+ts+",v0="+v1Hex+",v2=x,foo=bar=baz,v1="+v1Hex)},
		{id: "P5_non_hex_v1_next_to_valid", header: hdr(tsHeaderName, "t="+ts+",v1=zz-not-hex,v1="+v1Hex)},
		{id: "P6_receiver_rotation_old_secret", secrets: []string{vecRolled, vecSecret}, header: hdr(tsHeaderName, good), wantIdx: 1},
		{id: "P6_receiver_rotation_new_secret", secrets: []string{vecRolled, vecSecret}, header: hdr(tsHeaderName, "t="+ts+",v1="+v4Hex), wantIdx: 0},
		{id: "P7_vector_V1", header: hdr(tsHeaderName, good)},
		{id: "P8_empty_body_V3", header: hdr(tsHeaderName, "t="+ts+",v1="+v3Hex), body: "\x00empty"},
		{id: "P9_uppercase_hex", header: hdr(tsHeaderName, "t="+ts+",v1="+strings.ToUpper(v1Hex))},

		{id: "N1_header_absent", header: http.Header{}, wantErr: ErrMissingSignature},
		{id: "N2_header_empty", header: hdr(tsHeaderName, ""), wantErr: ErrMissingSignature},
		{id: "N3_pair_without_equals", header: hdr(tsHeaderName, "v1,t=1"), wantErr: ErrMalformedHeader},
		{id: "N3_empty_element", header: hdr(tsHeaderName, "t="+ts+",,v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N3_trailing_comma", header: hdr(tsHeaderName, good+","), wantErr: ErrMalformedHeader},
		{id: "N3_empty_key", header: hdr(tsHeaderName, "t="+ts+",=x,v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N4_t_empty", header: hdr(tsHeaderName, "t=,v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N5_t_hello", header: hdr(tsHeaderName, "t=hello,v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N5_t_decimal", header: hdr(tsHeaderName, "t=1.5,v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N5_t_leading_space", header: hdr(tsHeaderName, "t= "+ts+",v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N6_t_missing", header: hdr(tsHeaderName, "v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N7_no_v1", header: hdr(tsHeaderName, "t="+ts), wantErr: ErrNoValidSignature},
		{id: "N8_only_v0", header: hdr(tsHeaderName, "t="+ts+",v0="+v1Hex), wantErr: ErrNoValidSignature},
		{id: "N8_only_sha256", header: hdr(tsHeaderName, "t="+ts+",sha256="+v1Hex), wantErr: ErrNoValidSignature},
		{id: "N8_only_sha1", header: hdr(tsHeaderName, "t="+ts+",sha1="+macHex(vecSecret, ts, ".", vecBody)[:40]), wantErr: ErrNoValidSignature},
		{id: "N9_v1_non_hex_only", header: hdr(tsHeaderName, "t="+ts+",v1=bad_signature"), wantErr: ErrNoValidSignature},
		{id: "N10_v1_empty", header: hdr(tsHeaderName, "t="+ts+",v1="), wantErr: ErrNoValidSignature},
		{id: "N11_truncated_8_hex", header: hdr(tsHeaderName, "t="+ts+",v1="+v1Hex[:8]), wantErr: ErrNoValidSignature},
		{id: "N11_truncated_63_hex", header: hdr(tsHeaderName, "t="+ts+",v1="+v1Hex[:63]), wantErr: ErrNoValidSignature},
		{id: "N11_truncated_31_bytes", header: hdr(tsHeaderName, "t="+ts+",v1="+v1Hex[:62]), wantErr: ErrNoValidSignature},
		{id: "N11_too_long_65_hex", header: hdr(tsHeaderName, "t="+ts+",v1="+v1Hex+"0"), wantErr: ErrNoValidSignature},
		{id: "N12_right_length_wrong_value", header: hdr(tsHeaderName, "t="+ts+",v1="+wrong), wantErr: ErrNoValidSignature},
		{id: "N13_duplicate_t_different", header: hdr(tsHeaderName, "t="+ts+",t=1565712056,v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N13_duplicate_t_same", header: hdr(tsHeaderName, "t="+ts+",t="+ts+",v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N14_t_plus_sign", header: hdr(tsHeaderName, "t=+"+ts+",v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N14_t_leading_zero", header: hdr(tsHeaderName, "t=0"+ts+",v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N15_t_negative", header: hdr(tsHeaderName, "t=-1,v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N15_t_eleven_digits", header: hdr(tsHeaderName, "t=99999999999,v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N15_t_overflow", header: hdr(tsHeaderName, "t=99999999999999999999,v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N15_t_zero_too_old", header: hdr(tsHeaderName, "t=0,v1="+v1Hex), wantErr: ErrTimestampTooOld},
		{id: "N15_t_max_ten_digits_too_new", header: hdr(tsHeaderName, "t=9999999999,v1="+v1Hex), wantErr: ErrTimestampTooNew},
		{id: "N16_whitespace_after_comma", header: hdr(tsHeaderName, "t="+ts+", v1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N16_tab", header: hdr(tsHeaderName, "t="+ts+",\tv1="+v1Hex), wantErr: ErrMalformedHeader},
		{id: "N17_sixteen_v1_last_valid", header: hdr(tsHeaderName, many(16, v1Hex))},
		{id: "N17_seventeen_v1", header: hdr(tsHeaderName, many(17, v1Hex)), wantErr: ErrMalformedHeader},
		{id: "N17_thousand_v1", header: hdr(tsHeaderName, many(1000, v1Hex)), wantErr: ErrMalformedHeader},
		{id: "N17_header_over_8KiB", header: hdr(tsHeaderName, good+",x="+strings.Repeat("a", MaxHeaderBytes)), wantErr: ErrMalformedHeader},
		{id: "N18_lowercase_header_name", header: func() http.Header { h := http.Header{}; h.Set("webhook-signature", good); return h }()},
		{id: "N19_two_header_lines", header: hdr(tsHeaderName, good, good), wantErr: ErrMalformedHeader},
		{id: "N20_body_one_byte_changed", header: hdr(tsHeaderName, good), body: strings.Replace(vecBody, "evt", "evu", 1), wantErr: ErrNoValidSignature},
		{id: "N21_body_reserialised_V7", header: hdr(tsHeaderName, good), body: v7Body, wantErr: ErrNoValidSignature},
		{id: "N21_control_V7_own_mac", header: hdr(tsHeaderName, "t="+ts+",v1="+v7Hex), body: v7Body},
		{id: "N22_trailing_newline_V2", header: hdr(tsHeaderName, good), body: vecBody + "\n", wantErr: ErrNoValidSignature},
		{id: "N22_control_V2_own_mac", header: hdr(tsHeaderName, "t="+ts+",v1="+v2Hex), body: vecBody + "\n"},
		{id: "N23_t_changed_V5", header: hdr(tsHeaderName, "t=1565712056,v1="+v1Hex), wantErr: ErrNoValidSignature},
		{id: "N23_control_V5", header: hdr(tsHeaderName, "t=1565712056,v1="+v5Hex)},
		{id: "N24_other_secret_V4", header: hdr(tsHeaderName, "t="+ts+",v1="+v4Hex), wantErr: ErrNoValidSignature},
		{id: "N25_body_only_mac_V6", header: hdr(tsHeaderName, "t="+ts+",v1="+v6Hex), wantErr: ErrNoValidSignature},
		{id: "N26_no_delimiter", header: hdr(tsHeaderName, "t="+ts+",v1="+macHex(vecSecret, ts, vecBody)), wantErr: ErrNoValidSignature},
		{id: "N26_colon_delimiter", header: hdr(tsHeaderName, "t="+ts+",v1="+macHex(vecSecret, ts, ":", vecBody)), wantErr: ErrNoValidSignature},
		{id: "N27_body_swapped", header: hdr(tsHeaderName, "t="+ts+",v1="+macHex(vecSecret, ts, ".", `{"id":"evt_other"}`)), wantErr: ErrNoValidSignature},
		{id: "N28_base64_decoded_key", secrets: []string{swSecret}, header: hdr(tsHeaderName, "t="+ts+",v1="+swDecodedMAC), wantErr: ErrNoValidSignature},
		{id: "N28_control_raw_key", secrets: []string{swSecret}, header: hdr(tsHeaderName, "t="+ts+",v1="+swRawMAC)},
		{id: "N29_non_utf8_body", header: hdr(tsHeaderName, "t="+ts+",v1="+macHex(vecSecret, ts, ".", "\xff\xfe{\"id\":\"\xc3\x28\"}")), body: "\xff\xfe{\"id\":\"\xc3\x28\"}"},
		{id: "N30_301s_old", now: t0.Add(301 * time.Second), header: hdr(tsHeaderName, good), wantErr: ErrTimestampTooOld},
		{id: "N30_300s_1ns_old", now: t0.Add(300*time.Second + 1), header: hdr(tsHeaderName, good), wantErr: ErrTimestampTooOld},
		{id: "N31_301s_new", now: t0.Add(-301 * time.Second), header: hdr(tsHeaderName, good), wantErr: ErrTimestampTooNew},
		{id: "N32_one_year_new", now: t0.AddDate(-1, 0, 0), header: hdr(tsHeaderName, good), wantErr: ErrTimestampTooNew},
		{id: "N33_default_is_300s_pass", now: t0.Add(300 * time.Second), header: hdr(tsHeaderName, good)},
		{id: "N33_default_is_300s_fail", now: t0.Add(301 * time.Second), header: hdr(tsHeaderName, good), wantErr: ErrTimestampTooOld},
		{id: "N34_custom_10s_15s_old", now: t0.Add(15 * time.Second), opts: []Option{WithTolerance(10 * time.Second)}, header: hdr(tsHeaderName, good), wantErr: ErrTimestampTooOld},
		{id: "N34_custom_20s_15s_old", now: t0.Add(15 * time.Second), opts: []Option{WithTolerance(20 * time.Second)}, header: hdr(tsHeaderName, good)},
		{id: "N34_custom_10s_15s_new", now: t0.Add(-15 * time.Second), opts: []Option{WithTolerance(10 * time.Second)}, header: hdr(tsHeaderName, good), wantErr: ErrTimestampTooNew},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			now := c.now
			if now.IsZero() {
				now = t0
			}
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
			v := newTS(t, now, secrets, c.opts...)
			d, err := v.Verify(c.header, []byte(body))
			if c.wantErr != nil {
				require.ErrorIs(t, err, c.wantErr)
				assert.Equal(t, Delivery{}, d)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.wantIdx, d.SecretIndex)
			assert.True(t, d.Timestamp.Equal(time.Unix(mustT(t, c.header), 0)))
			assert.Empty(t, d.ID, "a built-in scheme sets no ID")
			assert.Equal(t, wantTSKey(mustT(t, c.header), []byte(body)), d.Key([]byte(body)), "the key is t and the body's digest")
		})
	}
}

func mustT(t *testing.T, h http.Header) int64 {
	t.Helper()
	var p tsHeader
	require.NoError(t, parseTimestamped(h.Get(tsHeaderName), &p))
	return p.t
}

func TestTimestampedKeyIsCanonical(t *testing.T) {
	t.Parallel()
	v := newTS(t, time.Unix(vecT, 0), []string{vecSecret})
	lower, err := v.Verify(hdr(tsHeaderName, "t=1565712055,v1="+v1Hex), []byte(vecBody))
	require.NoError(t, err)
	upper, err := v.Verify(hdr(tsHeaderName, "t=1565712055,v1="+strings.ToUpper(v1Hex)), []byte(vecBody))
	require.NoError(t, err)
	assert.Equal(t, vecKey, lower.Key([]byte(vecBody)))
	assert.Equal(t, lower.Key([]byte(vecBody)), upper.Key([]byte(vecBody)), "an upper-case replay must have the same dedup key")
}

func TestTimestampedConstructor(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id      string
		header  string
		secrets []string
		opts    []Option
		wantErr error
		field   string
	}{
		{id: "N38_no_secrets", header: tsHeaderName, wantErr: ErrEmptySecret, field: "secrets"},
		{id: "N38_empty_secret", header: tsHeaderName, secrets: []string{"ok-secret", ""}, wantErr: ErrEmptySecret, field: "secrets[1]"},
		{id: "N38_prefix_only", header: tsHeaderName, secrets: []string{"whsec_"}, wantErr: ErrEmptySecret, field: "secrets[0]"},
		{id: "N34_tolerance_zero", header: tsHeaderName, secrets: []string{vecSecret}, opts: []Option{WithTolerance(0)}, wantErr: ErrInvalidConfig, field: "WithTolerance"},
		{id: "N34_tolerance_negative", header: tsHeaderName, secrets: []string{vecSecret}, opts: []Option{WithTolerance(-time.Second)}, wantErr: ErrInvalidConfig, field: "WithTolerance"},
		{id: "nil_clock", header: tsHeaderName, secrets: []string{vecSecret}, opts: []Option{WithClock(nil)}, wantErr: ErrInvalidConfig, field: "WithClock"},
		{id: "zero_body_cap", header: tsHeaderName, secrets: []string{vecSecret}, opts: []Option{WithMaxBodyBytes(0)}, wantErr: ErrInvalidConfig, field: "WithMaxBodyBytes"},
		{id: "nil_option", header: tsHeaderName, secrets: []string{vecSecret}, opts: []Option{nil}, wantErr: ErrInvalidConfig, field: "option 0"},
		{id: "empty_header_name", header: "", secrets: []string{vecSecret}, wantErr: ErrInvalidConfig, field: "header"},
		{id: "bad_header_name", header: "Bad Header", secrets: []string{vecSecret}, wantErr: ErrInvalidConfig, field: "header"},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			v, err := NewTimestampedHMAC(c.header, c.secrets, c.opts...)
			require.ErrorIs(t, err, c.wantErr)
			assert.Contains(t, err.Error(), c.field)
			assert.Nil(t, v)
		})
	}
}

// TestTimestampedSecretCopied checks the verifier does not alias the caller's
// secret slice.
func TestTimestampedSecretCopied(t *testing.T) {
	t.Parallel()
	secret := []byte(vecSecret)
	v, err := NewTimestampedHMAC(tsHeaderName, []string{string(secret)}, WithClock(fixedClock(time.Unix(vecT, 0))))
	require.NoError(t, err)
	copy(secret, "XXXXXXXX")
	_, err = v.Verify(hdr(tsHeaderName, "t=1565712055,v1="+v1Hex), []byte(vecBody))
	require.NoError(t, err)
}

func TestVerifyAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under -race")
	}
	body := make([]byte, 4096)
	now := time.Unix(vecT, 0)
	tsV := newTS(t, now, []string{"old-secret-0123456789abcdef", vecSecret})
	tsH := hdr(tsHeaderName, SignTimestamped(now, body, vecSecret))
	bodyV, err := NewBodyHMAC("X-Body-Signature", []string{vecSecret})
	require.NoError(t, err)
	bodyH := hdr("X-Body-Signature", SignBody(vecSecret, body))
	basicV, err := NewBasicAuth([]BasicCredentials{{Username: "user", Password: "a-long-enough-password"}})
	require.NoError(t, err)
	basicH := hdr("Authorization", BasicAuthHeader("user", "a-long-enough-password"))
	badH := hdr(tsHeaderName, "t=1565712055,v1="+v1Hex)

	for name, f := range map[string]func() error{
		"timestamped": func() error { _, err := tsV.Verify(tsH, body); return err },
		"body":        func() error { _, err := bodyV.Verify(bodyH, body); return err },
		"basic":       func() error { _, err := basicV.Verify(basicH, body); return err },
		"timestamped_failure": func() error {
			_, err := tsV.Verify(badH, body)
			if err == nil {
				t.Fatal("expected failure")
			}
			return nil
		},
	} {
		require.NoError(t, f(), name)
		assert.Equal(t, 0.0, testing.AllocsPerRun(200, func() { _ = f() }), name)
	}
	d, err := tsV.Verify(tsH, body)
	require.NoError(t, err)
	assert.Equal(t, 1.0, testing.AllocsPerRun(200, func() { _ = d.Key(body) }), "Key allocates only the key string")
}
