// Package uuid makes and checks ids of the canonical UUID form (8-4-4-4-12 hex digits), for
// the vendor clients, which validate ids before they go into a path, and for the fakes, which
// mint them.
package uuid

import (
	"crypto/rand"
	"fmt"
	"sync/atomic"
)

// New returns a random version 4 UUID in canonical lowercase form.
func New() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Sequential returns a generator of deterministic ids of the UUID form,
// 00000000-0000-4000-8000-000000000001, ...-000000000002 and so on, for
// Examples and golden files. The generator is safe for concurrent use.
func Sequential() func() string {
	var n atomic.Uint64
	return func() string {
		return fmt.Sprintf("00000000-0000-4000-8000-%012x", n.Add(1))
	}
}

// Valid reports whether s has the canonical 8-4-4-4-12 hexadecimal form of
// a UUID, in either case. It does not check the version or variant.
func Valid(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
