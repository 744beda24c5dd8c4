// Package jsonx decodes JSON from untrusted senders (webhook deliveries) without the
// footguns of encoding/json v1: it rejects invalid UTF-8 instead of replacing it, duplicate
// keys and keys that differ only in case instead of silently keeping the last, nesting deeper
// than a limit, and trailing data after the value.
package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting Unmarshal accepts.
const MaxDepth = 64

// Errors of Check, all of which describe the document's shape and never its content.
var (
	ErrInvalidUTF8  = errors.New("json: invalid UTF-8")
	ErrDuplicateKey = errors.New("json: duplicate key")
	ErrTooDeep      = errors.New("json: nesting too deep")
	ErrTrailingData = errors.New("json: trailing data after the value")
	ErrSyntax       = errors.New("json: syntax error")
)

// Check reports whether data is one well-formed JSON value that Unmarshal may decode safely.
func Check(data []byte) error {
	if !utf8.Valid(data) {
		return ErrInvalidUTF8
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   map[string]struct{}
		expect bool // in an object: the next string token is a key
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return syntaxError(err)
		}
		top := len(stack) - 1
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if top >= 0 && stack[top].object {
					stack[top].expect = true
				}
				if len(stack) >= MaxDepth {
					return ErrTooDeep
				}
				stack = append(stack, frame{object: d == '{', expect: d == '{'})
			case '}', ']':
				stack = stack[:top]
				if top-1 >= 0 && stack[top-1].object {
					stack[top-1].expect = true
				}
			}
		} else if top >= 0 && stack[top].object {
			if stack[top].expect {
				key := strings.ToLower(tok.(string))
				if stack[top].keys == nil {
					stack[top].keys = make(map[string]struct{})
				}
				if _, dup := stack[top].keys[key]; dup {
					return ErrDuplicateKey
				}
				stack[top].keys[key] = struct{}{}
				stack[top].expect = false
			} else {
				stack[top].expect = true
			}
		}
		if len(stack) == 0 {
			// One complete top-level value: anything but whitespace after it is trailing data.
			if _, err := dec.Token(); err != io.EOF {
				return ErrTrailingData
			}
			return nil
		}
	}
	return ErrSyntax // empty input, or a value cut short
}

// Unmarshal checks data with Check and decodes it into v.
func Unmarshal(data []byte, v any) error {
	if err := Check(data); err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			// typ.Value can hold the number itself ("number 1E700"): keep only its kind.
			kind, _, _ := strings.Cut(typ.Value, " ")
			return errors.New("json: field " + typ.Field + ": a JSON " + kind + " does not fit " + typ.Type.String())
		}
		return ErrSyntax
	}
	return nil
}

func syntaxError(err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return errors.Join(ErrSyntax, errors.New("at byte "+strconv.FormatInt(syn.Offset, 10)))
	}
	return ErrSyntax
}
