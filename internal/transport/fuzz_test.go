package transport

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// parseRetryAfter reads untrusted header text. It never panics, never returns a
// negative wait, reports absent values as zero, and reads delta-seconds exactly. The seed
// corpus is in testdata/fuzz/FuzzParseRetryAfter, so `go test` replays it.
func FuzzParseRetryAfter(f *testing.F) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := parseRetryAfter(v, now)
		if d < 0 {
			t.Fatalf("parseRetryAfter(%q) = %v, negative", v, d)
		}
		if !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v, false: an absent value must be zero", v, d)
		}
		if n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 32); err == nil && strings.TrimSpace(v)[0] != '+' {
			if !ok || d != time.Duration(n)*time.Second {
				t.Fatalf("parseRetryAfter(%q) = %v, %v; want %ds", v, d, ok, n)
			}
		}
		if ok && d%time.Second != 0 && d != time.Duration(1<<63-1) {
			t.Fatalf("parseRetryAfter(%q) = %v, not whole seconds", v, d)
		}
	})
}

func TestParseRetryAfterTable(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"120", 120 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"0", 0, true},
		{"Sat, 21 Nov 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Saturday, 21-Nov-26 12:01:00 GMT", time.Minute, true},
		{"Sat Nov 21 12:00:05 2026", 5 * time.Second, true},
		{"Sat, 21 Nov 2026 11:00:00 GMT", 0, true},
		{"-1", 0, false},
		{"+5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
		{"12x", 0, false},
	} {
		d, ok := parseRetryAfter(tc.v, now)
		if d != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.v, d, ok, tc.want, tc.ok)
		}
	}
}

// Issue 7 item 8: SafeToken bounds and sanitises untrusted server strings. Its result is at
// most max bytes of the safe charset, a safe short input comes back unchanged, and a longer
// one keeps its prefix. The seed corpus is in testdata/fuzz/FuzzSafeToken.
func FuzzSafeToken(f *testing.F) {
	f.Add("0f8fad5b-d9cb-469f-a165-70867728950e", 128)
	f.Add("a\u2028b\u202ec\r\nd", 8)
	f.Fuzz(func(t *testing.T, s string, max int) {
		max %= 300
		got := SafeToken(s, max)
		if len(got) > max && !(max <= 0 && got == "") {
			t.Fatalf("SafeToken(%q, %d) = %q: longer than max", s, max, got)
		}
		if !isSafeToken(got) {
			t.Fatalf("SafeToken(%q, %d) = %q: unsafe bytes", s, max, got)
		}
		if max > 0 && len(s) <= max && isSafeToken(s) && got != s {
			t.Fatalf("SafeToken(%q, %d) = %q: a safe value changed", s, max, got)
		}
		if max >= 4 && len(s) > max && !strings.HasSuffix(got, "...") {
			t.Fatalf("SafeToken(%q, %d) = %q: a cut value does not say so", s, max, got)
		}
	})
}
