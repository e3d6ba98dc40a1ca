package bot

// Prefixed keys of other services, compiled by hand from gitleaks' rule set
// (MIT): each rule is a literal prefix, the class of the characters after it
// and a length range. The scanner looks rules up by the first byte of a
// token, so adding a rule costs nothing on tokens that start with another
// byte, and the pass stays linear.

import "strings"

// prefixRule is one prefixed key format.
type prefixRule struct {
	prefix string
	id     string // Finding.Kind, gitleaks' rule id where there is one
	label  string
	class  byte // see inClass
	min    int  // body length range, the prefix excluded
	max    int
	// loose skips the random-material checks: the prefix alone is
	// distinctive and the body may legitimately repeat (age keys).
	loose bool
	// check, when set, is a further test of the body's structure.
	check func(body string) bool
}

// prefixRules is read-only. Kinds of its rules are kindTable+index.
var prefixRules = [...]prefixRule{
	{prefix: "A3-", id: "1password-secret-key", label: "1Password secret key", class: 'U', min: 31, max: 40},
	{prefix: "ops_eyJ", id: "1password-service-account-token", label: "1Password service account token", class: 'b', min: 50, max: 4096},
	{prefix: "p8e-", id: "adobe-client-secret", label: "Adobe client secret", class: 'a', min: 32, max: 32},
	{prefix: "AGE-SECRET-KEY-1", id: "age-secret-key", label: "age secret key", class: 'U', min: 58, max: 58, loose: true},
	{prefix: "LTAI", id: "alibaba-access-key-id", label: "Alibaba Cloud AccessKey ID", class: 'a', min: 20, max: 20},
	{prefix: "AKCp", id: "artifactory-api-key", label: "JFrog Artifactory API key", class: 'a', min: 69, max: 69},
	{prefix: "cmVmd", id: "artifactory-reference-token", label: "JFrog Artifactory reference token", class: 'a', min: 59, max: 59},
	{prefix: "ATATT3", id: "atlassian-api-token", label: "Atlassian API token", class: 'e', min: 150, max: 300},
	{prefix: "ABSK", id: "aws-bedrock-api-key", label: "Amazon Bedrock API key", class: 'b', min: 100, max: 300},
	{prefix: "bedrock-api-key-", id: "aws-bedrock-api-key", label: "Amazon Bedrock API key", class: 'b', min: 28, max: 4096,
		check: func(b string) bool { return strings.HasPrefix(b, "YmVkcm9jay5hbWF6b25hd3MuY29t") }},
	{prefix: "b_", id: "beamer-api-token", label: "Beamer API token", class: 'e', min: 44, max: 44},
	{prefix: "CLOJARS_", id: "clojars-api-token", label: "Clojars deploy token", class: 'a', min: 60, max: 60},
	{prefix: "v1.0-", id: "cloudflare-origin-ca-key", label: "Cloudflare Origin CA key", class: 't', min: 150, max: 200},
	{prefix: "dapi", id: "databricks-api-token", label: "Databricks token", class: 't', min: 32, max: 34,
		check: func(b string) bool { return lowerHex(b[:32]) }},
	{prefix: "dnkey-", id: "defined-networking-api-token", label: "Defined Networking API token", class: 'e', min: 79, max: 79},
	{prefix: "doo_v1_", id: "digitalocean-access-token", label: "DigitalOcean OAuth token", class: 'a', min: 64, max: 64},
	{prefix: "dop_v1_", id: "digitalocean-pat", label: "DigitalOcean personal access token", class: 'a', min: 64, max: 64},
	{prefix: "dor_v1_", id: "digitalocean-refresh-token", label: "DigitalOcean refresh token", class: 'a', min: 64, max: 64},
	{prefix: "dp.pt.", id: "doppler-api-token", label: "Doppler token", class: 'a', min: 43, max: 43},
	{prefix: "duffel_test_", id: "duffel-api-token", label: "Duffel API token", class: 'e', min: 43, max: 43},
	{prefix: "duffel_live_", id: "duffel-api-token", label: "Duffel API token", class: 'e', min: 43, max: 43},
	{prefix: "dt0c01.", id: "dynatrace-api-token", label: "Dynatrace API token", class: 'd', min: 89, max: 89},
	{prefix: "EZAK", id: "easypost-api-token", label: "EasyPost API key", class: 'a', min: 54, max: 54},
	{prefix: "EZTK", id: "easypost-api-token", label: "EasyPost API key", class: 'a', min: 54, max: 54},
	{prefix: "EAAM", id: "facebook-page-access-token", label: "Facebook access token", class: 'a', min: 100, max: 400},
	{prefix: "EAAC", id: "facebook-page-access-token", label: "Facebook access token", class: 'a', min: 100, max: 400},
	{prefix: "FLWPUBK_TEST-", id: "flutterwave-public-key", label: "Flutterwave key", class: 't', min: 12, max: 40},
	{prefix: "FLWSECK_TEST-", id: "flutterwave-secret-key", label: "Flutterwave key", class: 't', min: 12, max: 40},
	{prefix: "FLWSECK-", id: "flutterwave-secret-key", label: "Flutterwave key", class: 't', min: 12, max: 40},
	{prefix: "fo1_", id: "flyio-access-token", label: "Fly.io token", class: 't', min: 43, max: 43},
	{prefix: "fm1a_", id: "flyio-access-token", label: "Fly.io token", class: 'b', min: 100, max: 4096},
	{prefix: "fm1r_", id: "flyio-access-token", label: "Fly.io token", class: 'b', min: 100, max: 4096},
	{prefix: "fm2_", id: "flyio-access-token", label: "Fly.io token", class: 'b', min: 100, max: 4096},
	{prefix: "fio-u-", id: "frameio-api-token", label: "Frame.io API token", class: 'e', min: 64, max: 64},
	{prefix: "glpat-", id: "gitlab-pat", label: "GitLab token", class: 'd', min: 20, max: 300},
	{prefix: "gldt-", id: "gitlab-deploy-token", label: "GitLab token", class: 't', min: 20, max: 64},
	{prefix: "glffct-", id: "gitlab-feature-flag-client-token", label: "GitLab token", class: 't', min: 20, max: 64},
	{prefix: "glft-", id: "gitlab-feed-token", label: "GitLab token", class: 't', min: 20, max: 64},
	{prefix: "glimt-", id: "gitlab-incoming-mail-token", label: "GitLab token", class: 't', min: 25, max: 64},
	{prefix: "glagent-", id: "gitlab-kubernetes-agent-token", label: "GitLab token", class: 't', min: 50, max: 64},
	{prefix: "gloas-", id: "gitlab-oauth-app-secret", label: "GitLab token", class: 't', min: 64, max: 64},
	{prefix: "glptt-", id: "gitlab-ptt", label: "GitLab token", class: 't', min: 40, max: 40},
	{prefix: "glrt-", id: "gitlab-runner-authentication-token", label: "GitLab token", class: 'd', min: 20, max: 300},
	{prefix: "glsoat-", id: "gitlab-scim-token", label: "GitLab token", class: 't', min: 20, max: 64},
	{prefix: "glcbt-", id: "gitlab-cicd-job-token", label: "GitLab token", class: 't', min: 20, max: 64},
	{prefix: "GR1348941", id: "gitlab-rrt", label: "GitLab token", class: 't', min: 20, max: 64},
	{prefix: "_gitlab_session=", id: "gitlab-session-cookie", label: "GitLab session cookie", class: 'a', min: 32, max: 32},
	{prefix: "eyJrIjoi", id: "grafana-api-key", label: "Grafana API key", class: 'b', min: 62, max: 400},
	{prefix: "glc_", id: "grafana-cloud-api-token", label: "Grafana Cloud token", class: 'b', min: 32, max: 400},
	{prefix: "glsa_", id: "grafana-service-account-token", label: "Grafana service account token", class: 'w', min: 41, max: 41},
	{prefix: "pat.", id: "harness-api-key", label: "Harness API key", class: 'd', min: 68, max: 68},
	{prefix: "sat.", id: "harness-api-key", label: "Harness API key", class: 'd', min: 68, max: 68},
	{prefix: "HRKU-AA", id: "heroku-api-key-v2", label: "Heroku API key", class: 't', min: 58, max: 58},
	{prefix: "api_org_", id: "huggingface-organization-api-token", label: "Hugging Face token", class: 'a', min: 34, max: 34},
	{prefix: "ico-", id: "infracost-api-token", label: "Infracost API key", class: 'a', min: 32, max: 32},
	{prefix: "s-s4t2ud-", id: "intra42-client-secret", label: "42 Intra client secret", class: 'a', min: 64, max: 64},
	{prefix: "s-s4t2af-", id: "intra42-client-secret", label: "42 Intra client secret", class: 'a', min: 64, max: 64},
	{prefix: "ZXlK", id: "jwt-base64", label: "JSON Web Token (base64)", class: 'b', min: 60, max: 8192},
	{prefix: "lin_api_", id: "linear-api-key", label: "Linear API key", class: 'a', min: 40, max: 40},
	{prefix: "pubkey-", id: "mailgun-pub-key", label: "Mailgun key", class: 'a', min: 32, max: 32},
	{prefix: "pk.", id: "mapbox-api-token", label: "Mapbox token", class: 'd', min: 83, max: 83},
	{prefix: "sk.", id: "mapbox-api-token", label: "Mapbox token", class: 'd', min: 83, max: 83},
	{prefix: "NRJS-", id: "new-relic-browser-api-token", label: "New Relic key", class: 'a', min: 19, max: 19},
	{prefix: "NRII-", id: "new-relic-insert-key", label: "New Relic key", class: 't', min: 32, max: 32},
	{prefix: "NRAK-", id: "new-relic-user-api-key", label: "New Relic key", class: 'a', min: 27, max: 27},
	{prefix: "ntn_", id: "notion-api-token", label: "Notion API token", class: 'a', min: 46, max: 46},
	{prefix: "npm_", id: "npm-access-token", label: "npm access token", class: 'a', min: 36, max: 36},
	{prefix: "API-", id: "octopus-deploy-api-key", label: "Octopus Deploy API key", class: 'a', min: 26, max: 26},
	{prefix: "sha256~", id: "openshift-user-token", label: "OpenShift token", class: 't', min: 43, max: 43},
	{prefix: "pplx-", id: "perplexity-api-key", label: "Perplexity API key", class: 'a', min: 48, max: 48},
	{prefix: "access-sandbox-", id: "plaid-api-token", label: "Plaid access token", class: 't', min: 36, max: 36},
	{prefix: "access-development-", id: "plaid-api-token", label: "Plaid access token", class: 't', min: 36, max: 36},
	{prefix: "access-production-", id: "plaid-api-token", label: "Plaid access token", class: 't', min: 36, max: 36},
	{prefix: "pscale_tkn_", id: "planetscale-api-token", label: "PlanetScale token", class: 'e', min: 32, max: 64},
	{prefix: "pscale_oauth_", id: "planetscale-oauth-token", label: "PlanetScale token", class: 'e', min: 32, max: 64},
	{prefix: "pscale_pw_", id: "planetscale-password", label: "PlanetScale password", class: 'e', min: 32, max: 64},
	{prefix: "PMAK-", id: "postman-api-token", label: "Postman API key", class: 't', min: 59, max: 59},
	{prefix: "pnu_", id: "prefect-api-token", label: "Prefect API key", class: 'a', min: 36, max: 36},
	{prefix: "pul-", id: "pulumi-api-token", label: "Pulumi access token", class: 'a', min: 40, max: 40},
	{prefix: "pypi-AgEIcHlwaS5vcmc", id: "pypi-upload-token", label: "PyPI token", class: 't', min: 50, max: 1000},
	{prefix: "rdme_", id: "readme-api-token", label: "ReadMe API key", class: 'a', min: 70, max: 70},
	{prefix: "rubygems_", id: "rubygems-api-token", label: "RubyGems API key", class: 'a', min: 48, max: 48},
	{prefix: "tk-us-", id: "scalingo-api-token", label: "Scalingo API token", class: 't', min: 48, max: 48},
	{prefix: "SG.", id: "sendgrid-api-token", label: "SendGrid API key", class: 'e', min: 66, max: 66},
	{prefix: "xkeysib-", id: "sendinblue-api-token", label: "Brevo (Sendinblue) API key", class: 't', min: 81, max: 81},
	{prefix: "sntrys_eyJ", id: "sentry-org-token", label: "Sentry token", class: 'x', min: 50, max: 4096,
		check: func(b string) bool { return len(b)-strings.LastIndexByte(b, '_') == 44 }},
	{prefix: "sntryu_", id: "sentry-user-token", label: "Sentry token", class: 'a', min: 64, max: 64},
	{prefix: "sm_aat_", id: "settlemint-access-token", label: "SettleMint token", class: 'a', min: 16, max: 16},
	{prefix: "sm_pat_", id: "settlemint-access-token", label: "SettleMint token", class: 'a', min: 16, max: 16},
	{prefix: "sm_sat_", id: "settlemint-access-token", label: "SettleMint token", class: 'a', min: 16, max: 16},
	{prefix: "shippo_live_", id: "shippo-api-token", label: "Shippo API token", class: 'a', min: 40, max: 40},
	{prefix: "shippo_test_", id: "shippo-api-token", label: "Shippo API token", class: 'a', min: 40, max: 40},
	{prefix: "shpat_", id: "shopify-access-token", label: "Shopify token", class: 'a', min: 32, max: 32},
	{prefix: "shpca_", id: "shopify-access-token", label: "Shopify token", class: 'a', min: 32, max: 32},
	{prefix: "shppa_", id: "shopify-access-token", label: "Shopify token", class: 'a', min: 32, max: 32},
	{prefix: "shpss_", id: "shopify-shared-secret", label: "Shopify token", class: 'a', min: 32, max: 32},
	{prefix: "xoxo-", id: "slack", label: "Slack token", class: 't', min: 20, max: 200},
	{prefix: "xoxe.xox", id: "slack", label: "Slack token", class: 't', min: 20, max: 300},
	{prefix: "squ_", id: "sonar-api-token", label: "SonarQube token", class: 'a', min: 40, max: 40},
	{prefix: "sqp_", id: "sonar-api-token", label: "SonarQube token", class: 'a', min: 40, max: 40},
	{prefix: "sqa_", id: "sonar-api-token", label: "SonarQube token", class: 'a', min: 40, max: 40},
	{prefix: "sgp_", id: "sourcegraph-access-token", label: "Sourcegraph token", class: 'w', min: 40, max: 80,
		check: sourcegraphBody},
	{prefix: "sq0atp-", id: "square-access-token", label: "Square token", class: 't', min: 22, max: 60},
	{prefix: "sq0csp-", id: "square-secret", label: "Square token", class: 't', min: 43, max: 43},
	{prefix: "EAAA", id: "square-access-token", label: "Square token", class: 't', min: 60, max: 60},
	{prefix: "sk_live_", id: "stripe-access-token", label: "Stripe API key", class: 'a', min: 10, max: 120},
	{prefix: "sk_test_", id: "stripe-access-token", label: "Stripe API key", class: 'a', min: 10, max: 120},
	{prefix: "sk_prod_", id: "stripe-access-token", label: "Stripe API key", class: 'a', min: 10, max: 120},
	{prefix: "rk_live_", id: "stripe-access-token", label: "Stripe API key", class: 'a', min: 10, max: 120},
	{prefix: "rk_test_", id: "stripe-access-token", label: "Stripe API key", class: 'a', min: 10, max: 120},
	{prefix: "rk_prod_", id: "stripe-access-token", label: "Stripe API key", class: 'a', min: 10, max: 120},
	{prefix: "SK", id: "twilio-api-key", label: "Twilio API key", class: 'H', min: 32, max: 32},
	{prefix: "AAAAAAAAAAAAAAAAAAAAA", id: "twitter-bearer-token", label: "X (Twitter) bearer token", class: 'p', min: 80, max: 120},
	{prefix: "tfp_", id: "typeform-api-token", label: "Typeform token", class: 'e', min: 59, max: 59},
	{prefix: "s.", id: "vault-service-token", label: "HashiCorp Vault token", class: 'a', min: 24, max: 24},
	{prefix: "hvs.", id: "vault-service-token", label: "HashiCorp Vault token", class: 't', min: 90, max: 120},
	{prefix: "hvb.", id: "vault-batch-token", label: "HashiCorp Vault token", class: 't', min: 138, max: 300},
	{prefix: "t1.", id: "yandex-access-token", label: "Yandex token", class: 'e', min: 80, max: 200},
	{prefix: "AQVN", id: "yandex-api-key", label: "Yandex API key", class: 't', min: 35, max: 38},
	{prefix: "YCAJ", id: "yandex-aws-access-token", label: "Yandex key", class: 't', min: 36, max: 36},
	{prefix: "YCCT", id: "yandex-aws-access-token", label: "Yandex key", class: 't', min: 36, max: 36},
}

