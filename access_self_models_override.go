package ofauth

import "encoding/json"

// Written by hand: SelfUpdateParams marshals itself, so that ClearAbout
// can send an empty about.

// SelfUpdateParams change the connected account's profile; fields left
// empty are not changed.
type SelfUpdateParams struct {
	Name  string // display name, up to 100 characters
	About string // bio, up to 1000 characters
	// ClearAbout empties the bio (sent as "about": ""); About is then
	// ignored.
	ClearAbout bool
}

// MarshalJSON sends the fields that change something.
func (p SelfUpdateParams) MarshalJSON() ([]byte, error) {
	body := map[string]string{}
	if p.Name != "" {
		body["name"] = p.Name
	}
	switch {
	case p.ClearAbout:
		body["about"] = ""
	case p.About != "":
		body["about"] = p.About
	}
	return json.Marshal(body)
}

// empty reports whether the params change nothing.
func (p *SelfUpdateParams) empty() bool {
	return p == nil || (p.Name == "" && p.About == "" && !p.ClearAbout)
}
