package inboxadmin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
)

// CookieName is the cookie that carries the random nonce the form tokens
// are bound to (HttpOnly, SameSite=Strict, Secure over TLS, scoped by the
// browser to the mount's path, ending with the browser session).
const CookieName = "inboxadmin_csrf"

// nonceLen is the length of rand.Text's output.
const nonceLen = 26

const tokenContext = "labwire inboxadmin csrf v1\x00"

// validNonce reports whether v looks like a nonce this package issued (a
// rand.Text string); the token check, not this, is what an attacker cannot
// pass.
func validNonce(v string) bool {
	if len(v) != nonceLen {
		return false
	}
	for i := range len(v) {
		c := v[i]
		if (c < 'A' || c > 'Z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// token is the form token for nonce: an HMAC under the Handler's key, so a
// page on another site can neither read it nor compute it for a cookie it
// managed to set.
func (h *Handler) token(nonce string) string {
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(tokenContext))
	m.Write([]byte(nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// issueToken returns the form token for r's nonce cookie, setting a new
// cookie first when r has none.
func (h *Handler) issueToken(w http.ResponseWriter, r *http.Request) string {
	for _, c := range r.CookiesNamed(CookieName) {
		if validNonce(c.Value) {
			return h.token(c.Value)
		}
	}
	nonce := rand.Text()
	http.SetCookie(w, &http.Cookie{
		Name:     CookieName,
		Value:    nonce,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
		// No Path: the browser scopes the cookie to the directory of the
		// page's URL, the mount, whatever prefix it is under.
	})
	return h.token(nonce)
}

// checkToken reports whether the posted csrf field is the token of one of
// r's nonce cookies (several may be sent when another path set one too).
func (h *Handler) checkToken(r *http.Request) bool {
	got := r.PostForm.Get("csrf")
	if got == "" {
		return false
	}
	for _, c := range r.CookiesNamed(CookieName) {
		if validNonce(c.Value) && hmac.Equal([]byte(got), []byte(h.token(c.Value))) {
			return true
		}
	}
	return false
}
