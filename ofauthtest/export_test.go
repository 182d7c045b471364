package ofauthtest

// InFlight returns how many requests s is handling: a test waits on it
// instead of sleeping until a request is under way.
func InFlight(s *Server) int { return int(s.inFlight.Load()) }
