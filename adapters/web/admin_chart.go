package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/orfix/orfix/bot/store"
)

// The chart's drawing space: the SVG scales to the width of its box (CSS
// gives it width 100%), so these are proportions, not pixels.
const (
	chartW, chartH       = 640, 240
	chartLeft, chartBase = 56, 208 // the y axis and the x axis
	chartTop, chartRight = 12, 606 // room for half the last date
)

// answersChart draws answers per day as an SVG bar chart, inline in the
// page. It is written by hand: the Go chart libraries style their SVG with
// style attributes, which the Content-Security-Policy (no inline styles)
// blocks, and pull in font rasterising this needs none of. Colours come
// from admin.css through the classes.
func answersChart(days []store.DayCount) template.HTML {
	var b strings.Builder
	total, peak := 0, 0
	for _, d := range days {
		total += d.Answers
		peak = max(peak, d.Answers)
	}
	top := niceCeil(peak)
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">`, chartW, chartH)
	fmt.Fprintf(&b, `<title id="chart-title">Answers per day</title><desc id="chart-desc">%d answers over %d days, at most %d on one day.</desc>`, total, len(days), peak)
	// Grid lines and y labels at 0, half and the top.
	for _, v := range []int{0, top / 2, top} {
		y := chartBase - float64(v)/float64(top)*(chartBase-chartTop)
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, chartLeft, y, chartRight, y)
		fmt.Fprintf(&b, `<text class="axis" x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%d</text>`, chartLeft-6, y, v)
	}
	if n := len(days); n > 0 {
		slot := float64(chartRight-chartLeft) / float64(n)
		gap := slot * 0.2
		labelEvery := max(1, (n+5)/6) // about six dates under the axis
		for i, d := range days {
			x := chartLeft + float64(i)*slot
			h := float64(d.Answers) / float64(top) * (chartBase - chartTop)
			fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d answers</title></rect>`,
				x+gap/2, chartBase-h, slot-gap, h, d.Day.Format(time.DateOnly), d.Answers)
			if (n-1-i)%labelEvery == 0 { // the last day always has its date
				fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x+slot/2, chartBase+22, d.Day.Format("Jan 2"))
			}
		}
	}
	fmt.Fprintf(&b, `<line class="base" x1="%d" y1="%d" x2="%d" y2="%d"/>`, chartLeft, chartBase, chartRight, chartBase)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // built from numbers and dates only
}

// niceCeil is the smallest of 2, 4 or 10 times a power of ten that is at
// least n: a round top for the y axis whose half is a whole number.
func niceCeil(n int) int {
	if n <= 2 {
		return 2
	}
	for p := 1; ; p *= 10 {
		for _, m := range []int{2, 4, 10} {
			if m*p >= n {
				return m * p
			}
		}
	}
}