// inClass reports whether c may appear in a rule body of class k:
// 'a' [A-Za-z0-9], 'w' [A-Za-z0-9_], 't' [A-Za-z0-9_-], 'd' [A-Za-z0-9_.-],
// 'e' [A-Za-z0-9_.=-], 'b' base64 [A-Za-z0-9+/=], 'U' [A-Z0-9-],
// 'H' [0-9a-fA-F], 'p' [A-Za-z0-9%], 'x' [A-Za-z0-9+/=_-].
func inClass(c, k byte) bool {
	switch k {
	case 'a':
		return isAlnum(c)
	case 'w':
		return isWord(c)
	case 't':
		return isTok(c)
	case 'd':
		return isTok(c) || c == '.'
	case 'e':
		return isTok(c) || c == '.' || c == '='
	case 'b':
		return isB64Std(c) || c == '='
	case 'U':
		return isUpper(c) || isDigit(c) || c == '-'
	case 'H':
		return isHex(c)
	case 'p':
		return isAlnum(c) || c == '%'
	case 'x':
		return isTok(c) || c == '+' || c == '/' || c == '='
	}
	return false
}

// rulesByFirst lists, for each byte, the indexes of the rules whose prefix
// starts with it, longest prefix first. It is built once and only read.
var rulesByFirst = func() (idx [256][]uint8) {
	for i, r := range prefixRules {
		idx[r.prefix[0]] = append(idx[r.prefix[0]], uint8(i))
	}
	for b := range idx {
		l := idx[b]
		for i := 1; i < len(l); i++ { // insertion sort by prefix length, descending
			for j := i; j > 0 && len(prefixRules[l[j]].prefix) > len(prefixRules[l[j-1]].prefix); j-- {
				l[j], l[j-1] = l[j-1], l[j]
			}
		}
	}
	return idx
}()

