package rupatest

import (
	"encoding/json"
	"net/http"
)

// writeJSONAPI answers v with Content-Type application/vnd.api+json.
func writeJSONAPI(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "rupatest: answer could not be encoded", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", MediaTypeJSONAPI)
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
