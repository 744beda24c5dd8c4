package rupa

import (
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// isAbsoluteHTTPURL reports whether s is an absolute http or https URL with a host.
func isAbsoluteHTTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http"
}

// isEmail reports whether s is a bare address (local@domain, no display name or angle
// brackets) with a dot in its domain.
func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// isE164 reports whether s is an E.164 number: '+', a non-zero digit, then 1 to 14 digits.
func isE164(s string) bool {
	if len(s) < 3 || len(s) > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isCalendarDate reports whether d names a real day (a Date built by hand can say
// February 30).
func isCalendarDate(d Date) bool {
	if d.Year < 1 || d.Year > 9999 {
		return false
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return t.Year() == d.Year && t.Month() == d.Month && t.Day() == d.Day
}
