package webhook

// hexNibble maps an ASCII hex digit of either case to its value and every
// other byte to 0xff, so that decoding needs no branch per digit.
var hexNibble = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c - '0'
	}
	for c := byte('a'); c <= 'f'; c++ {
		t[c], t[c-'a'+'A'] = c-'a'+10, c-'a'+10
	}
	return t
}()

// decodeHex32 decodes exactly 64 hex digits (either case) from s into dst,
// without converting s to a byte slice. It reports false for any other input,
// leaving dst in an unspecified state. The digits are a signature the sender
// sent, not a secret: the table lookups may depend on them.
func decodeHex32(dst *[32]byte, s string) bool {
	if len(s) != 64 {
		return false
	}
	s = s[:64]
	var bad byte
	for i := range dst {
		hi, lo := hexNibble[s[2*i]], hexNibble[s[2*i+1]]
		bad |= hi | lo
		dst[i] = hi<<4 | lo
	}
	return bad&0xf0 == 0
}
