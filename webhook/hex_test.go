package webhook

import (
	"encoding/hex"
	"strings"
	"testing"
)

// decodeHex32 agrees with encoding/hex for every byte value at every
// position of a 64-digit signature, and refuses every other length.
func TestDecodeHex32MatchesEncodingHex(t *testing.T) {
	t.Parallel()
	good := "0123456789abcdefABCDEF0123456789abcdef0123456789ABCDEFabcdef0123"
	for pos := range len(good) {
		for c := range 256 {
			s := good[:pos] + string([]byte{byte(c)}) + good[pos+1:]
			want, err := hex.DecodeString(s)
			var got [32]byte
			if ok := decodeHex32(&got, s); ok != (err == nil) || ok && string(got[:]) != string(want) {
				t.Fatalf("byte %#x at %d: ok=%v, encoding/hex err=%v", c, pos, ok, err)
			}
		}
	}
	for _, s := range []string{"", good[:63], good + "0", strings.Repeat("0", 128)} {
		var got [32]byte
		if decodeHex32(&got, s) {
			t.Fatalf("accepted %d digits", len(s))
		}
	}
}

// hasSpaceOrControl finds a byte <= ' ' or DEL at any position of headers of
// every length around its eight-byte steps, and nothing else.
func TestHasSpaceOrControlMatchesBytewise(t *testing.T) {
	t.Parallel()
	naive := func(v string) bool {
		for i := 0; i < len(v); i++ {
			if v[i] <= ' ' || v[i] == 0x7f {
				return true
			}
		}
		return false
	}
	// Neighbours with the top bit set, or just above the range, must neither
	// hide nor fake a hit through a borrow.
	for _, fill := range []byte{'!', '~', 0x80, 0xa0, 0xff} {
		for n := 1; n <= 24; n++ {
			for pos := range n {
				for c := range 256 {
					b := []byte(strings.Repeat(string([]byte{fill}), n))
					b[pos] = byte(c)
					if got, want := hasSpaceOrControl(string(b)), naive(string(b)); got != want {
						t.Fatalf("len %d, fill %#x, byte %#x at %d: got %v want %v", n, fill, c, pos, got, want)
					}
				}
			}
		}
	}
}
