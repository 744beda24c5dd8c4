package main

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// config is what one run needs; offline mode fills it from the fake.
type config struct {
	baseURL, apiKey, apiPassword string
	orderForm, serviceID         int64
	webhookURL                   string        // where Workpath should POST events; "" = do not wait for webhooks
	addr                         string        // where the receiver listens (online)
	allowProd                    bool          // permit api.workpath.co
	poll                         time.Duration // wait between intake reads while it is not converted
}

func configFromEnv(getenv func(string) string, addr string) config {
	num := func(k string) int64 { n, _ := strconv.ParseInt(getenv(k), 10, 64); return n }
	return config{
		baseURL: getenv("WORKPATH_BASE_URL"), apiKey: getenv("WORKPATH_CLIENT_ID"), apiPassword: getenv("WORKPATH_CLIENT_SECRET"),
		orderForm: num("WORKPATH_ORDER_FORM"), serviceID: num("WORKPATH_SERVICE_ID"),
		webhookURL: getenv("WORKPATH_WEBHOOK_URL"), addr: addr,
		allowProd: getenv("WORKPATH_ALLOW_PRODUCTION") == "1", poll: 5 * time.Second,
	}
}

func (c config) check() error {
	switch {
	case c.apiKey == "" || c.apiPassword == "":
		return configErr("WORKPATH_CLIENT_ID and WORKPATH_CLIENT_SECRET are required with WORKPATH_BASE_URL")
	case c.orderForm <= 0 || c.serviceID <= 0:
		return configErr("WORKPATH_ORDER_FORM and WORKPATH_SERVICE_ID are required online: their ids differ per Workpath environment")
	}
	u, err := url.Parse(c.baseURL)
	if err != nil || u.Host == "" {
		return configErr("WORKPATH_BASE_URL does not parse")
	}
	if strings.EqualFold(u.Hostname(), "api.workpath.co") && !c.allowProd {
		return configErr("this example creates an intake for a synthetic patient; set WORKPATH_ALLOW_PRODUCTION=1 to run it against Workpath production")
	}
	if c.webhookURL != "" {
		if w, err := url.Parse(c.webhookURL); err != nil || w.Host == "" {
			return configErr("WORKPATH_WEBHOOK_URL does not parse")
		}
	}
	return nil
}

// configError is an incomplete or refused configuration: the program prints the usage and
// exits 2.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

func configErr(msg string) error { return &configError{msg} }
