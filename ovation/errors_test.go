package ovation

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseErrorDetailsShapes(t *testing.T) {
	cases := []struct {
		body     string
		fields   map[string][]string
		messages []string
	}{
		{`{"errors":{"patient":{"lastName":["can't be blank"]},"identifier":"taken"}}`, map[string][]string{"patient.lastName": {"can't be blank"}, "identifier": {"taken"}}, nil},
		{`{"errors":["Report not found"]}`, nil, []string{"Report not found"}},
		{`{"errors":"Error while trying to requeue"}`, nil, []string{"Error while trying to requeue"}},
		{`{"error":"Validation Error"}`, nil, []string{"Validation Error"}},
		{`{"message":"Project Template ID not found"}`, nil, []string{"Project Template ID not found"}},
		{`{"identifier":["has already been taken"]}`, map[string][]string{"identifier": {"has already been taken"}}, nil},
		{`["Update may not change sample date received"]`, nil, []string{"Update may not change sample date received"}},
		{`"Missing organization time zone"`, nil, []string{"Missing organization time zone"}},
		{`Update may not change sample date received`, nil, []string{"Update may not change sample date received"}},
		{"<html><body><h1>Not Found</h1></body></html>", nil, nil},
		{``, nil, nil},
	}
	for _, tc := range cases {
		d := parseErrorDetails([]byte(tc.body))
		assert.Equal(t, tc.fields, d.Fields, tc.body)
		assert.Equal(t, tc.messages, d.Messages, tc.body)
	}
	code, msg := decodeErrorBody([]byte(`{"errors":{"b":["second"],"a":["first"]}}`))
	assert.Empty(t, code)
	assert.Equal(t, "a: first", msg)
}
