package workpathtest

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labwire/labwire/internal/fake"
	"github.com/labwire/labwire/internal/uuid"
)

// MaxCredentials is Workpath's limit of API credentials per client.
const MaxCredentials = 2

// MessageCredentialLimit is the fake's answer (402) to a third credential; Workpath says
// only that "a thrown error" results.
const MessageCredentialLimit = "You may only have two credentials at a time."

func (s *Server) keyJSON(c *credential, withSecret bool) APIKey {
	k := APIKey{ID: c.id, Key: c.Key, ClientID: c.ClientID, IsActive: c.active,
		CreatedAt: c.createdAt.Format("2006-01-02T15:04:05.000Z"), UpdatedAt: c.createdAt.Format("2006-01-02T15:04:05.000Z")}
	if !c.lastLogin.IsZero() {
		k.LastLoginAt = c.lastLogin.Format("2006-01-02T15:04:05.000Z")
	}
	if withSecret {
		k.Secret = c.Password
	}
	return k
}

func (s *Server) clientKeys(client string) []*credential {
	var out []*credential
	for _, c := range s.credentials {
		if c.ClientID == client {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *credential) int { return int(a.id - b.id) })
	return out
}

func (s *Server) handleCreateAPIKey(w http.ResponseWriter, r *http.Request) {
	client := clientOf(r.Context())
	s.mu.Lock()
	if len(s.clientKeys(client)) >= MaxCredentials {
		s.mu.Unlock()
		fake.WriteError(w, http.StatusPaymentRequired, MessageCredentialLimit)
		return
	}
	pw := make([]byte, 15)
	_, _ = rand.Read(pw)
	c := &credential{Credential: Credential{ClientID: client, Key: uuid.New(), Password: base64.RawURLEncoding.EncodeToString(pw)},
		id: s.id(), active: true, createdAt: s.now()}
	for _, o := range s.clientKeys(client) {
		c.RedirectURIs = o.RedirectURIs
	}
	s.credentials[c.Key] = c
	out := s.keyJSON(c, true)
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) handleListAPIKeys(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	out := []APIKey{}
	for _, c := range s.clientKeys(clientOf(r.Context())) {
		out = append(out, s.keyJSON(c, false))
	}
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusOK, out)
}

// findKey returns the caller's credential by key or numeric id; another client's is 401, as
// Workpath says cross-client access is; the caller holds s.mu.
func (s *Server) findKey(w http.ResponseWriter, r *http.Request, ref string) (*credential, bool) {
	c := s.credentials[ref]
	if c == nil {
		if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
			for _, o := range s.credentials {
				if o.id == id {
					c = o
				}
			}
		}
	}
	switch {
	case c == nil:
		notFound(w)
		return nil, false
	case c.ClientID != clientOf(r.Context()):
		fake.WriteError(w, http.StatusUnauthorized, "Invalid credentials.")
		return nil, false
	}
	return c, true
}

func (s *Server) handleGetAPIKey(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c, ok := s.findKey(w, r, r.PathValue("ref"))
	var out APIKey
	if ok {
		out = s.keyJSON(c, false)
	}
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, out)
	}
}

// handleUpdateAPIKey takes is_active as a string ("true"/"false", the docs' type) or a boolean.
func (s *Server) handleUpdateAPIKey(w http.ResponseWriter, r *http.Request) {
	var b struct {
		IsActive any `json:"is_active"`
	}
	if !readJSON(w, r, &b) {
		return
	}
	var active bool
	switch v := b.IsActive.(type) {
	case bool:
		active = v
	case string:
		p, err := strconv.ParseBool(v)
		if err != nil {
			badRequest(w, problem(MessageMissing("is_active")))
			return
		}
		active = p
	default:
		badRequest(w, problem(MessageMissing("is_active")))
		return
	}
	s.mu.Lock()
	c, ok := s.findKey(w, r, r.PathValue("key"))
	var out APIKey
	if ok {
		c.active = active
		out = s.keyJSON(c, false)
		out.UpdatedAt = s.now().Format(time.RFC3339)
	}
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, out)
	}
}

func (s *Server) handleDeleteAPIKey(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c, ok := s.findKey(w, r, r.PathValue("key"))
	if ok {
		delete(s.credentials, c.Key)
	}
	rid := s.id()
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, map[string]int64{"request_id": rid})
	}
}
