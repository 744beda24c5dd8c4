package webhook

import (
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	basicUser = "sender"
	basicPass = "correct-horse-battery-staple"
)

func TestBasicAuthMatrix(t *testing.T) {
	t.Parallel()
	creds := []BasicCredentials{{Username: "new-sender", Password: "next-password-0123456789"}, {Username: basicUser, Password: basicPass}}
	v, err := NewBasicAuth(creds)
	require.NoError(t, err)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	cases := []struct {
		id      string
		header  http.Header
		wantErr error
		wantIdx int
	}{
		{id: "P1_valid", header: hdr("Authorization", BasicAuthHeader(basicUser, basicPass)), wantIdx: 1},
		{id: "P6_rotation_new_pair", header: hdr("Authorization", BasicAuthHeader("new-sender", "next-password-0123456789")), wantIdx: 0},
		{id: "scheme_name_case_insensitive", header: hdr("Authorization", "basic "+b64(basicUser+":"+basicPass)), wantIdx: 1},
		{id: "N12_password_split_at_first_colon", header: hdr("Authorization", BasicAuthHeader(basicUser, basicPass+":x")), wantErr: ErrNoValidSignature},
		{id: "N1_header_absent", header: http.Header{}, wantErr: ErrMissingSignature},
		{id: "N2_header_empty", header: hdr("Authorization", ""), wantErr: ErrMissingSignature},
		{id: "N3_not_basic", header: hdr("Authorization", "Bearer "+b64(basicUser+":"+basicPass)), wantErr: ErrMalformedHeader},
		{id: "N3_bare_basic", header: hdr("Authorization", "Basic"), wantErr: ErrMalformedHeader},
		{id: "N3_bad_base64", header: hdr("Authorization", "Basic !!!"), wantErr: ErrMalformedHeader},
		{id: "N3_no_colon", header: hdr("Authorization", "Basic "+b64(basicUser+basicPass)), wantErr: ErrMalformedHeader},
		{id: "N12_wrong_password", header: hdr("Authorization", BasicAuthHeader(basicUser, basicPass+"x")), wantErr: ErrNoValidSignature},
		{id: "N12_wrong_username", header: hdr("Authorization", BasicAuthHeader("other", basicPass)), wantErr: ErrNoValidSignature},
		{id: "N12_pairs_crossed", header: hdr("Authorization", BasicAuthHeader("new-sender", basicPass)), wantErr: ErrNoValidSignature},
		{id: "N12_empty_pair", header: hdr("Authorization", BasicAuthHeader("", "")), wantErr: ErrNoValidSignature},
		{id: "N17_header_over_8KiB", header: hdr("Authorization", "Basic "+strings.Repeat("A", MaxHeaderBytes)), wantErr: ErrMalformedHeader},
		{id: "N18_lowercase_header_name", header: func() http.Header {
			h := http.Header{}
			h.Set("authorization", BasicAuthHeader(basicUser, basicPass))
			return h
		}(), wantIdx: 1},
		{id: "N19_two_header_lines", header: hdr("Authorization", BasicAuthHeader(basicUser, basicPass), BasicAuthHeader(basicUser, basicPass)), wantErr: ErrMalformedHeader},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			d, err := v.Verify(c.header, []byte(vecBody))
			if c.wantErr != nil {
				require.ErrorIs(t, err, c.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.wantIdx, d.SecretIndex)
			assert.Equal(t, wantBodyKey([]byte(vecBody)), d.Key([]byte(vecBody)), "Basic keys on the body's digest")
		})
	}
}

func TestBasicAuthConstructor(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id      string
		creds   []BasicCredentials
		opts    []Option
		wantErr error
		field   string
	}{
		{id: "N38_none", wantErr: ErrEmptySecret, field: "creds"},
		{id: "N38_empty_password", creds: []BasicCredentials{{Username: "u", Password: ""}}, wantErr: ErrEmptySecret, field: "creds[0].Password"},
		{id: "empty_username", creds: []BasicCredentials{{Username: "u", Password: "p"}, {Password: "p"}}, wantErr: ErrInvalidConfig, field: "creds[1].Username"},
		{id: "colon_in_username", creds: []BasicCredentials{{Username: "a:b", Password: "p"}}, wantErr: ErrInvalidConfig, field: "creds[0].Username"},
		{id: "tolerance_not_applicable", creds: []BasicCredentials{{Username: "u", Password: "p"}}, opts: []Option{WithTolerance(time.Minute)}, wantErr: ErrInvalidConfig, field: "WithTolerance"},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			v, err := NewBasicAuth(c.creds, c.opts...)
			require.ErrorIs(t, err, c.wantErr)
			assert.Contains(t, err.Error(), c.field)
			assert.Nil(t, v)
		})
	}
}

func TestBasicCredentialsRedacted(t *testing.T) {
	t.Parallel()
	c := BasicCredentials{Username: "canary-user", Password: "canary-password"}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "creds", c)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, c), fmt.Sprintf("%v", []BasicCredentials{c}), logged.String()} {
		assert.NotContains(t, s, "canary")
	}
}
