// The certgate-bench peer for Go: the same 3-certificate chains through
// crypto/x509's Certificate.Verify (parse included, as certgate's report
// parses), and Go's raw signature-verify rate. Stdlib only.
//
//	go run main.go VECTOR_DIR SECONDS
//
// Prints one line per figure: "name rate".
package main

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

func der(dir, name string) []byte {
	text, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		panic(err)
	}
	block, _ := pem.Decode(text)
	if block == nil {
		panic("no PEM in " + name)
	}
	return block.Bytes
}

func measure(seconds float64, step func()) float64 {
	for i := 0; i < 16; i++ {
		step()
	}
	start := time.Now()
	calls := 0
	for time.Since(start).Seconds() < seconds {
		for i := 0; i < 16; i++ {
			step()
		}
		calls += 16
	}
	return float64(calls) / time.Since(start).Seconds()
}

func main() {
	dir := os.Args[1]
	seconds, _ := strconv.ParseFloat(os.Args[2], 64)
	now := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, algorithm := range []string{"rsa2048", "p256"} {
		leafDer := der(dir, algorithm+"-leaf.pem")
		intermediateDer := der(dir, algorithm+"-intermediate.pem")
		rootDer := der(dir, algorithm+"-root.pem")
		chain := func() {
			leaf, err1 := x509.ParseCertificate(leafDer)
			intermediate, err2 := x509.ParseCertificate(intermediateDer)
			root, err3 := x509.ParseCertificate(rootDer)
			if err1 != nil || err2 != nil || err3 != nil {
				panic("parse")
			}
			roots := x509.NewCertPool()
			roots.AddCert(root)
			intermediates := x509.NewCertPool()
			intermediates.AddCert(intermediate)
			_, err := leaf.Verify(x509.VerifyOptions{
				Roots: roots, Intermediates: intermediates, CurrentTime: now,
				DNSName: "bench.example.com", KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			})
			if err != nil {
				panic(err)
			}
		}
		fmt.Printf("go-chain-%s %.0f\n", algorithm, measure(seconds, chain))
		leaf, _ := x509.ParseCertificate(leafDer)
		intermediate, _ := x509.ParseCertificate(intermediateDer)
		verify := func() {
			if err := leaf.CheckSignatureFrom(intermediate); err != nil {
				panic(err)
			}
		}
		fmt.Printf("go-verify-%s %.0f\n", algorithm, measure(seconds, verify))
	}
}
