package transport

import (
	"errors"
	"strings"

	"golang.org/x/oauth2"
)

// DefaultSlot is the credential slot of the client's default Auth: the credentials every
// request carries unless it names another slot.
const DefaultSlot = ""

// Slot names a credential slot NewFromOptions requires, with the options that fill it, which
// the error suggests when none was given.
type Slot struct {
	// Name is the slot; DefaultSlot for the client's default credentials.
	Name string
	// Options are the vendor options that fill the slot, e.g. "WithClientCredentials".
	Options []string
}

// CredentialOption returns an Option that fills slot with the Auth that build returns.
// build runs once, after every option has been applied, so it sees the final base URL,
// HTTP client and logger. Filling a slot that another option (or the same one) already
// filled is a *ValidationError naming both options. A build error that is not already a
// *ValidationError is reported as one naming optionName.
func CredentialOption(slot, optionName string, build func(c *Config) (Auth, error)) Option {
	return func(c *Config) error {
		if build == nil {
			return c.invalid(optionName, "has no credentials")
		}
		if prev, ok := c.slots[slot]; ok {
			if prev.option == optionName {
				return c.invalid(optionName, "given twice; credentials are set once")
			}
			return c.invalid(optionName, "conflicts with "+prev.option+": use only one of "+prev.option+" and "+optionName)
		}
		if c.slots == nil {
			c.slots = make(map[string]*credential)
		}
		c.slots[slot] = &credential{option: optionName, build: build}
		c.order = append(c.order, slot)
		return nil
	}
}

// BearerOption fills slot with a fixed "Authorization: Bearer <token>" (an API key, or a
// token the caller renews). An empty or blank token is refused; the error never echoes it.
func BearerOption(slot, optionName, token string) Option {
	if strings.TrimSpace(token) == "" {
		return failed(optionName, "token must not be empty")
	}
	return CredentialOption(slot, optionName, func(*Config) (Auth, error) { return BearerAuth(token), nil })
}

// BasicOption fills slot with HTTP Basic credentials, sent as the base64 of the raw
// "username:password" (nothing escaped). An empty username or password is refused, as is a
// username with a colon, which Basic cannot carry.
func BasicOption(slot, optionName, username, password string) Option {
	switch {
	case strings.TrimSpace(username) == "":
		return failed(optionName, "username must not be empty")
	case strings.Contains(username, ":"):
		return failed(optionName, "username must not contain a colon")
	case password == "":
		return failed(optionName, "password must not be empty")
	}
	return CredentialOption(slot, optionName, func(*Config) (Auth, error) { return BasicAuth(username, password), nil })
}

// TokenSourceOption fills slot with tokens from ts, as TokenAuth sends them. Pass an
// uncached source: the client caches it and forces one refresh after a 401.
func TokenSourceOption(slot, optionName string, ts oauth2.TokenSource) Option {
	if ts == nil {
		return failed(optionName, "token source must not be nil")
	}
	return CredentialOption(slot, optionName, func(*Config) (Auth, error) { return TokenAuth(ts), nil })
}

// InvalidOption returns an Option that fails with a *ValidationError naming optionName, for
// a vendor option whose arguments are wrong before it fills anything. reason must not hold
// the argument's value.
func InvalidOption(optionName, reason string) Option { return failed(optionName, reason) }

func failed(optionName, reason string) Option {
	return func(c *Config) error { return c.invalid(optionName, reason) }
}

// NewFromOptions applies opts over the defaults (Vendor vendor, BaseURL defaultBaseURL),
// checks that every slot in required is filled, builds each slot's Auth (the DefaultSlot's
// becomes Settings.Auth; an unfilled DefaultSlot sends no credentials) and builds the
// Client. Every error is a *ValidationError naming the option. A nil option is skipped.
// The returned Config holds the built credentials of every slot; see AuthFor.
func NewFromOptions(vendor, defaultBaseURL string, required []Slot, opts ...Option) (*Client, *Config, error) {
	c := &Config{Settings: Settings{Vendor: vendor, BaseURL: defaultBaseURL}}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, nil, asValidation(c, "options", err)
		}
	}
	for _, s := range required {
		if _, ok := c.slots[s.Name]; !ok {
			return nil, nil, c.invalid(slotField(s.Name), "required: use "+orList(s.Options))
		}
	}
	c.auths = make(map[string]Auth, len(c.slots))
	for _, name := range c.order {
		cred := c.slots[name]
		a, err := cred.build(c)
		if err != nil {
			return nil, nil, asValidation(c, cred.option, err)
		}
		if a == nil {
			return nil, nil, c.invalid(cred.option, "built no credentials")
		}
		c.auths[name] = a
	}
	c.Auth = c.auths[DefaultSlot]
	if c.Auth == nil {
		c.Auth = NoAuth
	}
	tc, err := New(c.Settings)
	if err != nil {
		return nil, nil, asValidation(c, "options", err)
	}
	return tc, c, nil
}

// AuthFor returns the credentials built for slot, to put in Request.Auth on the routes that
// need them, or nil when no option filled that slot (refuse the call before sending, naming
// the option). It is meaningful on the Config NewFromOptions returned.
func (c *Config) AuthFor(slot string) Auth { return c.auths[slot] }

// OptionFor returns the name of the option that filled slot, or "" if none did.
func (c *Config) OptionFor(slot string) string {
	if cred, ok := c.slots[slot]; ok {
		return cred.option
	}
	return ""
}

// asValidation returns err if it is a *ValidationError, else one naming field whose reason
// is err's text without a leading "vendor: ".
func asValidation(c *Config, field string, err error) error {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return err
	}
	return c.invalid(field, strings.TrimPrefix(err.Error(), c.Vendor+": "))
}

func slotField(slot string) string {
	if slot == DefaultSlot {
		return "credentials"
	}
	return slot + " credentials"
}

// orList joins names as "A", "A or B", "A, B or C".
func orList(names []string) string {
	switch len(names) {
	case 0:
		return "a credential option"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
