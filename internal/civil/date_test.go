package civil

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDateJSONRoundTrip(t *testing.T) {
	t.Parallel()
	var v struct {
		DOB Date `json:"dob"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"dob":"1990-02-28"}`), &v))
	assert.Equal(t, Date{1990, time.February, 28}, v.DOB)
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"dob":"1990-02-28"}`, string(out))

	require.NoError(t, json.Unmarshal([]byte(`{"dob":null}`), &v))
	assert.True(t, v.DOB.IsZero())
	out, err = json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"dob":null}`, string(out))
}

func TestDateRejectsBadInput(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`"1990-02-30"`, `"1990-2-3"`, `19900203`, `"1990-02-28T00:00:00Z"`, `"`} {
		var d Date
		assert.Error(t, json.Unmarshal([]byte(in), &d), in)
	}
}
