package main

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"strings"

	"github.com/labwire/labwire/ovation"
)

// onlineConfig is what the environment gives the online mode.
type onlineConfig struct {
	baseURL, apiKey, templateID string
	webhookURL                  string // public URL of the receiver; empty: do not wait for webhooks
	username, password          string
	allowProduction             bool
	addr                        string
}

func configFromEnv(get func(string) string, addr string) onlineConfig {
	c := onlineConfig{
		baseURL: get("OVATION_BASE_URL"), apiKey: get("OVATION_API_KEY"), templateID: get("OVATION_PROJECT_TEMPLATE_ID"),
		webhookURL: get("OVATION_WEBHOOK_URL"), username: get("OVATION_WEBHOOK_USERNAME"), password: get("OVATION_WEBHOOK_PASSWORD"),
		allowProduction: get("OVATION_ALLOW_PRODUCTION") == "1", addr: addr,
	}
	if c.username == "" {
		c.username = "ovation-requisitions"
	}
	if c.password == "" {
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		c.password = hex.EncodeToString(b)
	}
	return c
}

func (c onlineConfig) check() error {
	switch {
	case c.apiKey == "":
		return configErr("OVATION_API_KEY is required with OVATION_BASE_URL")
	case c.templateID == "":
		return configErr("OVATION_PROJECT_TEMPLATE_ID is required with OVATION_BASE_URL")
	case !c.allowProduction && strings.HasPrefix(strings.TrimRight(c.baseURL, "/"), strings.TrimSuffix(ovation.ProductionBaseURL, "/api/v3")):
		return configErr("refusing to write synthetic requisitions to Ovation production; set OVATION_ALLOW_PRODUCTION=1 to override")
	}
	if c.webhookURL != "" {
		if u, err := url.Parse(c.webhookURL); err != nil || u.Host == "" {
			return configErr("OVATION_WEBHOOK_URL must be an absolute URL")
		}
	}
	return nil
}

// configError is an incomplete or refused configuration: the program prints the usage and
// exits 2.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

func configErr(msg string) error { return &configError{msg} }
