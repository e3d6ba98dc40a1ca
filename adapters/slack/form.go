package slack

import (
	"mime"
	"net/http"
	"net/url"
)

// formFromBody gives r the form that body, r's body already read, holds,
// as r.ParseForm would: ParseForm then has nothing left to do, and the
// body is neither read nor copied a second time. It does so only for a
// POST of an urlencoded form without a query string that parses without
// error (and no larger than ParseForm reads); any other request is left
// to ParseForm, with its errors.
func formFromBody(r *http.Request, body []byte) {
	if r.Method != http.MethodPost || r.URL.RawQuery != "" || r.PostForm != nil || r.Form != nil || len(body) > maxParsedForm {
		return
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return // ParseForm takes it for application/octet-stream
	}
	if ct, _, err := mime.ParseMediaType(ct); err != nil || ct != "application/x-www-form-urlencoded" {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return
	}
	r.PostForm = form
	r.Form = make(url.Values, len(form)) // as ParseForm: Form is a copy
	for k, vs := range form {
		r.Form[k] = vs
	}
}

// maxParsedForm is the most ParseForm reads of a body not limited by
// http.MaxBytesReader (10 MB).
const maxParsedForm = 10 << 20
