package whoop

// checkID validates a WHOOP id (a UUID, per the OpenAPI) before it goes into a path. The
// error names field and never echoes the value.
func checkID(field, id string) error {
	switch {
	case id == "":
		return &ValidationError{Vendor: vendor, Field: field, Reason: "must not be empty"}
	case !isUUID(id):
		return &ValidationError{Vendor: vendor, Field: field, Reason: "must be a UUID (8-4-4-4-12 hex digits)"}
	}
	return nil
}

func isUUID(s string) bool {
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

// Ptr returns a pointer to v, for optional fields: whoop.Ptr("reason").
func Ptr[T any](v T) *T { return &v }
