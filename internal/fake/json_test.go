package fake

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteJSON(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()
	WriteJSON(w, http.StatusCreated, map[string]int{"a": 1})
	assert.Equal(t, http.StatusCreated, w.Code)
	assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
	assert.JSONEq(t, `{"a":1}`, w.Body.String())

	w = httptest.NewRecorder()
	WriteJSON(w, http.StatusOK, math.NaN())
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.JSONEq(t, `{"error":"fake: response could not be encoded"}`, w.Body.String())

	w = httptest.NewRecorder()
	WriteError(w, http.StatusNotFound, "not found")
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.JSONEq(t, `{"error":"not found"}`, w.Body.String())
}

type readTarget struct {
	Name  string      `json:"name"`
	Value json.Number `json:"value"`
	Tags  []string    `json:"tags"`
}

func TestReadJSON(t *testing.T) {
	t.Parallel()
	const canary = "Jane-Canary-Doe"
	tests := []struct {
		name        string
		contentType string
		body        string
		fields      Fields
		wantStatus  int // 0: decoded
		wantMsg     string
	}{
		{"ok", "application/json", `{"name":"a","value":185.10}`, RejectUnknownFields, 0, ""},
		{"ok with charset and spaces", "application/json; charset=utf-8", " {\"name\":\"a\"}\n ", RejectUnknownFields, 0, ""},
		{"form encoded", "application/x-www-form-urlencoded", `name=a`, RejectUnknownFields, 415, "content type must be application/json"},
		{"no content type", "", `{"name":"a"}`, RejectUnknownFields, 415, "content type must be application/json"},
		{"empty", "application/json", ``, RejectUnknownFields, 400, "request body is empty"},
		{"blank", "application/json", " \n", RejectUnknownFields, 400, "request body is empty"},
		{"invalid", "application/json", `{"name":"` + canary, RejectUnknownFields, 400, "request body is not valid JSON"},
		{"trailing value", "application/json", `{"name":"a"}{"name":"b"}`, RejectUnknownFields, 400, "request body has data after the JSON value"},
		{"trailing garbage", "application/json", `{"name":"a"} ` + canary, RejectUnknownFields, 400, "request body has data after the JSON value"},
		{"duplicate key", "application/json", `{"name":"a","name":"b"}`, RejectUnknownFields, 400, "request body has a duplicate key"},
		{"case-variant duplicate key", "application/json", `{"name":"a","Name":"b"}`, AllowUnknownFields, 400, "request body has a duplicate key"},
		{"invalid UTF-8", "application/json", "{\"name\":\"a\xff\"}", RejectUnknownFields, 400, "request body is not valid UTF-8"},
		{"too deep", "application/json", `{"tags":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, AllowUnknownFields, 400, "request body is nested too deeply"},
		{"unknown rejected", "application/json", `{"name":"a","nickname":"` + canary + `"}`, RejectUnknownFields, 400, `unknown field "nickname"`},
		{"unknown allowed", "application/json", `{"name":"a","nickname":"x"}`, AllowUnknownFields, 0, ""},
		{"wrong type", "application/json", `{"name":` + "123" + `}`, RejectUnknownFields, 400, `field "name" has the wrong type`},
		{"string into number", "application/json", `{"value":"` + canary + `"}`, RejectUnknownFields, 400, "request body is not valid JSON"},
		{"nested wrong type", "application/json", `{"tags":[1]}`, RejectUnknownFields, 400, `field "tags" has the wrong type`},
		{"array not object", "application/json", `[{"name":"a"}]`, RejectUnknownFields, 400, "request body must be a JSON object"},
		{"too large", "application/json", `{"name":"` + strings.Repeat("a", MaxBodyBytes) + `"}`, RejectUnknownFields, 413, "request body too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			w := httptest.NewRecorder()
			var dst readTarget
			ok := ReadJSON(w, r, &dst, tt.fields)
			if tt.wantStatus == 0 {
				require.True(t, ok, w.Body.String())
				assert.Equal(t, "a", dst.Name)
				return
			}
			require.False(t, ok)
			assert.Equal(t, tt.wantStatus, w.Code)
			var body ErrorBody
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
			assert.Equal(t, tt.wantMsg, body.Error)
			assert.NotContains(t, w.Body.String(), canary, "error bodies never quote values")
		})
	}
}

func TestReadJSONKeepsNumbersExact(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"name":"a","value":0.1000000000000000055511151231257827}`))
	r.Header.Set("Content-Type", "application/json")
	var dst readTarget
	require.True(t, ReadJSON(httptest.NewRecorder(), r, &dst, RejectUnknownFields))
	assert.Equal(t, json.Number("0.1000000000000000055511151231257827"), dst.Value)
}
