module certgate.invalid/differential/go

// The go line sets the GODEBUG defaults, so this is Go 1.27's crypto/x509 as
// a program built for Go 1.27 gets it.
go 1.27
