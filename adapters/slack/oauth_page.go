package slack

import (
	"html/template"
	"net/http"
	"sync"
)

// page is what the install flow shows in the browser.
type page struct {
	Title, Message string
	// Retry offers starting the install again.
	Retry bool
}

// pageTmpl is a plain page in the web pages' colours; it loads nothing
// from anywhere, so the callback URL (with its code) leaks to nobody.
// It is parsed on first use: most servers never show it.
var pageTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · orfix</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}
h1{font-size:1.4rem}a{color:#2563eb}</style></head>
<body><h1>{{.Title}}</h1><p>{{.Message}}</p>
{{if .Retry}}<p><a href="/slack/install">Start the installation again</a></p>{{end}}
</body></html>
`))
})

// writePage answers with p and status code. The page is never cached and
// sends no Referer onwards.
func writePage(w http.ResponseWriter, code int, p page) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_ = pageTmpl().Execute(w, p)
}
