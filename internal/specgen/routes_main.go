package main

// runRoutes writes the fake API's route table (ofauthtest/routes_gen.go)
// derived from the spec at specPath to out, leaving an up-to-date file
// untouched.
func runRoutes(specPath, out string) error {
	spec, err := loadSpecFile(specPath)
	if err != nil {
		return err
	}
	src, err := RouteTable(spec, "ofauthtest")
	if err != nil {
		return err
	}
	return writeIfChanged(out, src)
}
