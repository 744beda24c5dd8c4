package uuid

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNewUUID(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		id := New()
		assert.True(t, Valid(id), id)
		assert.Equal(t, byte('4'), id[14], "version 4")
		assert.Contains(t, "89ab", string(id[19]), "RFC 4122 variant")
		assert.False(t, seen[id])
		seen[id] = true
	}
}

func TestSequential(t *testing.T) {
	t.Parallel()
	next := Sequential()
	assert.Equal(t, "00000000-0000-4000-8000-000000000001", next())
	assert.Equal(t, "00000000-0000-4000-8000-000000000002", next())
	other := Sequential()
	assert.Equal(t, "00000000-0000-4000-8000-000000000001", other(), "each generator counts on its own")
	for range 14 {
		next()
	}
	assert.Equal(t, "00000000-0000-4000-8000-000000000011", next(), "hexadecimal")
}

func TestValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s  string
		ok bool
	}{
		{"3fa85f64-5717-4562-b3fc-2c963f66afa6", true},
		{"A1B2C3D4-E5F6-7890-ABCD-EF1234567890", true},
		{"a1b2c3d4-e5f6-7890-abcd-ef1234567890", true},
		{"", false},
		{"3fa85f64571745 62b3fc2c963f66afa6", false},
		{"3fa85f64-5717-4562-b3fc-2c963f66afa", false},
		{"3fa85f64-5717-4562-b3fc-2c963f66afa6a", false},
		{"3fa85f64-5717-4562-b3fc_2c963f66afa6", false},
		{"3fa85f64-5717-4562-b3fc-2c963f66afg6", false},
		{"{3fa85f64-5717-4562-b3fc-2c963f66afa}", false},
		{"../../../../../../../../../etc/passwd", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.ok, Valid(tt.s), "%q", tt.s)
	}
}
