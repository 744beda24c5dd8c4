package ovationtest

import (
	"net/http"
	"strconv"

	"github.com/labwire/labwire/internal/fake"
)

// accounts: provider accounts, with the documented filters and paging.

func accountJSON(a *record) map[string]any {
	out := map[string]any{}
	for k, v := range a.fields {
		out[k] = v
	}
	out["id"] = a.id
	return out
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) {
	org, ok := pathID(w, r, "org")
	if !ok {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	in, _ := body["providerAccount"].(map[string]any)
	if name, _ := in["name"].(string); name == "" {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"name": {"can't be blank"}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &record{id: s.st.next(), org: org, fields: in}
	s.st.accounts = append(s.st.accounts, a)
	fake.WriteJSON(w, http.StatusCreated, map[string]any{"providerAccount": accountJSON(a)})
}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request) {
	org, ok := orgParam(w, r, "organizationId")
	if !ok {
		return
	}
	q := r.URL.Query()
	page, perPage := 1, 5000
	if v := q.Get("page"); v != "" {
		page, _ = strconv.Atoi(v)
	}
	if v := q.Get("perPage"); v != "" {
		perPage, _ = strconv.Atoi(v)
	}
	if page < 1 || perPage < 1 || perPage > 5000 {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"perPage": {"must be between 1 and 5000"}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var match []*record
	for _, a := range s.st.accounts {
		keep := a.org == org && !a.deleted
		for _, k := range []string{"name", "externalIdentifier", "accountNumber"} {
			if v := q.Get(k); v != "" && a.fields[k] != v {
				keep = false
			}
		}
		if keep {
			match = append(match, a)
		}
	}
	from, to := pageBounds(page, perPage, len(match))
	out := []any{}
	for _, a := range match[from:to] {
		out = append(out, accountJSON(a))
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"providerAccounts": out,
		"meta": map[string]any{"currentPage": page, "perPage": perPage, "totalEntries": len(match)}})
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) *record {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil
	}
	org, ok := orgParam(w, r, "organization_id")
	if !ok {
		return nil
	}
	for _, a := range s.st.accounts {
		if a.id == id && a.org == org && !a.deleted {
			return a
		}
	}
	notFound(w, "Provider Account not found")
	return nil
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.account(w, r); a != nil {
		fake.WriteJSON(w, http.StatusOK, map[string]any{"providerAccount": accountJSON(a)})
	}
}

func (s *Server) updateAccount(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(w, r)
	if a == nil {
		return
	}
	in, _ := body["providerAccount"].(map[string]any)
	for k, v := range in {
		a.fields[k] = v
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"providerAccount": accountJSON(a)})
}

func (s *Server) archiveAccount(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.account(w, r); a != nil {
		a.deleted = true
		fake.WriteJSON(w, http.StatusOK, map[string]any{"message": "Provider Account successfully archived"})
	}
}

// Generic collections (providers, contacts, sales groups and reps, documents), whose bodies
// Ovation does not document: the fake stores any JSON object and answers it with an id.

func parentOf(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PathValue("parent"), 10, 64)
	return n
}

func (s *Server) listRecords(path, key string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		out := []any{}
		for _, rec := range s.st.records[path] {
			if rec.parent == parentOf(r) && !rec.deleted {
				out = append(out, accountJSON(rec))
			}
		}
		fake.WriteJSON(w, http.StatusOK, map[string]any{key: out})
	}
}

func (s *Server) createRecord(path, key string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		fields := body
		if inner, ok := body[key].(map[string]any); ok {
			fields = inner
		}
		rec := &record{id: s.st.next(), parent: parentOf(r), fields: fields}
		s.st.records[path] = append(s.st.records[path], rec)
		fake.WriteJSON(w, http.StatusCreated, map[string]any{key: accountJSON(rec)})
	}
}

func (s *Server) oneRecord(path, key string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if r.Method == http.MethodPut {
			var ok bool
			if body, ok = readBody(w, r); !ok {
				return
			}
		}
		id, ok := pathID(w, r, "id")
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, rec := range s.st.records[path] {
			if rec.id != id || rec.parent != parentOf(r) || rec.deleted {
				continue
			}
			switch r.Method {
			case http.MethodPut:
				fields := body
				if inner, ok := body[key].(map[string]any); ok {
					fields = inner
				}
				for k, v := range fields {
					rec.fields[k] = v
				}
			case http.MethodDelete:
				rec.deleted = true
			}
			fake.WriteJSON(w, http.StatusOK, map[string]any{key: accountJSON(rec)})
			return
		}
		notFound(w, "not found")
	}
}