// sourcegraphBody checks a Sourcegraph token after sgp_: 40 hex digits, or
// 16 hex digits or "local", an underscore and 40 hex digits.
func sourcegraphBody(b string) bool {
	if len(b) == 40 {
		return isHexString(b)
	}
	head, tail, ok := strings.Cut(b, "_")
	return ok && len(tail) == 40 && isHexString(tail) && (head == "local" || len(head) == 16 && isHexString(head))
}

func isHexString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// ruleFirst marks the bytes some rule's prefix starts with.
var ruleFirst = func() (first [256]bool) {
	for _, r := range prefixRules {
		first[r.prefix[0]] = true
	}
	return first
}()

// ruleAt tries the table rules whose prefix starts at i (a token start).
// It returns where the examined token ends, so the caller can skip it.
func (s *scanner) ruleAt(i int) int {
	t := s.text
	if i >= 2 && t[i-1] == '.' && isWord(t[i-2]) {
		return i // part of a file or host name: video_box.ico-7a38….png
	}
	for _, ri := range rulesByFirst[t[i]] {
		r := &prefixRules[ri]
		if i+1 >= len(t) || t[i+1] != r.prefix[1] || !strings.HasPrefix(t[i:], r.prefix) {
			continue
		}
		from := i + len(r.prefix)
		end := from
		for end < len(t) && end-from <= r.max && inClass(t[end], r.class) {
			end++
		}
		n := end - from
		if n < r.min || n > r.max || (end < len(t) && isWord(t[end])) {
			return end
		}
		for end > from && r.class != 'b' && r.class != 'e' && t[end-1] == '.' {
			end--
		}
		body := t[from:end]
		if maskedAfter(t, end) || (!r.loose && !ruleBodyPlausible(body, len(r.prefix) < 3)) ||
			(r.check != nil && !r.check(body)) {
			return end
		}
		s.add(candidate{start: i, end: end, kind: kindTable + secretKind(ri), prio: prioVendor,
			prefix: len(r.prefix), tail: 4})
		return end
	}
	return i
}

// ruleBodyPlausible is the check on a table rule's body: random material,
// not a placeholder or a mask. The prefix already says what it is, so the
// bar is lower than for a bare value, except after a short prefix (strict:
// the body must hold a digit too).
func ruleBodyPlausible(body string, strict bool) bool {
	if repeated(body) || xRun(body) >= 5 || sameRun(body) >= 6 || placeholderWords(body) {
		return false
	}
	if !randomRun(body, 8, false) || identifierLike(body) {
		return false
	}
	if strict && !hasDigit(body) {
		return false
	}
	return entropy(body) >= 2.5
}
