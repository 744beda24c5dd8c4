package workpathtest

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

// Workpath's documented validation messages, answered 400 with {"error": message}.
const (
	MessageDOB        = "Patient DOB needs to be in the format MMDDYYYY."
	MessagePhone      = "Patient Phone Number needs to include the country code."
	MessageSex        = "Invalid option selection for biological sex of patient."
	MessageCaret      = "^ cannot be used as a delimiter in payload."
	messageNameFormat = "Name needs to be sent as First Name and Last Name, %s is missing."
)

// MessageName is the name message for the missing part ("First Name" or "Last Name").
func MessageName(missing string) string { return strings.Replace(messageNameFormat, "%s", missing, 1) }

// MessageMissing is the message of a required field missing from the payload.
func MessageMissing(field string) string { return field + " missing from payload." }

var sexes = []string{"Ambiguous", "Female", "Male", "Not Applicable", "Other", "Unknown"}

// problem is one validation failure: the message to answer.
type problem string

func badRequest(w http.ResponseWriter, p problem) {
	fake.WriteError(w, http.StatusBadRequest, string(p))
}

// caretIn reports a ^ anywhere in a JSON body (in a string: ^ is not JSON syntax).
func caretIn(body []byte) bool { return bytes.IndexByte(body, '^') >= 0 }

func checkPhone(phone string) problem {
	if phone != "" && !strings.HasPrefix(phone, "+") {
		return MessagePhone
	}
	return ""
}

func checkSex(sex string) problem {
	if sex == "" {
		return ""
	}
	for _, s := range sexes {
		if strings.EqualFold(s, sex) {
			return ""
		}
	}
	return MessageSex
}

func checkNames(first, last string) problem {
	switch {
	case strings.TrimSpace(first) == "" && strings.TrimSpace(last) == "":
		return ""
	case strings.TrimSpace(first) == "":
		return problem(MessageName("First Name"))
	case strings.TrimSpace(last) == "":
		return problem(MessageName("Last Name"))
	}
	return ""
}

// checkDOB accepts YYYY-MM-DD, the form of every example; anything else gets the docs'
// message, which names another format.
func checkDOB(dob string) problem {
	if dob == "" {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, dob); err != nil {
		return MessageDOB
	}
	return ""
}

func first(ps ...problem) problem {
	for _, p := range ps {
		if p != "" {
			return p
		}
	}
	return ""
}

// readJSON refuses a ^ anywhere in the body, then decodes it strictly (unknown members 400).
func readJSON(w http.ResponseWriter, r *http.Request, dst any) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, fake.MaxBodyBytes+1))
	if err != nil {
		fake.WriteError(w, http.StatusBadRequest, "request body could not be read")
		return false
	}
	if caretIn(body) {
		badRequest(w, MessageCaret)
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return fake.ReadJSON(w, r, dst, fake.RejectUnknownFields)
}
