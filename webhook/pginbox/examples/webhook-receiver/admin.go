package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"

	"github.com/labwire/labwire/webhook/dispatch/inboxadmin"
	"github.com/labwire/labwire/webhook/pginbox"
)

// adminPath is where the admin page is mounted.
const adminPath = "/admin/inbox/"

// minAdminPassword is the shortest ADMIN_PASSWORD accepted.
const minAdminPassword = 16

// adminConfig is the admin page's configuration from the environment; the
// zero value leaves the page unmounted.
type adminConfig struct {
	user, password string
	csrfKey        []byte // nil: each replica draws its own
}

// adminConfigFromEnv reads ADMIN_USER, ADMIN_PASSWORD and ADMIN_CSRF_KEY.
// Neither user nor password: no admin page. One without the other, a short
// password or a short key is an error, never a page opened by accident.
// Errors never quote the values.
func adminConfigFromEnv(getenv func(string) string) (adminConfig, error) {
	c := adminConfig{user: getenv("ADMIN_USER"), password: getenv("ADMIN_PASSWORD")}
	switch {
	case c.user == "" && c.password == "":
		return adminConfig{}, nil
	case c.user == "" || c.password == "":
		return adminConfig{}, errors.New("set both ADMIN_USER and ADMIN_PASSWORD to mount the admin page, or neither")
	case len(c.password) < minAdminPassword:
		return adminConfig{}, errors.New("ADMIN_PASSWORD is too short: use at least 16 bytes")
	}
	if k := getenv("ADMIN_CSRF_KEY"); k != "" {
		if len(k) < 32 {
			return adminConfig{}, errors.New("ADMIN_CSRF_KEY is too short: use at least 32 bytes")
		}
		c.csrfKey = []byte(k)
	}
	return c, nil
}

// basicAuth reports whether r carries c's credentials, comparing digests in
// constant time (both, always, so the time says nothing about which failed).
func (c adminConfig) basicAuth() func(*http.Request) bool {
	wantUser, wantPass := sha256.Sum256([]byte(c.user)), sha256.Sum256([]byte(c.password))
	return func(r *http.Request) bool {
		user, pass, ok := r.BasicAuth()
		gotUser, gotPass := sha256.Sum256([]byte(user)), sha256.Sum256([]byte(pass))
		userOK := subtle.ConstantTimeCompare(gotUser[:], wantUser[:])
		passOK := subtle.ConstantTimeCompare(gotPass[:], wantPass[:])
		return ok && userOK&passOK == 1
	}
}

// askForCredentials answers a refused request with a 401 that makes a
// browser ask for Basic credentials.
var askForCredentials = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("WWW-Authenticate", `Basic realm="inbox admin", charset="UTF-8"`)
	http.Error(w, "unauthorized", http.StatusUnauthorized)
})

// mountAdmin mounts the inbox's admin page at adminPath when c says so, and
// says at startup whether it did.
func mountAdmin(mux *http.ServeMux, c adminConfig, inbox *pginbox.Inbox, logger *slog.Logger) error {
	if c.user == "" {
		logger.Info("admin page not mounted: set ADMIN_USER and ADMIN_PASSWORD to serve it at " + adminPath)
		return nil
	}
	opts := []inboxadmin.Option{inboxadmin.WithLogger(logger), inboxadmin.WithUnauthorizedHandler(askForCredentials)}
	if c.csrfKey != nil {
		opts = append(opts, inboxadmin.WithCSRFKey(c.csrfKey))
	}
	h, err := inboxadmin.New(inbox, c.basicAuth(), opts...)
	if err != nil {
		return err
	}
	mux.Handle(adminPath, http.StripPrefix("/admin/inbox", h))
	logger.Info("admin page mounted behind HTTP Basic authentication", "path", adminPath,
		"shared_csrf_key", c.csrfKey != nil)
	return nil
}
