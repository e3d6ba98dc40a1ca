package web

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
)

func TestNiceCeil(t *testing.T) {
	for _, tc := range []struct{ in, want int }{
		{0, 2}, {1, 2}, {2, 2}, {3, 4}, {5, 10}, {10, 10}, {11, 20}, {21, 40}, {41, 100}, {104, 200}, {999, 1000}, {1001, 2000},
	} {
		if got := niceCeil(tc.in); got != tc.want || got%2 != 0 {
			t.Errorf("niceCeil(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// TestAnswersChart checks the SVG is well-formed, scales (a viewBox, no
// fixed size), has no style attribute (the CSP forbids inline styles), and
// that bar heights follow the counts.
func TestAnswersChart(t *testing.T) {
	day0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		counts []int
	}{
		{"empty", nil},
		{"all zero", []int{0, 0, 0}},
		{"a month", func() []int {
			c := make([]int, 30)
			for i := range c {
				c[i] = i * 7
			}
			return c
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var days []store.DayCount
			for i, n := range tc.counts {
				days = append(days, store.DayCount{Day: day0.AddDate(0, 0, i), Answers: n})
			}
			svg := string(answersChart(days))
			var doc struct {
				XMLName xml.Name `xml:"svg"`
				ViewBox string   `xml:"viewBox,attr"`
				Width   string   `xml:"width,attr"`
				Rects   []struct {
					Height float64 `xml:"height,attr"`
					Title  string  `xml:"title"`
				} `xml:"rect"`
			}
			if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
				t.Fatalf("not well-formed: %v\n%s", err, svg)
			}
			if doc.ViewBox != "0 0 640 240" || doc.Width != "" || strings.Contains(svg, "style=") {
				t.Errorf("viewBox %q, width %q, style attribute %v", doc.ViewBox, doc.Width, strings.Contains(svg, "style="))
			}
			if len(doc.Rects) != len(tc.counts) {
				t.Fatalf("%d bars, want %d", len(doc.Rects), len(tc.counts))
			}
			for i := 1; i < len(doc.Rects); i++ {
				if (tc.counts[i] > tc.counts[i-1]) != (doc.Rects[i].Height > doc.Rects[i-1].Height) {
					t.Errorf("bar %d: height %v after %v, counts %d after %d", i, doc.Rects[i].Height, doc.Rects[i-1].Height, tc.counts[i], tc.counts[i-1])
				}
			}
			if len(doc.Rects) > 0 && !strings.HasPrefix(doc.Rects[len(doc.Rects)-1].Title, days[len(days)-1].Day.Format(time.DateOnly)) {
				t.Errorf("last bar's title %q", doc.Rects[len(doc.Rects)-1].Title)
			}
		})
	}
}
