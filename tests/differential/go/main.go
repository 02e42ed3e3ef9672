// Command go runs Go's crypto/x509 Verify on a limbo-format suite: suite JSON
// on stdin, limbo result JSON on stdout.
//
// The mapping of a case to VerifyOptions is the one Go's own limbo test uses
// (src/crypto/x509/x509limbo_test.go in Go 1.27): the same skips, DNSName from
// the SERVER peer name (IPs in brackets), KeyUsages from extended_key_usage,
// and for CLIENT cases VerifyHostname on every expected peer name after the
// chain verifies.
package main

import (
	"bufio"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"
)

type peerName struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

type testcase struct {
	ID                     string     `json:"id"`
	Features               []string   `json:"features"`
	ValidationKind         string     `json:"validation_kind"`
	TrustedCerts           []string   `json:"trusted_certs"`
	UntrustedIntermediates []string   `json:"untrusted_intermediates"`
	PeerCertificate        string     `json:"peer_certificate"`
	ValidationTime         *string    `json:"validation_time"`
	SignatureAlgorithms    []string   `json:"signature_algorithms"`
	KeyUsage               []string   `json:"key_usage"`
	ExtendedKeyUsage       []string   `json:"extended_key_usage"`
	ExpectedPeerName       *peerName  `json:"expected_peer_name"`
	ExpectedPeerNames      []peerName `json:"expected_peer_names"`
	MaxChainDepth          *int       `json:"max_chain_depth"`
	Crls                   []string   `json:"crls"`
}

type suite struct {
	Testcases []testcase `json:"testcases"`
}

type result struct {
	ID           string  `json:"id"`
	ActualResult string  `json:"actual_result"`
	Context      *string `json:"context"`
}

type results struct {
	Version int      `json:"version"`
	Harness string   `json:"harness"`
	Results []result `json:"results"`
}

var extKeyUsages = map[string]x509.ExtKeyUsage{
	"anyExtendedKeyUsage": x509.ExtKeyUsageAny,
	"clientAuth":          x509.ExtKeyUsageClientAuth,
	"codeSigning":         x509.ExtKeyUsageCodeSigning,
	"emailProtection":     x509.ExtKeyUsageEmailProtection,
	"OCSPSigning":         x509.ExtKeyUsageOCSPSigning,
	"serverAuth":          x509.ExtKeyUsageServerAuth,
	"timeStamping":        x509.ExtKeyUsageTimeStamping,
}

type verdict struct {
	result  string
	context string
}

func skip(format string, args ...any) verdict {
	return verdict{"SKIPPED", fmt.Sprintf(format, args...)}
}

func failure(err error) verdict {
	return verdict{"FAILURE", err.Error()}
}

func evaluate(tc *testcase) verdict {
	// The skips of Go's x509limbo_test.go: inputs Verify has no option for.
	if slices.Contains(tc.Features, "has-crl") {
		return skip("crypto/x509 Verify does not check revocation (CRLs)")
	}
	if slices.Contains(tc.Features, "max-chain-depth") {
		return skip("crypto/x509 Verify has no maximum chain depth option")
	}
	if slices.Contains(tc.Features, "name-constraint-dn") {
		return skip("crypto/x509 does not support directoryName name constraints")
	}
	if len(tc.SignatureAlgorithms) != 0 {
		return skip("signature algorithms are not configurable in crypto/x509")
	}
	if len(tc.KeyUsage) != 0 && !slices.Contains(tc.KeyUsage, "digitalSignature") {
		return skip("key usages other than digitalSignature are not checked by crypto/x509")
	}

	var dnsName string
	if tc.ValidationKind == "SERVER" && tc.ExpectedPeerName != nil {
		switch tc.ExpectedPeerName.Kind {
		case "DNS":
			dnsName = tc.ExpectedPeerName.Value
		case "IP":
			dnsName = "[" + tc.ExpectedPeerName.Value + "]"
		default:
			return skip("crypto/x509 does not verify %s peer names", tc.ExpectedPeerName.Kind)
		}
	}
	if tc.ValidationKind == "CLIENT" {
		for _, name := range tc.ExpectedPeerNames {
			if name.Kind != "DNS" && name.Kind != "IP" {
				return skip("crypto/x509 does not verify %s peer names", name.Kind)
			}
		}
	}

	var keyUsages []x509.ExtKeyUsage
	for _, name := range tc.ExtendedKeyUsage {
		usage, ok := extKeyUsages[name]
		if !ok {
			return skip("unsupported extended key usage %s", name)
		}
		keyUsages = append(keyUsages, usage)
	}

	now := time.Now()
	if tc.ValidationTime != nil {
		parsed, err := time.Parse(time.RFC3339, *tc.ValidationTime)
		if err != nil {
			return skip("unreadable validation_time: %v", err)
		}
		now = parsed
	}

	// AppendCertsFromPEM leaves out what does not parse, as Go's test does.
	roots, intermediates := x509.NewCertPool(), x509.NewCertPool()
	for _, text := range tc.TrustedCerts {
		roots.AppendCertsFromPEM([]byte(text))
	}
	for _, text := range tc.UntrustedIntermediates {
		intermediates.AppendCertsFromPEM([]byte(text))
	}

	// A leaf that does not parse fails (limbo's rule, and Go's test's).
	block, rest := pem.Decode([]byte(tc.PeerCertificate))
	if block == nil || block.Type != "CERTIFICATE" {
		return verdict{"FAILURE", "peer certificate is not a PEM CERTIFICATE"}
	}
	if len(rest) > 0 {
		return verdict{"FAILURE", fmt.Sprintf("peer certificate has %d trailing bytes", len(rest))}
	}
	peer, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return failure(err)
	}

	if _, err := peer.Verify(x509.VerifyOptions{
		DNSName:       dnsName,
		Intermediates: intermediates,
		Roots:         roots,
		CurrentTime:   now,
		KeyUsages:     keyUsages,
	}); err != nil {
		return failure(err)
	}
	if tc.ValidationKind == "CLIENT" {
		for _, name := range tc.ExpectedPeerNames {
			if err := peer.VerifyHostname(name.Value); err != nil {
				return failure(err)
			}
		}
	}
	return verdict{"SUCCESS", ""}
}

func main() {
	var input suite
	if err := json.NewDecoder(bufio.NewReader(os.Stdin)).Decode(&input); err != nil {
		fmt.Fprintf(os.Stderr, "go oracle: stdin is not limbo JSON: %v\n", err)
		os.Exit(2)
	}
	output := results{Version: 1, Harness: "gocryptox509-" + runtime.Version(), Results: []result{}}
	for i := range input.Testcases {
		tc := &input.Testcases[i]
		v := evaluate(tc)
		r := result{ID: tc.ID, ActualResult: v.result}
		if v.context != "" {
			r.Context = &v.context
		}
		output.Results = append(output.Results, r)
	}
	writer := bufio.NewWriter(os.Stdout)
	if err := json.NewEncoder(writer).Encode(output); err != nil {
		fmt.Fprintf(os.Stderr, "go oracle: cannot write results: %v\n", err)
		os.Exit(2)
	}
	if err := writer.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "go oracle: cannot write results: %v\n", err)
		os.Exit(2)
	}
}
