package bot

// incidentOpen counts an incident this process opened: started is false
// when it adopted one another replica (or its previous run) started.
func (m *Metrics) incidentOpen(entry string, started bool) {
	if m == nil {
		return
	}
	m.IncidentsActive.WithLabelValues(entry).Set(1)
	if started {
		m.Incidents.WithLabelValues(entry).Inc()
	}
}

// incidentClosed marks entry's incident over.
func (m *Metrics) incidentClosed(entry string) {
	if m == nil {
		return
	}
	m.IncidentsActive.WithLabelValues(entry).Set(0)
}
