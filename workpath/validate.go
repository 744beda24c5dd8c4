package workpath

import (
	"reflect"
	"strconv"
	"strings"
)

// The checks below are Workpath's documented validation messages, made before sending so a
// bad field fails with a *ValidationError naming the Go field (never its value) instead of a
// 400 after a round trip. Nothing the docs do not require is refused.

func invalid(field, reason string) error {
	return &ValidationError{Vendor: vendor, Field: field, Reason: reason}
}

// checkCarets refuses a '^' in any string reachable from v ("^ cannot be used as a delimiter
// in payload": Workpath feeds payloads to HL7 v2, where ^ separates components). Field paths
// are Go names, e.g. "Patient.Addresses[0].Street".
func checkCarets(root string, v any) error {
	return caretWalk(root, reflect.ValueOf(v), 0)
}

func caretWalk(path string, v reflect.Value, depth int) error {
	if depth > 32 {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return caretWalk(path, v.Elem(), depth+1)
	case reflect.String:
		if strings.Contains(v.String(), "^") {
			return invalid(path, "must not contain ^ (Workpath refuses it as a delimiter)")
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				continue
			}
			name := f.Name
			if f.Anonymous {
				name = path
			} else if path != "" {
				name = path + "." + f.Name
			}
			if err := caretWalk(name, v.Field(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // raw JSON or bytes: not a string field
		}
		for i := 0; i < v.Len(); i++ {
			if err := caretWalk(path+"["+strconv.Itoa(i)+"]", v.Index(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if k := iter.Key(); k.Kind() == reflect.String && strings.Contains(k.String(), "^") {
				return invalid(path, "must not contain ^ (Workpath refuses it as a delimiter)")
			}
			if err := caretWalk(path, iter.Value(), depth+1); err != nil { // a key may be data: not named
				return err
			}
		}
	}
	return nil
}

// checkPhone requires the country code ("[Patient] Phone Number needs to include the country
// code."): a leading + then digits, with spaces, dashes, dots and parentheses allowed.
func checkPhone(field, phone string) error {
	if phone == "" {
		return nil
	}
	if phone[0] != '+' {
		return invalid(field, `must start with the country code, e.g. "+18045551234"`)
	}
	digits := 0
	for _, c := range phone[1:] {
		switch {
		case '0' <= c && c <= '9':
			digits++
		case strings.ContainsRune(" -.()", c):
		default:
			return invalid(field, "may hold only +, digits, spaces, dashes, dots and parentheses")
		}
	}
	if digits < 8 || digits > 15 {
		return invalid(field, "must hold 8 to 15 digits after the +")
	}
	return nil
}

// checkSex requires one of the six options, in any case ("Invalid option selection for
// biological sex of patient.").
func checkSex(field string, s BiologicalSex) error {
	if s == "" || s.IsKnown() {
		return nil
	}
	return invalid(field, "must be one of Ambiguous, Female, Male, Not Applicable, Other, Unknown")
}

// checkName requires first and last name together ("Name needs to be sent as First Name and
// Last Name, [Last Name] is missing.").
func checkName(prefix, first, last string) error {
	switch {
	case strings.TrimSpace(first) == "":
		return invalid(prefix+"FirstName", "is required: Workpath needs first and last name")
	case strings.TrimSpace(last) == "":
		return invalid(prefix+"LastName", "is required: Workpath needs first and last name")
	}
	return nil
}

func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return invalid(field, "is required")
	}
	return nil
}

func checkID(field string, id int64) error {
	if id <= 0 {
		return invalid(field, "must be a positive Workpath id")
	}
	return nil
}
